//! The programme's arithmetic at its edges: points earned and the 50 % redemption cap, the
//! tier of a cumulative spend on either side of each boundary, and a member's standing as
//! sums over a real ledger.

use super::store::{self, NewEntry};
use super::*;
use rstest::rstest;

const RATES: Program = Program {
    earn_percent: 10,
    point_value: 1000,
    max_redeem_percent: 50,
};

fn tiers() -> Vec<Tier> {
    [
        ("BRONZE", 0),
        ("SILVER", 5_000_000),
        ("GOLD", 15_000_000),
        ("PLATINUM", 50_000_000),
    ]
    .into_iter()
    .map(|(name, min_spend)| Tier {
        name: name.into(),
        min_spend,
    })
    .collect()
}

#[test]
fn earn_and_redeem_follow_the_rates() {
    assert_eq!(RATES.earned(185_000), 18);
    assert_eq!(RATES.max_redeemable(185_000), 92);
    assert_eq!(RATES.earned(9_999), 0);
}

#[rstest]
#[case::nothing(0, 0)]
#[case::just_under_a_point(9_999, 0)]
#[case::one_point(10_000, 1)]
#[case::ten_percent(250_000, 25)]
#[case::negative_pays_nothing(-50_000, 0)]
fn ten_percent_of_what_was_paid_comes_back_as_points(#[case] paid: i64, #[case] points: i64) {
    assert_eq!(RATES.earned(paid), points);
}

#[rstest]
#[case::half_exactly(200_000, 100)]
#[case::half_rounds_down(201_999, 100)]
#[case::next_point(202_000, 101)]
#[case::too_small_for_a_point(1_999, 0)]
#[case::nothing_to_pay(0, 0)]
fn points_pay_at_most_half_a_booking(#[case] amount: i64, #[case] most: i64) {
    assert_eq!(RATES.max_redeemable(amount), most);
    // Whatever the amount, the points allowed are never worth more than half of it.
    assert!(most * RATES.point_value * 2 <= amount.max(0));
}

#[test]
fn a_programme_without_a_point_value_gives_and_takes_nothing() {
    let free = Program {
        point_value: 0,
        ..RATES
    };
    assert_eq!(
        (free.earned(1_000_000), free.max_redeemable(1_000_000)),
        (0, 0)
    );
}

#[rstest]
#[case::new_member(0, "BRONZE", Some("SILVER"))]
#[case::one_dong_short_of_silver(4_999_999, "BRONZE", Some("SILVER"))]
#[case::silver_exactly(5_000_000, "SILVER", Some("GOLD"))]
#[case::one_dong_short_of_gold(14_999_999, "SILVER", Some("GOLD"))]
#[case::gold_exactly(15_000_000, "GOLD", Some("PLATINUM"))]
#[case::one_dong_short_of_platinum(49_999_999, "GOLD", Some("PLATINUM"))]
#[case::platinum_exactly(50_000_000, "PLATINUM", None)]
#[case::far_beyond(900_000_000, "PLATINUM", None)]
fn the_tier_starts_at_its_minimum_spend(
    #[case] spend: i64,
    #[case] tier: &str,
    #[case] next: Option<&str>,
) {
    let all = tiers();
    let (now, then) = tier_of(&all, spend);
    assert_eq!(
        (now.map(|t| t.name.as_str()), then.map(|t| t.name.as_str())),
        (Some(tier), next)
    );
}

/// bookings.db in memory, at the latest schema (default programme and tiers).
fn ledger() -> rusqlite::Connection {
    let mut conn = rusqlite::Connection::open_in_memory().expect("open");
    crate::db::schema::migrate(&mut conn, "bookings").expect("migrate");
    conn
}

fn add(conn: &rusqlite::Connection, kind: EntryKind, points: i64, spend: i64, booking: &str) {
    store::append(
        conn,
        &NewEntry {
            user_id: "m",
            kind,
            points,
            spend,
            booking_id: Some(booking),
            note: "",
            now: "2026-11-24T03:00:00.000Z",
        },
    )
    .expect("append");
}

#[rstest]
#[case::short_of_silver(4_999_999, "BRONZE", Some(("SILVER", 1)), 99)]
#[case::at_silver(5_000_000, "SILVER", Some(("GOLD", 10_000_000)), 0)]
#[case::halfway_to_gold(10_000_000, "SILVER", Some(("GOLD", 5_000_000)), 50)]
#[case::at_platinum(50_000_000, "PLATINUM", None, 100)]
fn a_standing_is_summed_from_the_ledger(
    #[case] spend: i64,
    #[case] tier: &str,
    #[case] next: Option<(&str, i64)>,
    #[case] progress: i64,
) {
    let conn = ledger();
    add(&conn, EntryKind::Earn, RATES.earned(spend), spend, "b1");
    let s = service::summary_in(&conn, "m", 10).expect("summary");
    assert_eq!(s.tier, tier);
    assert_eq!(
        s.next_tier.as_deref().zip(s.to_next_tier),
        next,
        "next tier and the VND to it"
    );
    assert_eq!(s.progress_percent, progress);
    assert_eq!(s.balance, RATES.earned(spend));
    assert_eq!(s.balance_value, s.balance * 1000);
}

#[test]
fn a_redemption_given_back_restores_the_balance_and_never_counts_as_spend() {
    let conn = ledger();
    add(&conn, EntryKind::Earn, 300, 3_000_000, "b1");
    add(&conn, EntryKind::Redeem, -120, 0, "b2");
    assert_eq!(store::totals(&conn, "m").expect("totals"), (180, 3_000_000));
    assert_eq!(
        store::redeemed_by(&conn, "b2").expect("redeemed"),
        Some(("m".into(), 120))
    );
    add(&conn, EntryKind::Release, 120, 0, "b2");
    assert_eq!(store::totals(&conn, "m").expect("totals"), (300, 3_000_000));
    assert_eq!(store::redeemed_by(&conn, "b2").expect("redeemed"), None);
    // A retry of the same entry for the same booking is not counted twice.
    add(&conn, EntryKind::Release, 120, 0, "b2");
    assert_eq!(store::totals(&conn, "m").expect("totals").0, 300);
    let s = service::summary_in(&conn, "m", 10).expect("summary");
    let kinds: Vec<&str> = s.history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["RELEASE", "REDEEM", "EARN"], "newest first");
}
