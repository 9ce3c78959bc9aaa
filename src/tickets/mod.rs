//! Tickets: unguessable ticket codes, Ed25519-signed QR payloads a scanner can check offline,
//! and QR images. This part is pure (no database); issuing and check-in build on it.
//!
//! - [`TicketCode`]: 130 random bits from the OS, typed as `XXXX-XXXX-…` (Crockford base32)
//!   with a 2-symbol check so a mistyped code is caught at the door before any lookup.
//! - [`TicketSigner`] / [`TicketVerifier`]: `MH1.<payload>.<signature>` QR text.
//! - [`qr_svg`] / [`qr_png`]: the QR image of that text.

pub mod checkin;
pub mod issue;
mod qr;
pub mod routes;
mod service;
mod sign;
pub mod store;

pub use qr::{qr_png, qr_svg, QR_QUIET_ZONE};
pub use service::Tickets;
pub use sign::{TicketClaims, TicketSigError, TicketSigner, TicketVerifier, QR_PREFIX};

use rand::RngCore;
use serde::{Deserialize, Serialize};

/// Errors of the tickets domain.
#[derive(Debug, thiserror::Error)]
pub enum TicketsError {
    /// A ticket code typed or scanned that cannot be one of ours.
    #[error("code: {0}")]
    InvalidCode(&'static str),
    /// The text does not fit in a QR symbol.
    #[error("qr: text too long for a QR code")]
    QrTooLong,
    /// A QR image could not be produced.
    #[error("qr: {0}")]
    Image(String),
    /// No such ticket (or not visible to the caller).
    #[error("ticket {0} not found")]
    NotFound(String),
    /// The ticket's booking could not be read.
    #[error(transparent)]
    Booking(#[from] crate::bookings::BookingsError),
    /// Storage failure.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<rusqlite::Error> for TicketsError {
    fn from(e: rusqlite::Error) -> Self {
        TicketsError::Db(e.into())
    }
}

/// Crockford's base32 alphabet: no I, L, O or U, so codes read aloud are unambiguous.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random symbols per code: 26 × 5 = 130 bits.
const DATA_SYMBOLS: usize = 26;
/// Symbols per code including the 2 check symbols.
const CODE_SYMBOLS: usize = DATA_SYMBOLS + 2;
/// Symbols per dash-separated group.
const GROUP: usize = 4;
/// The check value is a weighted sum modulo this prime (< 32², so it fits 2 symbols). With a
/// prime modulus and weights 1..=26 every single substitution and every swap of two adjacent
/// different symbols changes the sum, so both typos are always caught.
const CHECK_MODULUS: u32 = 1021;

/// A ticket's code, canonical form `7KQ2-M9XD-…` (7 groups of 4 Crockford symbols): 26
/// random symbols (130 bits from the OS RNG) and 2 check symbols. URL-safe as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
pub struct TicketCode(String);

impl TicketCode {
    /// A new random code.
    pub fn generate() -> TicketCode {
        let mut random = [0u8; DATA_SYMBOLS];
        rand::rngs::OsRng.fill_bytes(&mut random);
        // 256 is a multiple of 32, so the low 5 bits of a uniform byte are uniform.
        let values: Vec<u8> = random.iter().map(|b| b & 31).collect();
        TicketCode::from_data(&values)
    }

    /// Read a code as typed at a door or scanned: case, dashes and spaces do not matter and
    /// Crockford's look-alikes are accepted (`O` → `0`, `I`/`L` → `1`).
    pub fn parse(text: &str) -> Result<TicketCode, TicketsError> {
        let mut values = Vec::with_capacity(CODE_SYMBOLS);
        for c in text.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            values.push(symbol_value(c).ok_or(TicketsError::InvalidCode(
                "only letters and digits of the ticket code",
            ))?);
        }
        if values.len() != CODE_SYMBOLS {
            return Err(TicketsError::InvalidCode("must be 28 letters and digits"));
        }
        let (data, check) = values.split_at(DATA_SYMBOLS);
        if check_symbols(data) != [check[0], check[1]] {
            return Err(TicketsError::InvalidCode(
                "is mistyped (check symbols do not match)",
            ));
        }
        Ok(TicketCode::from_data(data))
    }

    /// The canonical form with dashes.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 28 symbols without dashes (what the QR payload carries).
    pub fn compact(&self) -> String {
        self.0.replace('-', "")
    }

    /// Canonical text from the 26 data values (each < 32).
    fn from_data(data: &[u8]) -> TicketCode {
        let check = check_symbols(data);
        let mut out = String::with_capacity(CODE_SYMBOLS + CODE_SYMBOLS / GROUP);
        for (i, v) in data.iter().chain(check.iter()).enumerate() {
            if i > 0 && i % GROUP == 0 {
                out.push('-');
            }
            out.push(char::from(ALPHABET[usize::from(*v & 31)]));
        }
        TicketCode(out)
    }
}

/// Two check symbols: Σ (i+1)·vᵢ mod 1021, as high and low base-32 digits.
fn check_symbols(data: &[u8]) -> [u8; 2] {
    let sum = data.iter().zip(1u32..).fold(0u32, |acc, (v, w)| {
        (acc + w * u32::from(*v)) % CHECK_MODULUS
    });
    // sum < 1021 < 1024, so both digits are < 32.
    [(sum / 32) as u8, (sum % 32) as u8]
}

/// The value of one typed symbol, with Crockford's substitutions.
fn symbol_value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    ALPHABET
        .iter()
        .position(|&a| char::from(a) == c)
        .and_then(|p| u8::try_from(p).ok())
}

