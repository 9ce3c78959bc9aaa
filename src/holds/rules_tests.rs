use super::*;
use crate::holds::room::Group;
use crate::holds::SalesWindow;
use std::collections::HashMap;

fn seat(label: &str, state: SeatCondition, couple: Option<&str>, taken: bool) -> SeatFact {
    SeatFact {
        label: label.into(),
        state,
        couple_with: couple.map(String::from),
        taken,
    }
}

/// A1..A4 active, B1 broken, B2 maintenance, C1 sold, K1+K2 a couple pair, K3+K4 a pair
/// whose partner is broken.
fn facts() -> ShowtimeFacts {
    use SeatCondition::*;
    let mut seats = HashMap::new();
    for n in 1..=4 {
        seats.insert(format!("a{n}"), seat(&format!("A{n}"), Active, None, false));
    }
    seats.insert("b1".into(), seat("B1", Broken, None, false));
    seats.insert("b2".into(), seat("B2", Maintenance, None, false));
    seats.insert("c1".into(), seat("C1", Active, None, true));
    seats.insert("k1".into(), seat("K1", Active, Some("k2"), false));
    seats.insert("k2".into(), seat("K2", Active, Some("k1"), false));
    seats.insert("k3".into(), seat("K3", Active, Some("k4"), false));
    seats.insert("k4".into(), seat("K4", Broken, Some("k3"), false));
    ShowtimeFacts {
        showtime_id: "st".into(),
        on_sale: true,
        window: crate::holds::SalesWindow::ALWAYS,
        seats,
    }
}

fn limits(max: u32, cutoff: u32) -> config::Holds {
    config::Holds {
        ttl_secs: 300,
        max_per_user: max,
        remote_sales_cutoff: cutoff,
    }
}

/// Room state and holder lookup from (seat, user) pairs.
fn holds(pairs: &[(&str, &str)]) -> (RoomState, HashMap<String, Arc<str>>) {
    let mut st = RoomState::default();
    let mut map = HashMap::new();
    for (s, u) in pairs {
        let user: Arc<str> = Arc::from(*u);
        st.groups
            .entry(user.clone())
            .or_insert_with(Group::default)
            .seats
            .insert(s.to_string());
        map.insert(s.to_string(), user);
    }
    (st, map)
}

fn plan(
    f: &ShowtimeFacts,
    pairs: &[(&str, &str)],
    seat_id: &str,
    box_office: bool,
    l: config::Holds,
) -> Result<HoldPlan, HoldsError> {
    let (st, map) = holds(pairs);
    let asker = Asker {
        user: "me",
        box_office,
        now_ms: 1_000_000,
    };
    plan_hold(f, &st, seat_id, &asker, &|s| map.get(s).cloned(), &l)
}

#[rstest::rstest]
#[case("zz", "unknown_seat")]
#[case("b1", "seat_out_of_order")]
#[case("b2", "seat_out_of_order")]
#[case("c1", "seat_sold")]
#[case("a2", "seat_taken")]
#[case("k3", "couple_partner_unavailable")]
#[case("k1", "couple_partner_unavailable")]
fn refusals_have_their_own_code(#[case] seat_id: &str, #[case] code: &str) {
    let err = plan(
        &facts(),
        &[("a2", "other"), ("k2", "other")],
        seat_id,
        false,
        limits(8, 0),
    )
    .expect_err("refused");
    assert_eq!(err.code(), code, "{err}");
}

#[test]
fn online_sales_close_at_the_start_and_the_box_office_a_little_later() {
    let mut f = facts();
    // Opens at 0; now is 1_000_000 ms.
    f.window = SalesWindow {
        opens_ms: 0,
        online_until_ms: 1_000_000,
        box_office_until_ms: 1_000_001,
    };
    let online = plan(&f, &[], "a1", false, limits(4, 0));
    assert_eq!(online, Err(HoldsError::SalesClosed { box_office: false }));
    let counter = plan(&f, &[], "a1", true, limits(4, 0));
    assert!(counter.is_ok(), "{counter:?}");
    f.window.box_office_until_ms = 1_000_000;
    let late = plan(&f, &[], "a1", true, limits(4, 0));
    assert_eq!(late, Err(HoldsError::SalesClosed { box_office: true }));
    f.window = SalesWindow {
        opens_ms: 1_000_001,
        ..SalesWindow::ALWAYS
    };
    let early = plan(&f, &[], "a1", true, limits(4, 0));
    assert_eq!(early, Err(HoldsError::NotOnSale));
}

#[test]
fn not_on_sale_refuses_every_seat() {
    let mut f = facts();
    f.on_sale = false;
    let err = plan(&f, &[], "a1", true, limits(8, 0)).expect_err("refused");
    assert_eq!(err, HoldsError::NotOnSale);
}

#[test]
fn couple_seat_is_one_unit_of_two() {
    let p = plan(&facts(), &[], "k2", false, limits(8, 0)).expect("held");
    assert_eq!(p.units, vec!["k2".to_string(), "k1".to_string()]);
    assert_eq!(p.fresh, 2);
    // One seat left under the limit is not enough for a pair.
    let err = plan(&facts(), &[("a1", "me")], "k1", false, limits(2, 0)).expect_err("limit");
    assert_eq!(err, HoldsError::LimitReached { limit: 2 });
}

#[test]
fn limit_counts_only_new_seats() {
    let mine = [("a1", "me"), ("a2", "me")];
    let err = plan(&facts(), &mine, "a3", false, limits(2, 0)).expect_err("limit");
    assert_eq!(err, HoldsError::LimitReached { limit: 2 });
    // Re-holding my own seat at the limit is a refresh.
    let p = plan(&facts(), &mine, "a2", false, limits(2, 0)).expect("refresh");
    assert_eq!(p.fresh, 0);
}

#[test]
fn remote_cutoff_keeps_the_last_seats_for_the_box_office() {
    // Sellable: a1..a4, k1..k3 = 7 seats (k4 broken, b1/b2 out of order, c1 sold).
    // Four held by others leaves 3 available; a cutoff of 2 lets one more go online.
    let others = [("a1", "o"), ("a2", "o"), ("a3", "o"), ("k3", "o")];
    assert!(plan(&facts(), &others, "a4", false, limits(8, 2)).is_ok());
    let err = plan(&facts(), &others, "a4", false, limits(8, 3)).expect_err("cutoff");
    assert_eq!(err, HoldsError::BoxOfficeOnly { cutoff: 3 });
    // A couple pair needs two seats above the cutoff.
    let err = plan(&facts(), &others, "k1", false, limits(8, 2)).expect_err("cutoff");
    assert_eq!(err.code(), "box_office_only");
    // The box office may take them.
    assert!(plan(&facts(), &others, "k1", true, limits(8, 3)).is_ok());
}

#[test]
fn release_needs_my_hold_and_takes_the_pair() {
    let (_, map) = holds(&[("k1", "me"), ("k2", "me"), ("a1", "o")]);
    let lookup = |s: &str| map.get(s).cloned();
    let units = plan_release(&facts(), "k2", "me", &lookup).expect("released");
    assert_eq!(units, vec!["k2".to_string(), "k1".to_string()]);
    let err = plan_release(&facts(), "a1", "me", &lookup).expect_err("not mine");
    assert_eq!(err.code(), "not_held");
}
