//! Day type and ticket price resolution. Pure.
//!
//! A showtime's day type comes from its LOCAL start date (the cinema's time zone): a date in
//! the holiday calendar is HOLIDAY, else Saturday/Sunday is WEEKEND, else WEEKDAY. Its price
//! for a seat is the hall's price for (seat type, day type); a hall missing one of the
//! combinations its seats need cannot have showtimes on that day type.

use super::{DayType, Price, SeatType};
use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The business date of an instant in a time zone.
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// Day type of a local date.
pub fn day_type(date: NaiveDate, holidays: &HashSet<NaiveDate>) -> DayType {
    if holidays.contains(&date) {
        DayType::Holiday
    } else if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        DayType::Weekend
    } else {
        DayType::Weekday
    }
}

/// A hall's price table.
#[derive(Debug, Clone, Default)]
pub struct PriceTable(HashMap<(SeatType, DayType), i64>);

impl PriceTable {
    /// Build from stored rows.
    pub fn new(prices: &[Price]) -> PriceTable {
        PriceTable(
            prices
                .iter()
                .map(|p| ((p.seat_type, p.day_type), p.price))
                .collect(),
        )
    }

    /// The price of one seat type on one day type.
    pub fn price(&self, seat: SeatType, day: DayType) -> Option<i64> {
        self.0.get(&(seat, day)).copied()
    }

    /// The combinations a hall with these seat types lacks on this day type, as
    /// "hall NAME has no price for VIP on WEEKEND".
    pub fn missing(
        &self,
        hall_name: &str,
        seat_types: &BTreeSet<SeatType>,
        day: DayType,
    ) -> Vec<String> {
        seat_types
            .iter()
            .filter(|t| self.price(**t, day).is_none())
            .map(|t| format!("hall {hall_name} has no price for {t} on {day}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn table() -> PriceTable {
        use DayType::*;
        use SeatType::*;
        let rows = [
            (Standard, Weekday, 90_000),
            (Standard, Weekend, 110_000),
            (Standard, Holiday, 130_000),
            (Vip, Weekday, 120_000),
            (Vip, Weekend, 150_000),
            (Vip, Holiday, 170_000),
        ];
        PriceTable::new(
            &rows
                .iter()
                .map(|(s, dt, p)| Price {
                    seat_type: *s,
                    day_type: *dt,
                    price: *p,
                })
                .collect::<Vec<_>>(),
        )
    }

    #[rstest]
    #[case::tuesday("2026-11-24", SeatType::Standard, DayType::Weekday, 90_000)]
    #[case::friday("2026-11-27", SeatType::Vip, DayType::Weekday, 120_000)]
    #[case::saturday("2026-11-28", SeatType::Standard, DayType::Weekend, 110_000)]
    #[case::sunday("2026-11-29", SeatType::Vip, DayType::Weekend, 150_000)]
    #[case::holiday_on_a_weekday("2026-09-02", SeatType::Standard, DayType::Holiday, 130_000)]
    #[case::holiday_beats_weekend("2027-01-02", SeatType::Vip, DayType::Holiday, 170_000)]
    fn day_type_then_price(
        #[case] date: &str,
        #[case] seat: SeatType,
        #[case] expected_day: DayType,
        #[case] expected_price: i64,
    ) {
        let holidays: HashSet<NaiveDate> = [d("2026-09-02"), d("2027-01-02")].into();
        let day = day_type(d(date), &holidays);
        assert_eq!(day, expected_day);
        assert_eq!(table().price(seat, day), Some(expected_price));
    }

    #[rstest]
    // 2026-11-27 23:30 Friday in Ho Chi Minh City is 16:30 UTC; 2026-11-27 17:30 UTC is
    // already Saturday 00:30 there.
    #[case("2026-11-27T16:30:00Z", DayType::Weekday)]
    #[case("2026-11-27T17:30:00Z", DayType::Weekend)]
    fn day_type_uses_the_local_date(#[case] at: &str, #[case] expected: DayType) {
        let at: DateTime<Utc> = at.parse().expect("instant");
        let date = local_date(at, chrono_tz::Asia::Ho_Chi_Minh);
        assert_eq!(day_type(date, &HashSet::new()), expected);
    }

    #[test]
    fn missing_combinations_are_named() {
        let types: BTreeSet<SeatType> = [SeatType::Standard, SeatType::Couple].into();
        assert!(table()
            .missing("Hall 1", &[SeatType::Standard].into(), DayType::Weekend)
            .is_empty());
        assert_eq!(
            table().missing("IMAX 1", &types, DayType::Weekend),
            ["hall IMAX 1 has no price for COUPLE on WEEKEND"]
        );
    }
}
