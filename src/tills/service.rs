//! Rules of tills: one open till per cashier, float and count validation, the blind close
//! computed from the session's payments in the closing transaction, and the sale check the
//! box office runs inside its payment transaction.

use super::movements::{self, MoveKind, Movement};
use super::zreport::ClosedDay;
use super::{day, store, CashUp, CashUpFilter, TillSession, TillsError, MAX_CASH};
use crate::cinemas::service::CinemaFilter;
use crate::cinemas::{Cinemas, CinemasError};
use crate::clock::{stamp, Clock};
use crate::sales::{SaleEvent, Sales};
use rusqlite::Connection;

/// The tills service.
#[derive(Clone)]
pub struct Tills {
    sales: Sales,
    cinemas: Cinemas,
    clock: Clock,
    /// The site's time zone (for a cinema without its own) and the hour a business day starts.
    default_tz: chrono_tz::Tz,
    day_starts_hour: u32,
}

/// A cash amount (float or count) as the cashier typed it: integer VND, 0 to [`MAX_CASH`].
pub fn validate_cash(field: &'static str, amount: i64) -> Result<i64, TillsError> {
    if amount < 0 {
        return Err(TillsError::Invalid {
            field,
            problem: format!("must be 0 or more VND, not {amount}"),
        });
    }
    if amount > MAX_CASH {
        return Err(TillsError::Invalid {
            field,
            problem: format!("must be at most {MAX_CASH} VND"),
        });
    }
    Ok(amount)
}

/// The till a box-office sale is taken in, for a booking at `booking_cinema` (empty for a
/// booking made before bookings recorded their cinema). Runs in the payment's transaction,
/// so a till cannot close between this check and the payment it attributes.
pub fn till_for_sale(
    conn: &Connection,
    cashier_id: &str,
    booking_cinema: &str,
) -> Result<TillSession, TillsError> {
    let till = store::open_of(conn, cashier_id)?.ok_or(TillsError::NoOpenTill)?;
    if !booking_cinema.is_empty() && booking_cinema != till.cinema_id {
        return Err(TillsError::WrongCinema);
    }
    Ok(till)
}

impl Tills {
    /// Build the service over the sales core (payments live in bookings.db).
    pub fn new(sales: Sales, cinemas: Cinemas, clock: Clock) -> Tills {
        Tills {
            sales,
            cinemas,
            clock,
            default_tz: chrono_tz::Asia::Ho_Chi_Minh,
            day_starts_hour: 6,
        }
    }

    /// Business days in `tz` (for cinemas without their own) starting at `hour` local time.
    pub fn with_business_day(mut self, tz: chrono_tz::Tz, hour: u32) -> Tills {
        self.default_tz = tz;
        self.day_starts_hour = hour;
        self
    }

    /// A cinema's time zone (its own, or the site's).
    pub async fn timezone_of(&self, cinema_id: &str) -> Result<chrono_tz::Tz, TillsError> {
        let c = self.cinemas.cinema(cinema_id).await?;
        Ok(c.timezone.parse().unwrap_or(self.default_tz))
    }

    /// The cinema's business date now.
    pub async fn business_date(&self, cinema_id: &str) -> Result<chrono::NaiveDate, TillsError> {
        let tz = self.timezone_of(cinema_id).await?;
        Ok(day::business_date(
            self.clock.now(),
            tz,
            self.day_starts_hour,
        ))
    }

