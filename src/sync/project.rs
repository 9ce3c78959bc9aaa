//! Central's projection of a pushed event into the tables its figures read. Every statement
//! is keyed by (site, id), so applying an event twice leaves the same rows.

use crate::sales::SaleEvent;
use rusqlite::{named_params, Connection};

/// Project one event of `site` (rows of kinds head office does not report on are kept only
/// as received).
pub fn apply(conn: &Connection, site: &str, event: &SaleEvent, now: &str) -> rusqlite::Result<()> {
    match event {
        SaleEvent::BookingCreated(b) => {
            conn.prepare_cached(
                "INSERT INTO c_bookings (site_id, booking_id, showtime_id, cinema_id, channel,
                        status, seats, subtotal, discount, total, movie_title, hall_name,
                        starts_at, member_id, created_at)
                 VALUES (:site, :id, :showtime, :cinema, :channel, 'PENDING', :seats, :subtotal,
                        :discount, :total, :title, :hall, :starts, :member, :created)
                 ON CONFLICT (site_id, booking_id) DO NOTHING",
            )?
            .execute(named_params! {
                ":site": site, ":id": b.id, ":showtime": b.showtime_id, ":cinema": b.cinema_id,
                ":channel": b.channel, ":seats": b.seats.len() as i64, ":subtotal": b.subtotal,
                ":discount": b.discount, ":total": b.total, ":title": b.movie_title,
                ":hall": b.hall_name, ":starts": b.starts_at, ":member": b.member_id,
                ":created": b.created_at,
            })?;
            let mut line = conn.prepare_cached(
                "INSERT INTO c_concessions (site_id, booking_id, line, item_id, name, qty,
                        unit_price, free)
                 VALUES (:site, :id, :line, :item, :name, :qty, :price, :free)
                 ON CONFLICT DO NOTHING",
            )?;
            for (i, c) in b.concessions.iter().enumerate() {
                line.execute(named_params! {
                    ":site": site, ":id": b.id, ":line": i as i64, ":item": c.item_id,
                    ":name": c.name, ":qty": c.qty, ":price": c.unit_price, ":free": c.free,
                })?;
            }
        }
        SaleEvent::BookingConfirmed { booking_id, .. } => {
            status(conn, site, booking_id, "CONFIRMED")?
        }
        SaleEvent::BookingCancelled { booking_id, .. } => {
            status(conn, site, booking_id, "CANCELLED")?
        }
        SaleEvent::BookingExpired { booking_id, .. } => status(conn, site, booking_id, "EXPIRED")?,
        SaleEvent::BookingCompleted { booking_id } => status(conn, site, booking_id, "COMPLETED")?,
        SaleEvent::PaymentSucceeded { payment, .. }
        | SaleEvent::PaymentRefundRequired { payment } => {
            conn.prepare_cached(
                "INSERT INTO c_payments (site_id, payment_id, booking_id, method, status, amount,
                        updated_at)
                 VALUES (:site, :id, :booking, :method, :status, :amount, :at)
                 ON CONFLICT (site_id, payment_id) DO UPDATE SET status = excluded.status,
                        amount = excluded.amount, updated_at = excluded.updated_at",
            )?
            .execute(named_params! {
                ":site": site, ":id": payment.id, ":booking": payment.booking_id,
                ":method": payment.method, ":status": payment.status, ":amount": payment.amount,
                ":at": payment.updated_at,
            })?;
        }
        SaleEvent::RefundChanged { refund } => {
            conn.prepare_cached(
                "INSERT INTO c_refunds (site_id, refund_id, booking_id, method, amount, status,
                        updated_at)
                 VALUES (:site, :id, :booking, :method, :amount, :status, :at)
                 ON CONFLICT (site_id, refund_id) DO UPDATE SET status = excluded.status,
                        amount = excluded.amount, method = excluded.method,
                        updated_at = excluded.updated_at",
            )?
            .execute(named_params! {
                ":site": site, ":id": refund.id, ":booking": refund.booking_id,
                ":method": refund.method, ":amount": refund.amount, ":status": refund.status,
                ":at": refund.updated_at,
            })?;
            // Money kept for a refund (a late payment) counts as taken once it is paid back,
            // as the site counts it.
            if refund.status == "SUCCEEDED" {
                if let Some(payment) = &refund.payment_id {
                    conn.prepare_cached(
                        "UPDATE c_payments SET status = 'REFUNDED'
                          WHERE site_id = :site AND payment_id = :id
                            AND status = 'REFUND_REQUIRED'",
                    )?
                    .execute(named_params! {":site": site, ":id": payment})?;
                }
            }
        }
        SaleEvent::TicketCheckedIn {
            code,
            showtime_id,
            used_at,
            ..
        } => {
            conn.prepare_cached(
                "INSERT INTO c_checkins (site_id, code, showtime_id, used_at)
                 VALUES (:site, :code, :showtime, :at) ON CONFLICT DO NOTHING",
            )?
            .execute(named_params! {
                ":site": site, ":code": code, ":showtime": showtime_id, ":at": used_at,
            })?;
        }
        SaleEvent::LoyaltyEntry {
            entry_id,
            user_id,
            kind,
            points,
            spend,
            booking_id,
        } => {
            // A CHAIN entry is the site's copy of the other sites' figure: not the site's own.
            if kind == "CHAIN" {
                return Ok(());
            }
            conn.prepare_cached(
                "INSERT INTO c_loyalty (site_id, entry_id, user_id, kind, points, spend,
                        booking_id, received_at, change_id)
                 VALUES (:site, :id, :user, :kind, :points, :spend, :booking, :now,
                        (SELECT COALESCE(max(change_id), 0) + 1 FROM c_loyalty))
                 ON CONFLICT DO NOTHING",
            )?
            .execute(named_params! {
                ":site": site, ":id": entry_id, ":user": user_id, ":kind": kind,
                ":points": points, ":spend": spend, ":booking": booking_id, ":now": now,
            })?;
        }
        SaleEvent::TillClosed {
            session_id,
            cashier_id,
            expected_cash,
            counted_cash,
            variance,
            closed_at,
        } => {
            conn.prepare_cached(
                "INSERT INTO c_till_closes (site_id, session_id, cashier_id, expected_cash,
                        counted_cash, variance, closed_at)
                 VALUES (:site, :id, :cashier, :expected, :counted, :variance, :at)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(named_params! {
                ":site": site, ":id": session_id, ":cashier": cashier_id,
                ":expected": expected_cash, ":counted": counted_cash, ":variance": variance,
                ":at": closed_at,
            })?;
        }
        SaleEvent::DayClosed {
            day_id,
            cinema_id,
            business_date,
            report,
        } => {
            conn.prepare_cached(
                "INSERT INTO c_days (site_id, day_id, cinema_id, business_date, report)
                 VALUES (:site, :id, :cinema, :date, :report) ON CONFLICT DO NOTHING",
            )?
            .execute(named_params! {
                ":site": site, ":id": day_id, ":cinema": cinema_id, ":date": business_date,
                ":report": report.to_string(),
            })?;
        }
        SaleEvent::TillOpened { .. }
        | SaleEvent::TillMoved { .. }
        | SaleEvent::StockMoved { .. }
        | SaleEvent::PromotionUsed { .. }
        | SaleEvent::PromotionReturned { .. } => {}
    }
    Ok(())
}

fn status(conn: &Connection, site: &str, booking: &str, to: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE c_bookings SET status = :to WHERE site_id = :site AND booking_id = :id",
    )?
    .execute(named_params! {":to": to, ":site": site, ":id": booking})?;
    Ok(())
}
