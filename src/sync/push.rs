//! The site's push: outbox rows in sequence order, in batches, to central, signed. A row is
//! marked sent only after central acknowledged it; after any doubt (start-up, a refused
//! batch) the site asks central where it stands and resumes from there. While central is
//! unreachable it waits with exponential backoff and jitter, and the site sells on.

use super::batch::{Ack, Batch, Member, PushedRow, ShowtimeFact};
use super::client::{CentralClient, ClientError};
use crate::clock::{stamp, Clock};
use crate::db::DbError;
use crate::sales::{sync_store, Sales};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// Wakes the pusher when a sale commits, so rows leave within moments instead of waiting
/// for the next interval.
struct Wake(Arc<Notify>);

impl crate::sales::React for Wake {
    fn committed(&self, _events: &[crate::sales::Recorded]) {
        self.0.notify_one();
    }
}

/// How long the pusher lets a burst of sales gather into one batch after a wake-up.
const GATHER: Duration = Duration::from_millis(20);

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing was pending.
    Idle,
    /// Rows were acknowledged; more may be pending.
    Sent {
        /// Rows central applied.
        applied: u32,
        /// Rows still pending after them.
        pending: i64,
    },
}

/// The site's pusher.
#[derive(Clone)]
pub struct Pusher {
    sales: Sales,
    users: crate::users::Users,
    cinemas: crate::cinemas::Cinemas,
    client: CentralClient,
    clock: Clock,
    batch_size: u32,
}

impl Pusher {
    /// A pusher of `sales`' outbox through `client`.
    pub fn new(
        sales: Sales,
        users: crate::users::Users,
        cinemas: crate::cinemas::Cinemas,
        client: CentralClient,
        clock: Clock,
        batch_size: u32,
    ) -> Pusher {
        Pusher {
            sales,
            users,
            cinemas,
            client,
            clock,
            batch_size,
        }
    }

    /// Ask central where this site stands and resume from there. Central holding more rows
    /// than this outbox ever had means this database is not the history central knows (a
    /// restored backup, a reinstalled box with the old id): nothing is marked, and the push
    /// stops with an error until an operator sorts it out.
    pub async fn resume(&self) -> Result<i64, ClientError> {
        let last = self.client.cursor().await?;
        let now = stamp(self.clock.now());
        self.sales
            .run(move |tx| {
                let local = sync_store::push_state(tx)?.last_seq;
                if last > local {
                    return Err(ClientError::Diverged {
                        central: last,
                        local,
                    });
                }
                sync_store::resume_at(tx, last, &now)?;
                Ok(())
            })
            .await?;
        Ok(last)
    }

    /// Push the next batch, if any.
    pub async fn step(&self) -> Result<Step, ClientError> {
        let limit = self.batch_size;
        let (rows, pending) = self
            .sales
            .read(move |c| {
                let state = sync_store::push_state(c)?;
                let rows = crate::sales::store::rows_after(c, state.acked_seq, limit)?;
                Ok::<_, DbError>((rows, state.pending))
            })
            .await?;
        if rows.is_empty() {
            return Ok(Step::Idle);
        }
        let members = self.members_of(&rows).await?;
        let showtimes = self.showtimes_of(&rows).await?;
        let batch = Batch {
            showtimes,
            pending_after: pending - rows.len() as i64,
            members,
            rows: rows
                .into_iter()
                .map(|r| PushedRow {
                    seq: r.seq,
                    kind: r.kind,
                    version: r.version,
                    payload: r.payload,
                    created_at: r.created_at,
                })
                .collect(),
        };
        let sent_up_to = batch.rows.last().map_or(0, |r| r.seq);
        let Ack { acked, applied, .. } = self.client.push(&batch).await?;
        if acked > sent_up_to {
            // Central claims rows this push never carried: another history under this id.
            return Err(ClientError::Diverged {
                central: acked,
                local: sent_up_to,
            });
        }
        let now = stamp(self.clock.now());
        self.sales
            .run(move |tx| Ok::<_, DbError>(sync_store::acknowledge(tx, acked, &now)?))
            .await?;
        Ok(Step::Sent {
            applied,
            pending: batch.pending_after,
        })
    }

