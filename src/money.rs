//! [`Vnd`]: money as Vietnamese đồng, written the Vietnamese way.

use serde::Serialize;

/// An amount of Vietnamese đồng (integer; the currency has no minor unit in use).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default, utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct Vnd(pub i64);

impl Vnd {
    /// Zero đồng.
    pub const ZERO: Vnd = Vnd(0);

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_add(other.0).map(Vnd)
    }

    /// `self - other`, or `None` on overflow.
    pub fn checked_sub(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_sub(other.0).map(Vnd)
    }
}

impl std::fmt::Display for Vnd {
    /// As Vietnamese write it: `120.000 ₫`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.0.unsigned_abs().to_string();
        if self.0 < 0 {
            f.write_str("-")?;
        }
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                f.write_str(".")?;
            }
            write!(f, "{ch}")?;
        }
        f.write_str(" ₫")
    }
}

#[cfg(test)]
mod tests {
    use super::Vnd;

    #[test]
    fn vnd_is_written_the_vietnamese_way() {
        assert_eq!(Vnd(85_000).to_string(), "85.000 ₫");
        assert_eq!(Vnd(1_250_000).to_string(), "1.250.000 ₫");
        assert_eq!(Vnd(0).to_string(), "0 ₫");
        assert_eq!(Vnd(-20_000).to_string(), "-20.000 ₫");
        assert_eq!(Vnd(i64::MAX).checked_add(Vnd(1)), None);
        assert_eq!(Vnd(5).checked_sub(Vnd(7)), Some(Vnd(-2)));
    }
}
