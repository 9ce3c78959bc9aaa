//! Dates and times as the pages write them: `dd/mm/yyyy`, 24-hour `HH:MM`, the weekday in
//! the visitor's language, and "today" / "tomorrow" for the next days.

use super::{text, Lang};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

/// The weekday's name ("Thứ Hai", "Monday").
pub fn weekday(lang: Lang, day: Weekday) -> String {
    let key = match day {
        Weekday::Mon => "weekday-mon",
        Weekday::Tue => "weekday-tue",
        Weekday::Wed => "weekday-wed",
        Weekday::Thu => "weekday-thu",
        Weekday::Fri => "weekday-fri",
        Weekday::Sat => "weekday-sat",
        Weekday::Sun => "weekday-sun",
    };
    text(lang, key, &[])
}

/// `02/12/2026`.
pub fn short_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `Thứ Tư, 02/12/2026`.
pub fn long_date(lang: Lang, date: NaiveDate) -> String {
    format!("{}, {}", weekday(lang, date.weekday()), short_date(date))
}

/// `19:30`.
pub fn time_of_day(at: NaiveDateTime) -> String {
    at.format("%H:%M").to_string()
}

/// A day relative to `today`: "Hôm nay", "Ngày mai", else the weekday and `dd/mm`.
pub fn day_label(lang: Lang, date: NaiveDate, today: NaiveDate) -> String {
    match (date - today).num_days() {
        0 => text(lang, "day-today", &[]),
        1 => text(lang, "day-tomorrow", &[]),
        _ => format!("{} {}", weekday(lang, date.weekday()), date.format("%d/%m")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn vietnamese_and_english_days() {
        let today = d(2026, 12, 2);
        assert_eq!(day_label(Lang::Vi, today, today), "Hôm nay");
        assert_eq!(day_label(Lang::Vi, d(2026, 12, 3), today), "Ngày mai");
        assert_eq!(day_label(Lang::Vi, d(2026, 12, 6), today), "Chủ Nhật 06/12");
        assert_eq!(day_label(Lang::En, d(2026, 12, 3), today), "Tomorrow");
        assert_eq!(day_label(Lang::En, d(2026, 12, 5), today), "Saturday 05/12");
        assert_eq!(long_date(Lang::Vi, today), "Thứ Tư, 02/12/2026");
        assert_eq!(long_date(Lang::En, today), "Wednesday, 02/12/2026");
    }
}