    /// The e-mail of each member whose loyalty entry is in `rows` (an account deleted since
    /// is left out; central then cannot credit that member across sites). Any other failure
    /// fails the push, to be retried.
    async fn members_of(
        &self,
        rows: &[crate::sales::OutboxRow],
    ) -> Result<Vec<Member>, ClientError> {
        let mut ids: Vec<&str> = rows
            .iter()
            .filter_map(|r| match &r.event {
                Some(crate::sales::SaleEvent::LoyaltyEntry { user_id, .. }) => {
                    Some(user_id.as_str())
                }
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match self.users.get(id).await {
                Ok(u) => out.push(Member {
                    user_id: id.to_string(),
                    email: u.email.to_lowercase(),
                }),
                Err(crate::users::UsersError::UserNotFound(_)) => {}
                Err(e) => return Err(ClientError::Apply(e.to_string())),
            }
        }
        Ok(out)
    }

    /// The showtimes of the bookings created in `rows` (one cancelled since is still sent).
    async fn showtimes_of(
        &self,
        rows: &[crate::sales::OutboxRow],
    ) -> Result<Vec<ShowtimeFact>, ClientError> {
        let mut ids: Vec<&str> = rows
            .iter()
            .filter_map(|r| match &r.event {
                Some(crate::sales::SaleEvent::BookingCreated(b)) if !b.showtime_id.is_empty() => {
                    Some(b.showtime_id.as_str())
                }
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match self.cinemas.showtime(id).await {
                Ok(s) => out.push(ShowtimeFact {
                    id: s.id,
                    movie_title: s.movie_title,
                    hall_name: s.hall_name,
                    starts_at: s.start_time,
                    capacity: i64::from(s.total_seats),
                }),
                Err(crate::cinemas::CinemasError::ShowtimeNotFound(_)) => {}
                Err(e) => return Err(ClientError::Apply(e.to_string())),
            }
        }
        Ok(out)
    }

    /// Note a failure where `sync status` shows it.
    pub async fn record_error(&self, error: &str) {
        let now = stamp(self.clock.now());
        let error = error.chars().take(500).collect::<String>();
        let res = self
            .sales
            .run(move |tx| Ok::<_, DbError>(sync_store::record_error(tx, &error, &now)?))
            .await;
        if let Err(e) = res {
            tracing::warn!(error = %e, "could not record the sync error");
        }
    }

    /// Run until shutdown: resume from central's cursor, drain the outbox, then wait for the
    /// next committed sale (or `interval`); after a failure, back off and resume again once
    /// central answers.
    pub fn spawn(
        self,
        interval: Duration,
        max_backoff: Duration,
        mut shutdown: watch::Receiver<bool>,
    ) {
        let wake = Arc::new(Notify::new());
        self.sales.subscribe(Arc::new(Wake(wake.clone())));
        tokio::spawn(async move {
            let (mut failures, mut resumed) = (0u32, false);
            while !*shutdown.borrow() {
                let outcome = if resumed {
                    self.step().await
                } else {
                    self.resume().await.map(|_| Step::Sent {
                        applied: 0,
                        pending: 1,
                    })
                };
                let wait = match outcome {
                    Ok(step) => {
                        failures = 0;
                        resumed = true;
                        if matches!(step, Step::Sent { pending, .. } if pending > 0) {
                            continue;
                        }
                        // Drained: sleep until a sale commits (or the interval passes),
                        // then give its neighbours a moment to join the batch.
                        tokio::select! {
                            _ = wake.notified() => {}
                            _ = tokio::time::sleep(interval) => {}
                            _ = shutdown.changed() => return,
                        }
                        GATHER
                    }
                    Err(e) => {
                        failures = failures.saturating_add(1);
                        resumed = false;
                        tracing::warn!(error = %e, failures, "sync with central failed");
                        self.record_error(&e.to_string()).await;
                        backoff(failures, interval, max_backoff)
                    }
                };
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = shutdown.changed() => return,
                }
            }
        });
    }
}

/// Exponential backoff from `base`, capped at `max`, with up to 50 % jitter (so a chain's
/// sites do not all come back at once).
pub fn backoff(failures: u32, base: Duration, max: Duration) -> Duration {
    let exp = base.saturating_mul(1u32 << failures.min(16));
    let capped = exp.min(max);
    let jitter = rand::random::<f64>() * 0.5;
    capped.mul_f64(1.0 - jitter).max(Duration::from_millis(10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_then_stays_under_the_cap() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(5);
        let first = backoff(1, base, max);
        assert!(first <= Duration::from_millis(200) && first >= Duration::from_millis(100));
        for n in [10, 20, 1000] {
            let d = backoff(n, base, max);
            assert!(d <= max && d >= max / 2, "{n}: {d:?}");
        }
    }
}
