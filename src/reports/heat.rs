//! The seat heat map of a hall: which seats sell, and which sell first. For every showtime
//! in the range, its sold seats are put in the order they were confirmed; a seat sold first
//! of n scores 1, the last 1/n, an unsold seat 0. A seat's score is its mean over the
//! showtimes, so a seat that always goes first scores 1 and one never sold scores 0.

use super::store::SeatSold;
use std::collections::HashMap;

/// One seat's figures over the range.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatHeat {
    /// Showtimes in which the seat was sold.
    pub sold: u32,
    /// Mean position among the seats sold (1 = first), over the showtimes it sold in.
    pub mean_order: f64,
    /// 0..=1 as described above.
    pub score: f64,
}

/// Heat of every seat that sold at least once, over `showtimes` showtimes.
pub fn heat(showtimes: usize, sold: &[SeatSold]) -> HashMap<String, SeatHeat> {
    let mut by_show: HashMap<&str, Vec<&SeatSold>> = HashMap::new();
    for s in sold {
        by_show.entry(s.showtime_id.as_str()).or_default().push(s);
    }
    let mut acc: HashMap<String, (u32, f64, f64)> = HashMap::new();
    for list in by_show.values_mut() {
        list.sort_by(|a, b| {
            a.confirmed_at
                .cmp(&b.confirmed_at)
                .then(a.seat_id.cmp(&b.seat_id))
        });
        let n = list.len() as f64;
        // Seats confirmed together (one booking) share the earliest place.
        let mut place = 0usize;
        for (i, s) in list.iter().enumerate() {
            if i == 0 || list[i - 1].confirmed_at != s.confirmed_at {
                place = i;
            }
            let e = acc.entry(s.seat_id.clone()).or_default();
            e.0 += 1;
            e.1 += (place + 1) as f64;
            e.2 += (n - place as f64) / n;
        }
    }
    let shows = showtimes.max(1) as f64;
    acc.into_iter()
        .map(|(seat, (count, order, score))| {
            (
                seat,
                SeatHeat {
                    sold: count,
                    mean_order: order / f64::from(count),
                    score: score / shows,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sold(show: &str, seat: &str, at: &str) -> SeatSold {
        SeatSold {
            showtime_id: show.into(),
            seat_id: seat.into(),
            confirmed_at: at.into(),
        }
    }

    #[test]
    fn the_seat_sold_first_every_time_scores_one_and_unsold_seats_are_absent() {
        let list = vec![
            sold("s1", "E5", "2026-12-01T10:00:00Z"),
            sold("s1", "A1", "2026-12-01T11:00:00Z"),
            sold("s2", "E5", "2026-12-02T09:00:00Z"),
            sold("s2", "B2", "2026-12-02T09:30:00Z"),
        ];
        let h = heat(2, &list);
        assert_eq!(h["E5"].sold, 2);
        assert!((h["E5"].score - 1.0).abs() < 1e-9);
        assert!((h["E5"].mean_order - 1.0).abs() < 1e-9);
        // A1: second of two in one showtime of two: (1/2) / 2.
        assert!((h["A1"].score - 0.25).abs() < 1e-9);
        assert!(!h.contains_key("C3"));
    }

    #[test]
    fn seats_of_one_booking_share_their_place() {
        let list = vec![
            sold("s1", "E5", "2026-12-01T10:00:00Z"),
            sold("s1", "E6", "2026-12-01T10:00:00Z"),
            sold("s1", "A1", "2026-12-01T11:00:00Z"),
        ];
        let h = heat(1, &list);
        assert_eq!(h["E5"].score, h["E6"].score);
        assert!(h["E6"].score > h["A1"].score);
        assert!((h["A1"].mean_order - 3.0).abs() < 1e-9);
    }

    #[test]
    fn a_showtime_without_sales_lowers_every_score() {
        let list = vec![sold("s1", "E5", "2026-12-01T10:00:00Z")];
        assert!((heat(1, &list)["E5"].score - 1.0).abs() < 1e-9);
        assert!((heat(4, &list)["E5"].score - 0.25).abs() < 1e-9);
    }
}
