//! Uses of a code in bookings.db: the guarded take never passes the limit, a use given back
//! frees it for another booking, and giving back twice counts once.

use super::*;
use crate::promotions::{Kind, NewPromotion};

fn db() -> Connection {
    let mut conn = Connection::open_in_memory().expect("open");
    crate::db::schema::migrate(&mut conn, "bookings").expect("migrate");
    // promotion_uses refers to bookings: minimal rows for it to point at.
    for id in ["b1", "b2", "b3"] {
        conn.execute(
            "INSERT INTO bookings (id, user_id, showtime_id, cinema_id, status, channel, subtotal,
                discount, total, movie_title, hall_name, starts_at, ends_at, created_at,
                expires_at, idempotency_key)
             VALUES (?1, 'u', 's', 'c', 'PENDING', 'ONLINE', 0, 0, 0, '', '', 't', 't', 't', 't', ?1)",
            [id],
        )
        .expect("booking row");
    }
    write(&conn, "p", &code(Some(1)), "t", true).expect("promotion");
    conn
}

/// Code ONE: 10,000 VND off, `limit` uses in all.
fn code(limit: Option<i64>) -> NewPromotion {
    NewPromotion {
        code: "ONE".into(),
        name: String::new(),
        kind: Kind::FixedAmount,
        value: 10_000,
        max_discount: None,
        free_item_id: None,
        min_purchase: 0,
        valid_from: None,
        valid_to: None,
        cinema_ids: vec![],
        movie_ids: vec![],
        day_types: vec![],
        usage_limit: limit,
        per_user_limit: None,
        active: true,
    }
}

fn used(conn: &Connection) -> i64 {
    by_id(conn, "p").expect("read").expect("exists").used_count
}

#[test]
fn the_last_use_goes_to_one_booking_and_comes_back_when_it_closes() {
    let conn = db();
    assert!(take_use(&conn, "p", "b1", "u1", "t1").expect("take"));
    assert!(
        !take_use(&conn, "p", "b2", "u2", "t1").expect("take"),
        "none left"
    );
    assert_eq!(used(&conn), 1);
    assert_eq!(uses_by(&conn, "p", "u1").expect("uses"), 1);
    assert_eq!(uses_by(&conn, "p", "u2").expect("uses"), 0);
    assert_eq!(
        give_back(&conn, "b1", "t2").expect("back"),
        Some("p".into())
    );
    assert_eq!(
        (used(&conn), uses_by(&conn, "p", "u1").expect("uses")),
        (0, 0)
    );
    // Given back once only; a booking that held no use gives nothing back.
    assert_eq!(give_back(&conn, "b1", "t3").expect("back"), None);
    assert_eq!(give_back(&conn, "b3", "t3").expect("back"), None);
    assert_eq!(used(&conn), 0);
    assert!(
        take_use(&conn, "p", "b2", "u2", "t4").expect("take"),
        "free again"
    );
    assert_eq!(used(&conn), 1);
}

#[test]
fn a_limit_lowered_below_the_uses_taken_is_refused() {
    let conn = db();
    assert!(take_use(&conn, "p", "b1", "u1", "t1").expect("take"));
    write(&conn, "p", &code(None), "t", false).expect("no limit");
    assert!(take_use(&conn, "p", "b2", "u1", "t1").expect("take"));
    let e = write(&conn, "p", &code(Some(1)), "t", false).expect_err("below the uses");
    assert!(e.to_string().starts_with("usage_limit:"), "{e}");
    assert_eq!(used(&conn), 2);
}