    /// Close the cinema's current business day as `user`: refused while a till of the cinema
    /// is open or when the day is already closed. Stamps everything not yet counted with the
    /// day, builds the Z-report from it and stores both in one transaction.
    pub async fn close_day(
        &self,
        user_id: &str,
        cinema_id: Option<String>,
    ) -> Result<ClosedDay, TillsError> {
        let cinema_id = self.resolve_cinema(cinema_id).await?;
        let tz = self.timezone_of(&cinema_id).await?;
        let now = self.clock.now();
        let date = day::business_date(now, tz, self.day_starts_hour).to_string();
        let (user, at) = (user_id.to_string(), stamp(now));
        self.sales
            .run(move |tx| {
                let open = store::open_at(tx, &cinema_id)?;
                if open > 0 {
                    return Err(TillsError::TillsOpen(open));
                }
                if store::day_closed(tx, &cinema_id, &date)? {
                    return Err(TillsError::DayClosed(date));
                }
                let id = uuid::Uuid::now_v7().to_string();
                store::stamp_day(tx, &cinema_id, &id)?;
                let mut report = store::z_report(tx, &id)?;
                report.cinema_id = cinema_id.clone();
                report.business_date = date.clone();
                report.timezone = tz.name().to_string();
                report.closed_at = at.clone();
                report.closed_by = user.clone();
                let report = report.with_totals();
                let closed = ClosedDay {
                    id,
                    cinema_id,
                    business_date: date,
                    closed_at: at.clone(),
                    closed_by: user,
                    report,
                };
                store::insert_day(tx, &closed)?;
                tx.emit(
                    SaleEvent::DayClosed {
                        day_id: closed.id.clone(),
                        cinema_id: closed.cinema_id.clone(),
                        business_date: closed.business_date.clone(),
                        report: serde_json::to_value(&closed.report).unwrap_or_default(),
                    },
                    &at,
                )?;
                Ok(closed)
            })
            .await
            .map(|done| done.value)
    }

    /// Closed days, newest first.
    pub async fn days(&self, cinema_id: Option<String>) -> Result<Vec<ClosedDay>, TillsError> {
        self.sales
            .read(move |c| store::days(c, cinema_id.as_deref(), 366))
            .await
    }

    /// One closed day with its Z-report.
    pub async fn day(&self, id: &str) -> Result<Option<ClosedDay>, TillsError> {
        let key = id.to_string();
        self.sales.read(move |c| store::day(c, &key)).await
    }

    /// The cinema a till opens at: the one named, or the site's only cinema.
    async fn resolve_cinema(&self, cinema_id: Option<String>) -> Result<String, TillsError> {
        if let Some(id) = cinema_id.map(|c| c.trim().to_string()) {
            return match self.cinemas.cinema(&id).await {
                Ok(c) => Ok(c.id),
                Err(CinemasError::CinemaNotFound(_)) => Err(TillsError::Invalid {
                    field: "cinema_id",
                    problem: format!("no cinema {id} at this site"),
                }),
                Err(e) => Err(e.into()),
            };
        }
        let all = self.cinemas.list_cinemas(&CinemaFilter::default()).await?;
        match all.as_slice() {
            [only] => Ok(only.id.clone()),
            [] => Err(TillsError::Invalid {
                field: "cinema_id",
                problem: "this site has no cinema yet".into(),
            }),
            many => Err(TillsError::Invalid {
                field: "cinema_id",
                problem: format!("required: this site has {} cinemas", many.len()),
            }),
        }
    }

    /// Open a till for the cashier with a float (refused while another is open).
    pub async fn open(
        &self,
        cashier_id: &str,
        cinema_id: Option<String>,
        opening_float: i64,
    ) -> Result<TillSession, TillsError> {
        let opening_float = validate_cash("opening_float", opening_float)?;
        let cinema_id = self.resolve_cinema(cinema_id).await?;
        let today = self.business_date(&cinema_id).await?.to_string();
        let session = TillSession {
            id: uuid::Uuid::now_v7().to_string(),
            cashier_id: cashier_id.to_string(),
            cinema_id,
            opened_at: stamp(self.clock.now()),
            opening_float,
            closed_at: None,
            counted_cash: None,
        };
        self.sales
            .run(move |tx| {
                if let Some(open) = store::open_of(tx, &session.cashier_id)? {
                    return Err(TillsError::AlreadyOpen {
                        opened_at: open.opened_at,
                    });
                }
                if store::day_closed(tx, &session.cinema_id, &today)? {
                    return Err(TillsError::DayClosed(today));
                }
                store::insert_session(tx, &session)?;
                let at = session.opened_at.clone();
                tx.emit(
                    SaleEvent::TillOpened {
                        session_id: session.id.clone(),
                        cashier_id: session.cashier_id.clone(),
                        cinema_id: session.cinema_id.clone(),
                        opening_float: session.opening_float,
                        opened_at: session.opened_at.clone(),
                    },
                    &at,
                )?;
                // The float is the session's first movement: the expected cash is their sum.
                movements::record(
                    tx,
                    Movement::new(
                        &session.id,
                        MoveKind::Float,
                        session.opening_float,
                        &session.cashier_id,
                        &at,
                    ),
                )?;
                Ok(session)
            })
            .await
            .map(|done| done.value)
    }

