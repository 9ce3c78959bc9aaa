//! The single-seat rule cinemas use: a booking may not leave one empty seat alone between
//! two taken seats of a row (nobody buys a lone seat wedged between strangers). Aisles and
//! the row's ends break adjacency, so a gap beside an aisle is fine. Taken means sold or
//! pending: other people's holds come and go and do not count.

use crate::cinemas::{SeatCondition, SeatFact};
use std::collections::HashSet;

/// The first seat that booking `mine` would leave empty on its own between taken seats
/// (`taken`: sold or pending), one of them this booking's, if any. Only the rows of the
/// booking are looked at, and nothing is allocated per seat of the hall.
pub fn lone_gap(
    seats: &[SeatFact],
    taken: &dyn Fn(&str) -> bool,
    mine: &HashSet<&str>,
) -> Option<String> {
    let rows: Vec<&str> = seats
        .iter()
        .filter(|s| mine.contains(s.id.as_str()))
        .map(|s| s.row.as_str())
        .collect();
    let in_rows: Vec<&SeatFact> = seats
        .iter()
        .filter(|s| rows.contains(&s.row.as_str()))
        .collect();
    let at = |row: &str, column: u32| {
        in_rows
            .iter()
            .find(|s| s.row == row && s.column == column)
            .copied()
    };
    let is_mine = |s: &SeatFact| mine.contains(s.id.as_str());
    let full = |s: &SeatFact| is_mine(s) || taken(&s.id);
    let mut gaps: Vec<&SeatFact> = in_rows
        .iter()
        .copied()
        .filter(|s| s.condition == SeatCondition::Active && !full(s) && s.column > 0)
        .filter(
            |s| match (at(&s.row, s.column - 1), at(&s.row, s.column + 1)) {
                (Some(l), Some(r)) => full(l) && full(r) && (is_mine(l) || is_mine(r)),
                _ => false,
            },
        )
        .collect();
    gaps.sort_by(|a, b| (&a.row, a.number).cmp(&(&b.row, b.number)));
    gaps.first().map(|s| s.label.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cinemas::SeatType;

    /// Row A: seats 1-6 in columns 0-5, an aisle, seats 7-8 in columns 7-8.
    fn row() -> Vec<SeatFact> {
        let cols = [0, 1, 2, 3, 4, 5, 7, 8];
        cols.iter()
            .enumerate()
            .map(|(i, c)| SeatFact {
                id: format!("a{}", i + 1),
                label: format!("A{}", i + 1),
                row: "A".into(),
                number: i as u32 + 1,
                column: *c,
                seat_type: SeatType::Standard,
                condition: SeatCondition::Active,
                couple_with: None,
                price: 85_000,
            })
            .collect()
    }

    fn set(ids: &[&str]) -> HashSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_lone_seat_between_my_seat_and_a_sold_one_is_refused() {
        let seats = row();
        let sold = set(&["a1"]);
        let mine: HashSet<&str> = ["a3"].into();
        assert_eq!(
            lone_gap(&seats, &|id: &str| sold.contains(id), &mine),
            Some("A2".into())
        );
        let mine: HashSet<&str> = ["a2", "a3"].into();
        assert_eq!(
            lone_gap(&seats, &|id: &str| sold.contains(id), &mine),
            None,
            "next to each other"
        );
        let mine: HashSet<&str> = ["a4"].into();
        assert_eq!(
            lone_gap(&seats, &|id: &str| sold.contains(id), &mine),
            None,
            "two empty seats are fine"
        );
    }

    #[test]
    fn aisles_row_ends_and_other_peoples_gaps_do_not_count() {
        let seats = row();
        // A6 | aisle | A7: booking A7 beside the aisle leaves no lone seat.
        let mine: HashSet<&str> = ["a7"].into();
        assert_eq!(
            lone_gap(&seats, &|id: &str| set(&["a5"]).contains(id), &mine),
            None
        );
        // A gap that others left (A2 between sold A1 and A3) is not this booking's doing.
        let mine: HashSet<&str> = ["a6"].into();
        assert_eq!(
            lone_gap(&seats, &|id: &str| set(&["a1", "a3"]).contains(id), &mine),
            None
        );
        // Booking A2 and A4 around a free A3 is refused.
        let mine: HashSet<&str> = ["a2", "a4"].into();
        assert_eq!(
            lone_gap(&seats, &|id: &str| set(&[]).contains(id), &mine),
            Some("A3".into())
        );
    }

    #[test]
    fn a_broken_seat_is_not_a_gap_to_fill() {
        let mut seats = row();
        seats[1].condition = SeatCondition::Broken;
        let mine: HashSet<&str> = ["a3"].into();
        assert_eq!(
            lone_gap(&seats, &|id: &str| set(&["a1"]).contains(id), &mine),
            None
        );
    }
}
