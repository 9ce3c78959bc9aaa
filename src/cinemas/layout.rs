//! Layout description → seats. Pure: validation names the bad field (`layout.…`).
//!
//! ```json
//! {"rows": ["A","B","C","D","E","F","L"], "seats_per_row": 12, "row_seats": {"L": 8},
//!  "aisles_after": [3, 9],
//!  "seat_types": {"VIP": ["E","F"], "COUPLE": ["L"], "WHEELCHAIR": ["A1","A2"]}}
//! ```
//! Rows are front to back. `aisles_after` are gaps in the grid after those seat numbers (the
//! same in every row). Seat types go by whole row (`"E"`) or by seat (`"A1"`); a seat entry
//! wins over its row's. A COUPLE row pairs seats 1+2, 3+4, …: each half is its own seat
//! record linked to the other, so a couple seat takes two places. Capacity is the number of
//! seat records and is never typed in.

use super::{CinemasError, SeatType};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Most rows a hall may have.
pub const MAX_ROWS: usize = 40;
/// Most seats in one row.
pub const MAX_SEATS_PER_ROW: u32 = 60;

/// The layout description (API body field `layout`, CLI `--layout FILE`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutSpec {
    /// Row letters, front to back.
    pub rows: Vec<String>,
    /// Seats in a row unless `row_seats` says otherwise.
    pub seats_per_row: u32,
    /// Rows with a different seat count.
    #[serde(default)]
    pub row_seats: BTreeMap<String, u32>,
    /// Aisle gaps after these seat numbers.
    #[serde(default)]
    pub aisles_after: Vec<u32>,
    /// Seat type → rows ("E") or seats ("A1"); anything not listed is STANDARD.
    #[serde(default)]
    pub seat_types: BTreeMap<String, Vec<String>>,
}

/// One seat the layout produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSeat {
    /// Row letter.
    pub row: String,
    /// 0 = front row.
    pub row_index: u32,
    /// 1-based number within the row.
    pub number: u32,
    /// 0-based grid column counting aisle gaps.
    pub column: u32,
    /// Seat type.
    pub seat_type: SeatType,
    /// Index (in [`Plan::seats`]) of the other half of a couple seat.
    pub pair: Option<usize>,
}

/// Every seat of a hall, in grid order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Seats, row by row, by number.
    pub seats: Vec<PlannedSeat>,
    /// Row count.
    pub rows: u32,
    /// Width of the grid including aisle gaps.
    pub grid_columns: u32,
}

impl Plan {
    /// Count of seat records.
    pub fn capacity(&self) -> u32 {
        self.seats.len() as u32
    }
}

fn bad(field: impl Into<String>, problem: impl Into<String>) -> CinemasError {
    CinemasError::invalid(field, problem)
}

fn is_row_letter(s: &str) -> bool {
    (1..=2).contains(&s.len()) && s.chars().all(|c| c.is_ascii_uppercase())
}

/// Split "E12" into ("E", 12).
fn split_seat(s: &str) -> Option<(&str, u32)> {
    let at = s.find(|c: char| c.is_ascii_digit())?;
    let (row, num) = s.split_at(at);
    Some((row, num.parse().ok()?))
}

