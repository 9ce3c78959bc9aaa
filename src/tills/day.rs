//! Business days: which day a moment belongs to in a cinema's time zone (a day may run past
//! midnight: it starts at `cinema.business_day_starts_hour`), and closing one.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

/// The business date of `at` in `tz` for a day starting at `start_hour` local time.
pub fn business_date(at: DateTime<Utc>, tz: Tz, start_hour: u32) -> NaiveDate {
    (at.with_timezone(&tz) - Duration::hours(i64::from(start_hour))).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_night_sale_belongs_to_the_day_before_until_the_day_starts() {
        let tz: Tz = chrono_tz::Asia::Ho_Chi_Minh;
        let at = |h: u32, m: u32| {
            tz.with_ymd_and_hms(2026, 12, 2, h, m, 0)
                .single()
                .expect("time")
                .with_timezone(&Utc)
        };
        let d = |day: u32| NaiveDate::from_ymd_opt(2026, 12, day).expect("date");
        assert_eq!(
            business_date(at(1, 30), tz, 6),
            d(1),
            "01:30 is still Tuesday's"
        );
        assert_eq!(business_date(at(5, 59), tz, 6), d(1));
        assert_eq!(business_date(at(6, 0), tz, 6), d(2));
        assert_eq!(business_date(at(23, 59), tz, 6), d(2));
        assert_eq!(business_date(at(0, 0), tz, 0), d(2), "midnight days");
    }
}
