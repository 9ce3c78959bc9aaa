//! Scheduling rules, pure: showtime status from the clock, daily schedules → start instants,
//! the overlap rule.

use super::{CinemasError, ShowtimeStatus};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Most showtimes one batch may create.
pub const MAX_BATCH: usize = 500;

/// Status of a showtime at `now`. CANCELLED wins; then COMPLETED once it has ended;
/// SCHEDULED until sales open `sales_open_days` before the start; in the selling window
/// SOLD_OUT when no seat is left, else SELLING.
pub fn status_at(
    now: DateTime<Utc>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    sales_open_days: u32,
    cancelled: bool,
    available: u32,
) -> ShowtimeStatus {
    if cancelled {
        ShowtimeStatus::Cancelled
    } else if now >= end {
        ShowtimeStatus::Completed
    } else if now < start - Duration::days(i64::from(sales_open_days)) {
        ShowtimeStatus::Scheduled
    } else if available == 0 {
        ShowtimeStatus::SoldOut
    } else {
        ShowtimeStatus::Selling
    }
}

/// Start instants of a daily schedule: every `times` (local) on every date from `from` to
/// `to` inclusive, in the cinema's time zone.
pub fn expand_daily(
    from: NaiveDate,
    to: NaiveDate,
    times: &[NaiveTime],
    tz: Tz,
) -> Result<Vec<DateTime<Utc>>, CinemasError> {
    if to < from {
        return Err(CinemasError::invalid(
            "daily.to_date",
            "must not be before from_date",
        ));
    }
    if times.is_empty() {
        return Err(CinemasError::invalid(
            "daily.times",
            "must list at least one time",
        ));
    }
    let days = (to - from).num_days() + 1;
    if days as usize * times.len() > MAX_BATCH {
        return Err(CinemasError::invalid(
            "daily",
            format!("would create more than {MAX_BATCH} showtimes"),
        ));
    }
    let mut out = Vec::new();
    for date in from.iter_days().take(days as usize) {
        for (i, t) in times.iter().enumerate() {
            let local = tz.from_local_datetime(&date.and_time(*t)).earliest();
            let Some(local) = local else {
                return Err(CinemasError::invalid(
                    format!("daily.times[{i}]"),
                    format!("{t} does not exist on {date} in {tz}"),
                ));
            };
            out.push(local.with_timezone(&Utc));
        }
    }
    Ok(out)
}

/// A showtime already in the hall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booked {
    /// Showtime id.
    pub id: String,
    /// Movie id.
    pub movie_id: String,
    /// Start.
    pub start: DateTime<Utc>,
    /// End (including cleaning).
    pub end: DateTime<Utc>,
}

/// A refused start time and what it clashes with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The refused start.
    pub start: DateTime<Utc>,
    /// The existing showtime it overlaps; `None` when it overlaps another start of the batch.
    pub with: Option<Booked>,
    /// Start of the other slot in the batch, when `with` is `None`.
    pub batch_start: Option<DateTime<Utc>>,
}

/// Two half-open intervals [start, end) overlap; touching ends do not.
fn overlaps(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Every clash of the new slots (start, end) with the hall's showtimes and with each other.
pub fn clashes(new: &[(DateTime<Utc>, DateTime<Utc>)], existing: &[Booked]) -> Vec<Clash> {
    let mut out = Vec::new();
    for (i, slot) in new.iter().enumerate() {
        for b in existing {
            if overlaps(*slot, (b.start, b.end)) {
                out.push(Clash {
                    start: slot.0,
                    with: Some(b.clone()),
                    batch_start: None,
                });
            }
        }
        for other in &new[..i] {
            if overlaps(*slot, *other) {
                out.push(Clash {
                    start: slot.0,
                    with: None,
                    batch_start: Some(other.0),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    #[test]
    fn status_follows_the_clock_and_stored_facts() {
        let start = t("2026-12-10T12:00:00Z");
        let end = t("2026-12-10T14:15:00Z");
        let at = |now: &str, cancelled, avail| status_at(t(now), start, end, 7, cancelled, avail);
        use ShowtimeStatus::*;
        assert_eq!(at("2026-12-03T11:59:59Z", false, 10), Scheduled);
        assert_eq!(at("2026-12-03T12:00:00Z", false, 10), Selling);
        assert_eq!(at("2026-12-10T13:00:00Z", false, 10), Selling);
        assert_eq!(at("2026-12-10T13:00:00Z", false, 0), SoldOut);
        assert_eq!(at("2026-12-10T14:15:00Z", false, 10), Completed);
        assert_eq!(at("2026-12-10T14:15:00Z", false, 0), Completed);
        assert_eq!(at("2026-12-01T00:00:00Z", true, 10), Cancelled);
        assert_eq!(at("2027-01-01T00:00:00Z", true, 10), Cancelled);
    }

    #[test]
    fn adjacent_is_fine_one_minute_overlap_is_not() {
        let b = Booked {
            id: "s1".into(),
            movie_id: "m".into(),
            start: t("2026-12-10T10:00:00Z"),
            end: t("2026-12-10T12:00:00Z"),
        };
        let adjacent = [(t("2026-12-10T12:00:00Z"), t("2026-12-10T14:00:00Z"))];
        assert!(clashes(&adjacent, std::slice::from_ref(&b)).is_empty());
        let before = [(t("2026-12-10T08:00:00Z"), t("2026-12-10T10:00:00Z"))];
        assert!(clashes(&before, std::slice::from_ref(&b)).is_empty());
        let minute = [(t("2026-12-10T11:59:00Z"), t("2026-12-10T13:59:00Z"))];
        let c = clashes(&minute, std::slice::from_ref(&b));
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].with.as_ref().map(|w| w.id.as_str()), Some("s1"));
    }

    #[test]
    fn clashes_within_the_batch_are_reported() {
        let new = [
            (t("2026-12-10T10:00:00Z"), t("2026-12-10T12:00:00Z")),
            (t("2026-12-10T11:00:00Z"), t("2026-12-10T13:00:00Z")),
            (t("2026-12-10T13:00:00Z"), t("2026-12-10T15:00:00Z")),
        ];
        let c = clashes(&new, &[]);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].start, new[1].0);
        assert_eq!(c[0].batch_start, Some(new[0].0));
    }

    #[test]
    fn daily_schedule_in_local_time() {
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        let times = ["10:00", "13:30"].map(|s| s.parse::<NaiveTime>().expect("time"));
        let out = expand_daily(
            d("2026-11-25"),
            d("2026-11-26"),
            &times,
            chrono_tz::Asia::Ho_Chi_Minh,
        )
        .expect("expand");
        assert_eq!(
            out,
            [
                t("2026-11-25T03:00:00Z"),
                t("2026-11-25T06:30:00Z"),
                t("2026-11-26T03:00:00Z"),
                t("2026-11-26T06:30:00Z")
            ]
        );
        let e = expand_daily(d("2026-11-26"), d("2026-11-25"), &times, chrono_tz::UTC);
        assert!(e
            .expect_err("refused")
            .to_string()
            .starts_with("daily.to_date"));
    }
}