/// Validate a layout and lay out its seats.
pub fn plan(spec: &LayoutSpec) -> Result<Plan, CinemasError> {
    if spec.rows.is_empty() || spec.rows.len() > MAX_ROWS {
        return Err(bad(
            "layout.rows",
            format!("must list 1 to {MAX_ROWS} rows"),
        ));
    }
    let mut row_len: HashMap<&str, u32> = HashMap::new();
    for (i, r) in spec.rows.iter().enumerate() {
        if !is_row_letter(r) {
            return Err(bad(
                format!("layout.rows[{i}]"),
                "must be one or two capital letters",
            ));
        }
        if row_len.insert(r, spec.seats_per_row).is_some() {
            return Err(bad(
                format!("layout.rows[{i}]"),
                format!("row {r} is listed twice"),
            ));
        }
    }
    if !(1..=MAX_SEATS_PER_ROW).contains(&spec.seats_per_row) {
        return Err(bad(
            "layout.seats_per_row",
            format!("must be between 1 and {MAX_SEATS_PER_ROW}"),
        ));
    }
    for (r, n) in &spec.row_seats {
        let field = format!("layout.row_seats.{r}");
        let Some(len) = row_len.get_mut(r.as_str()) else {
            return Err(bad(field, format!("row {r} is not in rows")));
        };
        if !(1..=MAX_SEATS_PER_ROW).contains(n) {
            return Err(bad(
                field,
                format!("must be between 1 and {MAX_SEATS_PER_ROW}"),
            ));
        }
        *len = *n;
    }
    let widest = row_len.values().copied().max().unwrap_or(0);
    let mut aisles = spec.aisles_after.clone();
    for (i, a) in aisles.iter().enumerate() {
        if *a == 0 || *a >= widest {
            return Err(bad(
                format!("layout.aisles_after[{i}]"),
                format!(
                    "must be a seat number between 1 and {}",
                    widest.saturating_sub(1)
                ),
            ));
        }
    }
    aisles.sort_unstable();
    if aisles.windows(2).any(|w| w[0] == w[1]) {
        return Err(bad("layout.aisles_after", "lists a seat number twice"));
    }

    let mut by_row: HashMap<&str, SeatType> = HashMap::new();
    let mut by_seat: HashMap<(&str, u32), SeatType> = HashMap::new();
    for (code, entries) in &spec.seat_types {
        let Some(ty) = SeatType::parse(code) else {
            return Err(bad(
                format!("layout.seat_types.{code}"),
                format!("unknown seat type; allowed: {}", SeatType::codes()),
            ));
        };
        for (i, e) in entries.iter().enumerate() {
            let field = format!("layout.seat_types.{code}[{i}]");
            if let Some(len) = row_len.get(e.as_str()) {
                if ty == SeatType::Couple && len % 2 == 1 {
                    return Err(bad(
                        field,
                        format!("couple row {e} needs an even seat count"),
                    ));
                }
                if by_row.insert(e, ty).is_some() {
                    return Err(bad(field, format!("row {e} already has a seat type")));
                }
            } else if let Some((r, n)) = split_seat(e) {
                let Some(len) = row_len.get(r) else {
                    return Err(bad(field, format!("row {r} is not in rows")));
                };
                if n == 0 || n > *len {
                    return Err(bad(field, format!("row {r} has seats 1 to {len}")));
                }
                if ty == SeatType::Couple {
                    return Err(bad(field, "COUPLE applies to whole rows, e.g. \"L\""));
                }
                if by_seat.insert((r, n), ty).is_some() {
                    return Err(bad(field, format!("seat {e} already has a seat type")));
                }
            } else {
                return Err(bad(
                    field,
                    format!("`{e}` is neither a row nor a seat such as A1"),
                ));
            }
        }
    }
    for ((r, n), _) in by_seat.iter() {
        if by_row.get(r) == Some(&SeatType::Couple) {
            return Err(bad(
                "layout.seat_types",
                format!("seat {r}{n} is in couple row {r}; couple rows take no single seats"),
            ));
        }
    }

    let column = |n: u32| (n - 1) + aisles.iter().filter(|a| **a < n).count() as u32;
    let mut seats = Vec::new();
    let mut grid_columns = 0;
    for (ri, r) in spec.rows.iter().enumerate() {
        let len = row_len.get(r.as_str()).copied().unwrap_or(0);
        let row_type = by_row
            .get(r.as_str())
            .copied()
            .unwrap_or(SeatType::Standard);
        if row_type == SeatType::Couple {
            if let Some(a) = aisles.iter().find(|a| **a < len && *a % 2 == 1) {
                return Err(bad(
                    "layout.aisles_after",
                    format!("an aisle after seat {a} would split a couple seat in row {r}"),
                ));
            }
        }
        for n in 1..=len {
            let idx = seats.len();
            let pair =
                (row_type == SeatType::Couple).then(|| if n % 2 == 1 { idx + 1 } else { idx - 1 });
            seats.push(PlannedSeat {
                row: r.clone(),
                row_index: ri as u32,
                number: n,
                column: column(n),
                seat_type: by_seat.get(&(r.as_str(), n)).copied().unwrap_or(row_type),
                pair,
            });
        }
        grid_columns = grid_columns.max(column(len) + 1);
    }
    Ok(Plan {
        seats,
        rows: spec.rows.len() as u32,
        grid_columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(v: serde_json::Value) -> LayoutSpec {
        serde_json::from_value(v).expect("spec")
    }

    fn err(v: serde_json::Value) -> String {
        plan(&spec(v)).expect_err("refused").to_string()
    }

    #[test]
    fn aisles_couples_wheelchairs_and_capacity() {
        let p = plan(&spec(json!({
            "rows": ["A", "B", "L"], "seats_per_row": 6, "row_seats": {"L": 4},
            "aisles_after": [2],
            "seat_types": {"VIP": ["B"], "WHEELCHAIR": ["A1", "A2"], "COUPLE": ["L"]}
        })))
        .expect("plan");
        assert_eq!(p.capacity(), 16);
        assert_eq!(p.rows, 3);
        assert_eq!(p.grid_columns, 7, "6 seats + 1 aisle gap");
        let cols: Vec<u32> = p.seats[..6].iter().map(|s| s.column).collect();
        assert_eq!(cols, [0, 1, 3, 4, 5, 6]);
        assert_eq!(p.seats[0].seat_type, SeatType::Wheelchair);
        assert_eq!(p.seats[2].seat_type, SeatType::Standard);
        assert!(p.seats[6..12].iter().all(|s| s.seat_type == SeatType::Vip));
        let l: Vec<_> = p.seats[12..].iter().collect();
        assert!(l.iter().all(|s| s.seat_type == SeatType::Couple));
        assert_eq!(l[0].pair, Some(13));
        assert_eq!(l[1].pair, Some(12));
        assert_eq!(l[2].pair, Some(15));
        assert_eq!(l[3].pair, Some(14));
        assert!(p.seats[..12].iter().all(|s| s.pair.is_none()));
    }

    #[test]
    fn bad_layouts_name_the_field() {
        let cases = [
            (json!({"rows": [], "seats_per_row": 5}), "layout.rows"),
            (json!({"rows": ["a"], "seats_per_row": 5}), "layout.rows[0]"),
            (
                json!({"rows": ["A", "A"], "seats_per_row": 5}),
                "layout.rows[1]",
            ),
            (
                json!({"rows": ["A"], "seats_per_row": 0}),
                "layout.seats_per_row",
            ),
            (
                json!({"rows": ["A"], "seats_per_row": 5, "aisles_after": [5]}),
                "layout.aisles_after[0]",
            ),
            (
                json!({"rows": ["A"], "seats_per_row": 5, "row_seats": {"B": 3}}),
                "layout.row_seats.B",
            ),
            (
                json!({"rows": ["A"], "seats_per_row": 5, "seat_types": {"GOLD": ["A"]}}),
                "layout.seat_types.GOLD",
            ),
            (
                json!({"rows": ["A"], "seats_per_row": 5, "seat_types": {"VIP": ["Z"]}}),
                "layout.seat_types.VIP[0]",
            ),
            (
                json!({"rows": ["A"], "seats_per_row": 5, "seat_types": {"VIP": ["A9"]}}),
                "layout.seat_types.VIP[0]",
            ),
            (
                json!({"rows": ["A"], "seats_per_row": 5, "seat_types": {"COUPLE": ["A"]}}),
                "layout.seat_types.COUPLE[0]",
            ),
            (
                json!({"rows": ["A"], "seats_per_row": 6, "seat_types": {"VIP": ["A"], "PREMIUM": ["A"]}}),
                "layout.seat_types.VIP[0]",
            ),
            (
                json!({"rows": ["A"], "seats_per_row": 6, "aisles_after": [3], "seat_types": {"COUPLE": ["A"]}}),
                "layout.aisles_after",
            ),
        ];
        for (v, field) in cases {
            let msg = err(v.clone());
            assert!(msg.starts_with(field), "{v} -> {msg}");
        }
    }
}