    /// The cashier's open till (without any total: the count at close is blind).
    pub async fn current(&self, cashier_id: &str) -> Result<Option<TillSession>, TillsError> {
        let id = cashier_id.to_string();
        self.sales.read(move |c| store::open_of(c, &id)).await
    }

    /// The tills still open at a cinema, oldest first.
    pub async fn open_at(&self, cinema_id: &str) -> Result<Vec<TillSession>, TillsError> {
        let id = cinema_id.to_string();
        self.sales
            .read(move |c| store::open_sessions_at(c, &id))
            .await
    }

    /// Close the cashier's open till with the blind count: totals from the session's payments
    /// and the cash-up are computed and stored in one transaction.
    pub async fn close(&self, cashier_id: &str, counted_cash: i64) -> Result<CashUp, TillsError> {
        let counted = validate_cash("counted_cash", counted_cash)?;
        let id = cashier_id.to_string();
        let now = stamp(self.clock.now());
        self.sales
            .run(move |tx| {
                let session = store::open_of(tx, &id)?.ok_or(TillsError::NoOpenTill)?;
                let totals = store::session_totals(tx, &session.id)?;
                let cash_up = CashUp::compute(&session, totals, counted, &now);
                store::close(tx, &cash_up)?;
                tx.emit(
                    SaleEvent::TillClosed {
                        session_id: cash_up.session_id.clone(),
                        cashier_id: cash_up.cashier_id.clone(),
                        expected_cash: cash_up.expected_cash,
                        counted_cash: cash_up.counted_cash,
                        variance: cash_up.variance,
                        closed_at: cash_up.closed_at.clone(),
                    },
                    &now,
                )?;
                Ok(cash_up)
            })
            .await
            .map(|done| done.value)
    }

    /// Record a drop, pay-in or pay-out in the cashier's open till, with why.
    pub async fn move_cash(
        &self,
        cashier_id: &str,
        kind: MoveKind,
        amount: i64,
        reason: &str,
    ) -> Result<Movement, TillsError> {
        let (id, reason, now) = (
            cashier_id.to_string(),
            reason.trim().to_string(),
            stamp(self.clock.now()),
        );
        self.sales
            .run(move |tx| {
                let till = store::open_of(tx, &id)?.ok_or(TillsError::NoOpenTill)?;
                let in_drawer = store::movements_sum(tx, &till.id)?;
                movements::validate_by_hand(kind, amount, &reason, in_drawer)?;
                let mut m = Movement::new(&till.id, kind, amount, &id, &now);
                m.reason = reason;
                movements::record(tx, m)
            })
            .await
            .map(|done| done.value)
    }

    /// The movements of the cashier's open till, oldest first (empty without one).
    pub async fn movements(&self, cashier_id: &str) -> Result<Vec<Movement>, TillsError> {
        let id = cashier_id.to_string();
        self.sales
            .read(move |c| match store::open_of(c, &id)? {
                Some(t) => store::movements(c, &t.id),
                None => Ok(Vec::new()),
            })
            .await
    }

    /// One page of cash-ups, newest first, with the total count.
    pub async fn cash_ups(&self, filter: CashUpFilter) -> Result<(Vec<CashUp>, i64), TillsError> {
        self.sales.read(move |c| store::cash_ups(c, &filter)).await
    }

    /// One cash-up by its till session id.
    pub async fn cash_up(&self, session_id: &str) -> Result<Option<CashUp>, TillsError> {
        let id = session_id.to_string();
        self.sales.read(move |c| store::cash_up(c, &id)).await
    }
}

#[cfg(test)]
mod tests {
    use super::validate_cash;

    #[test]
    fn cash_amounts_are_whole_vnd_from_zero_to_the_cap() {
        assert_eq!(validate_cash("opening_float", 0).ok(), Some(0));
        assert_eq!(
            validate_cash("opening_float", 1_000_000).ok(),
            Some(1_000_000)
        );
        let neg = validate_cash("counted_cash", -1).expect_err("negative");
        assert!(neg.to_string().starts_with("counted_cash:"), "{neg}");
        assert!(validate_cash("opening_float", super::MAX_CASH + 1).is_err());
    }
}
