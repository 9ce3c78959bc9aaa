use super::*;
use crate::bookings::{BookingConcession, BookingSeat, BookingStatus, Channel};
use chrono::{Duration, TimeZone};
use rstest::rstest;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 20, 12, 0, 0)
        .single()
        .expect("time")
}

fn booking(discount: i64, points: i64) -> Booking {
    let seats = vec![
        BookingSeat {
            seat_id: "a".into(),
            seat_label: "E7".into(),
            seat_type: "STANDARD".into(),
            price: 100_000,
        },
        BookingSeat {
            seat_id: "b".into(),
            seat_label: "E8".into(),
            seat_type: "STANDARD".into(),
            price: 100_000,
        },
    ];
    let concessions = vec![BookingConcession {
        item_id: "pop".into(),
        name: "Bắp".into(),
        kind: "FOOD".into(),
        qty: 2,
        unit_price: 50_000,
        free: false,
    }];
    Booking {
        id: "bk".into(),
        user_id: "u".into(),
        showtime_id: "s".into(),
        cinema_id: "c".into(),
        status: BookingStatus::Confirmed,
        channel: Channel::Online,
        subtotal: 300_000,
        discount,
        total: 300_000 - discount,
        movie_title: "Phim".into(),
        hall_name: "1".into(),
        starts_at: "2026-12-20T12:00:00Z".into(),
        ends_at: "2026-12-20T14:00:00Z".into(),
        created_at: "2026-12-01T00:00:00Z".into(),
        expires_at: "2026-12-01T00:10:00Z".into(),
        confirmed_at: None,
        closed_at: None,
        seats,
        concessions,
        promo_code: None,
        promotion_id: None,
        points_redeemed: points,
        promo_discount: 0,
        member_id: None,
    }
}

#[rstest]
#[case::a_day_before(Duration::hours(24), 90)]
#[case::a_day_less_a_second(Duration::hours(24) - Duration::seconds(1), 70)]
#[case::four_hours(Duration::hours(4), 70)]
#[case::four_hours_less_a_second(Duration::hours(4) - Duration::seconds(1), 50)]
#[case::one_hour(Duration::hours(1), 50)]
#[case::an_hour_less_a_second(Duration::hours(1) - Duration::seconds(1), 0)]
#[case::a_second_before(Duration::seconds(1), 0)]
#[case::show_started(Duration::zero(), 0)]
#[case::well_after(Duration::minutes(-30), 0)]
#[case::weeks_before(Duration::days(30), 90)]
fn the_tier_is_chosen_at_its_exact_boundary(#[case] before: Duration, #[case] percent: u8) {
    let (p, _) = seat_percent(&DEFAULT, start(), start() - before);
    assert_eq!(p, percent);
}

#[test]
fn a_started_show_says_so_and_gives_nothing_back_not_even_popcorn() {
    let q = quote(&booking(0, 0), &DEFAULT, start(), false);
    assert_eq!(q.basis, Basis::ShowStarted);
    assert_eq!(q.amount, 0);
    assert!(q.lines.iter().all(|l| l.refund == 0));
}

#[test]
fn seats_at_the_tier_and_concessions_in_full_until_the_show() {
    let q = quote(
        &booking(0, 0),
        &DEFAULT,
        start() - Duration::hours(5),
        false,
    );
    assert_eq!(q.percent, 70);
    // 2 × 70,000 + 100,000 of popcorn.
    assert_eq!(q.amount, 240_000);
    let pop = q
        .lines
        .iter()
        .find(|l| l.kind == "concession")
        .expect("line");
    assert_eq!((pop.percent, pop.refund), (100, 100_000));
    assert_eq!(
        q.basis,
        Basis::Policy {
            minutes_before: 300,
            tier_minutes: Some(240)
        }
    );
}

#[test]
fn a_discount_shrinks_in_proportion_and_points_come_back_in_proportion() {
    // Paid 240,000 of 300,000 (60,000 off: code and 10 points); refundable 240,000 of 300,000.
    let q = quote(
        &booking(60_000, 10),
        &DEFAULT,
        start() - Duration::hours(5),
        false,
    );
    assert_eq!(q.amount, 192_000, "240,000 × 240/300");
    assert_eq!(q.points_returned, 8, "10 × 0.8");
    let sum: i64 = q.lines.iter().map(|l| l.refund).sum();
    assert_eq!(sum, q.amount, "the lines add up to the amount");
    assert!(q.amount <= q.paid);
}

#[test]
fn a_full_refund_gives_back_exactly_what_was_paid_whenever() {
    let q = quote(
        &booking(60_000, 10),
        &DEFAULT,
        start() + Duration::hours(1),
        true,
    );
    assert_eq!((q.amount, q.points_returned, q.percent), (240_000, 10, 100));
}

#[rstest]
#[case::empty(vec![], false)]
#[case::no_zero_row(vec![(60, 50)], false)]
#[case::growing(vec![(1440, 50), (0, 90)], false)]
#[case::twice(vec![(60, 50), (60, 40), (0, 0)], false)]
#[case::over_100(vec![(0, 101)], false)]
#[case::default(vec![(1440, 90), (240, 70), (60, 50), (0, 0)], true)]
#[case::flat(vec![(0, 100)], true)]
fn a_policy_table_is_checked_before_it_is_saved(#[case] rows: Vec<(i64, u8)>, #[case] ok: bool) {
    let tiers: Vec<Tier> = rows
        .into_iter()
        .map(|(m, p)| Tier {
            min_minutes_before: m,
            percent: p,
        })
        .collect();
    assert_eq!(validate(&tiers).is_ok(), ok, "{:?}", validate(&tiers));
}