impl std::fmt::Display for TicketCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for TicketCode {
    type Error = TicketsError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        TicketCode::parse(&s)
    }
}

impl From<TicketCode> for String {
    fn from(c: TicketCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn generated_codes_have_the_canonical_shape() {
        let code = TicketCode::generate();
        let s = code.as_str();
        assert_eq!(s.len(), 34, "{s}");
        let groups: Vec<&str> = s.split('-').collect();
        assert_eq!(groups.len(), 7);
        assert!(groups.iter().all(|g| g.len() == 4));
        assert!(code.compact().bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(TicketCode::parse(s).ok(), Some(code));
    }

    #[test]
    fn codes_do_not_repeat() {
        let codes: HashSet<String> = (0..2000)
            .map(|_| TicketCode::generate().compact())
            .collect();
        assert_eq!(codes.len(), 2000);
    }

    #[test]
    fn manual_entry_is_normalised() {
        let code = TicketCode::generate();
        let canonical = code.as_str().to_string();
        let lower_no_dashes = code.compact().to_lowercase();
        assert_eq!(TicketCode::parse(&lower_no_dashes).ok(), Some(code.clone()));
        let spaced = canonical.replace('-', " ");
        assert_eq!(
            TicketCode::parse(&format!("  {spaced} \n")).ok(),
            Some(code.clone())
        );
        // Crockford look-alikes.
        let lookalike = canonical.replace('0', "o").replace('1', "l");
        assert_eq!(TicketCode::parse(&lookalike).ok(), Some(code));
    }

    #[test]
    fn known_code_round_trips() {
        let data: Vec<u8> = (0..26).collect();
        let code = TicketCode::from_data(&data);
        // Σ (i+1)·i for i < 26 = 5850; 5850 mod 1021 = 745 = 23·32 + 9 → "Q9".
        assert_eq!(code.as_str(), "0123-4567-89AB-CDEF-GHJK-MNPQ-RSQ9");
        assert_eq!(
            TicketCode::parse("0123456789abcdefghjkmnpqrsq9").ok(),
            Some(code)
        );
    }

    #[test]
    fn every_single_typo_and_adjacent_swap_is_caught() {
        let code = TicketCode::generate().compact().into_bytes();
        for i in 0..code.len() {
            for &other in ALPHABET.iter().filter(|&&a| a != code[i]) {
                let mut typo = code.clone();
                typo[i] = other;
                let text = String::from_utf8(typo).expect("ascii");
                assert!(TicketCode::parse(&text).is_err(), "{text}");
            }
        }
        for i in 0..DATA_SYMBOLS - 1 {
            if code[i] == code[i + 1] {
                continue;
            }
            let mut swapped = code.clone();
            swapped.swap(i, i + 1);
            let text = String::from_utf8(swapped).expect("ascii");
            assert!(TicketCode::parse(&text).is_err(), "{text}");
        }
    }

    #[test]
    fn wrong_inputs_are_refused() {
        let code = TicketCode::generate().compact();
        assert!(TicketCode::parse(&code[..27]).is_err());
        assert!(TicketCode::parse(&format!("{code}0")).is_err());
        assert!(TicketCode::parse("").is_err());
        let with_u = format!("U{}", &code[1..]);
        assert!(TicketCode::parse(&with_u).is_err());
        let with_slash = format!("{}/{}", &code[..4], &code[4..]);
        assert!(TicketCode::parse(&with_slash).is_err());
    }

    #[test]
    fn serde_uses_the_canonical_text_and_validates() {
        let code = TicketCode::generate();
        let json = serde_json::to_string(&code).expect("json");
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        let back: TicketCode =
            serde_json::from_str(&json.to_lowercase()).expect("lowercase accepted");
        assert_eq!(back, code);
        assert!(serde_json::from_str::<TicketCode>("\"ABCD\"").is_err());
    }
}

/// A ticket as the API shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Ticket {
    pub id: String,
    /// The code an usher can type.
    pub code: String,
    pub booking_id: String,
    pub showtime_id: String,
    pub seat_id: String,
    pub seat_label: String,
    /// VALID, USED or CANCELLED.
    pub status: String,
    pub used_at: Option<String>,
    pub used_door: Option<String>,
    pub created_at: String,
    /// Signed text to put in the QR code.
    pub qr_payload: String,
}
