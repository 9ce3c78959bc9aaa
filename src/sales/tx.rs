//! [`Sales`]: the one writer of bookings.db. A sale's parts (bookings, payments, tickets,
//! tills) write through their own stores inside a [`Tx`], append typed events to it, and
//! [`Sales::run`] commits them together and hands the events to whoever reacts in-process,
//! once, in sequence order.

use super::events::SaleEvent;
use super::store;
use crate::db::{Db, DbError};
use rusqlite::Connection;
use std::sync::{Arc, RwLock};

/// An event as committed: its outbox sequence number and the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// Gap-free outbox sequence number.
    pub seq: i64,
    /// What happened.
    pub event: SaleEvent,
}

/// A committed sale: what the parts returned, with the events they appended.
#[derive(Debug, Clone)]
pub struct Committed<R> {
    /// The parts' result.
    pub value: R,
    /// The sale's events in sequence order (empty when nothing changed).
    pub events: Vec<Recorded>,
}

/// Whoever reacts in-process to committed sales (seat-map events, the taken-seat recount,
/// metrics). Called on the writer's thread right after each commit, in commit order, with the
/// next sale already under way: keep it quick and never block on bookings.db.
pub trait React: Send + Sync {
    /// One committed sale's events (never empty).
    fn committed(&self, events: &[Recorded]);
}

/// One write transaction of a sale: the connection for the parts' stores (through `Deref`)
/// and the events appended so far.
pub struct Tx<'c> {
    conn: &'c Connection,
    events: Vec<Recorded>,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Tx<'_> {
    /// Append `event` to the outbox in this transaction (`now`: RFC 3339).
    pub fn emit(&mut self, event: SaleEvent, now: &str) -> rusqlite::Result<i64> {
        let seq = store::append(self.conn, &event, now)?;
        self.events.push(Recorded { seq, event });
        Ok(seq)
    }

    /// Run `f` in a savepoint: if it fails, its writes and its events are undone and the
    /// rest of the transaction goes on.
    pub fn attempt<R, E>(&mut self, f: impl FnOnce(&mut Self) -> Result<R, E>) -> Result<R, E>
    where
        E: From<rusqlite::Error>,
    {
        self.conn.execute_batch("SAVEPOINT attempt")?;
        let mark = self.events.len();
        match f(self) {
            Ok(r) => {
                self.conn.execute_batch("RELEASE attempt")?;
                Ok(r)
            }
            Err(e) => {
                self.conn
                    .execute_batch("ROLLBACK TO attempt; RELEASE attempt")?;
                self.events.truncate(mark);
                Err(e)
            }
        }
    }
}

/// The owner of bookings.db's write transactions.
#[derive(Clone)]
pub struct Sales {
    db: Db,
    reactors: Arc<RwLock<Vec<Arc<dyn React>>>>,
}

impl Sales {
    /// The sales core over bookings.db.
    pub fn new(db: Db) -> Sales {
        Sales {
            db,
            reactors: Arc::default(),
        }
    }

    /// Have `reactor` told of every sale committed from now on.
    pub fn subscribe(&self, reactor: Arc<dyn React>) {
        let mut list = self.reactors.write().unwrap_or_else(|p| p.into_inner());
        list.push(reactor);
    }

    /// Stop telling `reactor` (the same `Arc` that was subscribed).
    pub fn unsubscribe(&self, reactor: &Arc<dyn React>) {
        let mut list = self.reactors.write().unwrap_or_else(|p| p.into_inner());
        list.retain(|r| !Arc::ptr_eq(r, reactor));
    }

    /// Run `f` in one `BEGIN IMMEDIATE` transaction: commit when it returns `Ok` (then tell
    /// the reactors its events), roll back with every event otherwise.
    pub async fn run<R, E, F>(&self, f: F) -> Result<Committed<R>, E>
    where
        F: FnOnce(&mut Tx<'_>) -> Result<R, E> + Send + 'static,
        R: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let reactors = self.reactors.clone();
        self.db
            .write_then(
                move |conn| {
                    let mut tx = Tx {
                        conn,
                        events: Vec::new(),
                    };
                    let value = f(&mut tx)?;
                    Ok(Committed {
                        value,
                        events: tx.events,
                    })
                },
                move |done: &Committed<R>| dispatch(&reactors, &done.events),
            )
            .await
    }

    /// Read bookings.db on a blocking thread (no transaction is opened for writing).
    pub async fn read<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut Connection) -> Result<R, E> + Send + 'static,
        R: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.db.call(f).await
    }

    /// The database file (maintenance and health only).
    pub fn db(&self) -> &Db {
        &self.db
    }
}

fn dispatch(reactors: &RwLock<Vec<Arc<dyn React>>>, events: &[Recorded]) {
    if events.is_empty() {
        return;
    }
    let list: Vec<Arc<dyn React>> = reactors.read().unwrap_or_else(|p| p.into_inner()).clone();
    for r in list {
        // A reactor's bug must not turn a committed sale into an error for its caller.
        let told = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r.committed(events)));
        if told.is_err() {
            tracing::error!(first_seq = events[0].seq, "a sale reactor panicked");
        }
    }
}
