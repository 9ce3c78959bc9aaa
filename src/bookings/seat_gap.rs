//! The single-seat rule cinemas use: a booking may not leave one empty seat alone between
//! two taken seats of a row (nobody buys a lone seat wedged between strangers). Aisles and
//! the row's ends break adjacency, so a gap beside an aisle is fine. Taken means sold or
//! pending: other people's holds come and go and do not count.

use crate::cinemas::{SeatCondition, SeatFact};
use std::collections::{HashMap, HashSet};

/// The first seat that booking `mine` would leave empty on its own between taken seats
/// (`occupied`: sold or pending), one of them this booking's, if any.
pub fn lone_gap(
    seats: &[SeatFact],
    occupied: &HashSet<String>,
    mine: &HashSet<&str>,
) -> Option<String> {
    let at: HashMap<(&str, u32), &SeatFact> = seats
        .iter()
        .map(|s| ((s.row.as_str(), s.column), s))
        .collect();
    let full = |s: &SeatFact| occupied.contains(&s.id) || mine.contains(s.id.as_str());
    let mut gaps: Vec<&SeatFact> = seats
        .iter()
        .filter(|s| s.condition == SeatCondition::Active && !full(s) && s.column > 0)
        .filter(|s| {
            let left = at.get(&(s.row.as_str(), s.column - 1));
            let right = at.get(&(s.row.as_str(), s.column + 1));
            match (left, right) {
                (Some(l), Some(r)) => {
                    full(l)
                        && full(r)
                        && (mine.contains(l.id.as_str()) || mine.contains(r.id.as_str()))
                }
                _ => false,
            }
        })
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
        assert_eq!(lone_gap(&seats, &sold, &mine), Some("A2".into()));
        let mine: HashSet<&str> = ["a2", "a3"].into();
        assert_eq!(lone_gap(&seats, &sold, &mine), None, "next to each other");
        let mine: HashSet<&str> = ["a4"].into();
        assert_eq!(
            lone_gap(&seats, &sold, &mine),
            None,
            "two empty seats are fine"
        );
    }

    #[test]
    fn aisles_row_ends_and_other_peoples_gaps_do_not_count() {
        let seats = row();
        // A6 | aisle | A7: booking A7 beside the aisle leaves no lone seat.
        let mine: HashSet<&str> = ["a7"].into();
        assert_eq!(lone_gap(&seats, &set(&["a5"]), &mine), None);
        // A gap that others left (A2 between sold A1 and A3) is not this booking's doing.
        let mine: HashSet<&str> = ["a6"].into();
        assert_eq!(lone_gap(&seats, &set(&["a1", "a3"]), &mine), None);
        // Booking A2 and A4 around a free A3 is refused.
        let mine: HashSet<&str> = ["a2", "a4"].into();
        assert_eq!(lone_gap(&seats, &set(&[]), &mine), Some("A3".into()));
    }

    #[test]
    fn a_broken_seat_is_not_a_gap_to_fill() {
        let mut seats = row();
        seats[1].condition = SeatCondition::Broken;
        let mine: HashSet<&str> = ["a3"].into();
        assert_eq!(lone_gap(&seats, &set(&["a1"]), &mine), None);
    }
}
