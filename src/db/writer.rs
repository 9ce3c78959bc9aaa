//! One writer thread per database file. It owns the file's write connection (its page cache
//! and prepared statements stay warm) and commits queued writes in groups: every write waiting
//! when a transaction begins runs in it, each in its own savepoint, and one `COMMIT` makes
//! them all durable. A write that fails rolls back to its savepoint and the others go on; a
//! commit that fails fails every write of its group. After the commit each write's follow-up
//! runs on this thread, in commit order, and its answer goes back to the waiting task.

use super::DbError;
use rusqlite::Connection;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Instant;
use tokio::sync::oneshot;

/// Most writes committed together.
const MAX_GROUP: usize = 64;

/// A queued write, type-erased.
trait Job: Send {
    /// Run inside the group's transaction; false when it failed. In a savepoint when `alone`
    /// is false, so a failure undoes only its own writes; alone, the caller rolls back.
    fn run(&mut self, conn: &Connection, alone: bool) -> bool;
    /// The group committed: run the follow-up and answer.
    fn committed(self: Box<Self>);
    /// The group did not commit: answer with why.
    fn failed(self: Box<Self>, why: &str);
    /// When it was queued.
    fn queued(&self) -> Instant;
}

/// What one file's writer has done since start (for `/metrics`), in microseconds.
#[derive(Default)]
pub struct WriteStats {
    /// Writes queued.
    pub queued: AtomicU64,
    /// Writes a transaction has started on.
    pub started: AtomicU64,
    /// Time writes waited in the queue, summed.
    pub wait_us: AtomicU64,
    /// Transactions (groups) run.
    pub transactions: AtomicU64,
    /// Time from BEGIN to the end of COMMIT, summed.
    pub transaction_us: AtomicU64,
}

fn micros(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

struct Work<R, E, F, A> {
    /// The runtime of the task that queued the write: follow-ups may spawn tasks on it.
    runtime: Option<tokio::runtime::Handle>,
    f: Option<F>,
    after: Option<A>,
    out: Option<Result<R, E>>,
    reply: Option<oneshot::Sender<Result<R, E>>>,
    queued: Instant,
}

impl<R, E, F, A> Job for Work<R, E, F, A>
where
    F: FnOnce(&Connection) -> Result<R, E> + Send,
    A: FnOnce(&R) + Send,
    R: Send,
    E: From<DbError> + Send,
{
    fn queued(&self) -> Instant {
        self.queued
    }

    fn run(&mut self, conn: &Connection, alone: bool) -> bool {
        let Some(f) = self.f.take() else {
            return false;
        };
        if alone {
            let out = guarded(f, conn);
            let ok = out.is_ok();
            self.out = Some(out);
            return ok;
        }
        if let Err(e) = conn.execute_batch("SAVEPOINT job") {
            self.out = Some(Err(E::from(DbError::from(e))));
            return false;
        }
        let out = guarded(f, conn);
        let undo = if out.is_ok() {
            "RELEASE job"
        } else {
            "ROLLBACK TO job; RELEASE job"
        };
        let ok = match conn.execute_batch(undo) {
            Ok(()) => out.is_ok(),
            Err(e) => {
                self.out = Some(Err(E::from(DbError::from(e))));
                return false;
            }
        };
        self.out = Some(out);
        ok
    }

    fn committed(mut self: Box<Self>) {
        let out = self
            .out
            .take()
            .unwrap_or_else(|| Err(E::from(DbError::Join("write did not run".into()))));
        if let (Ok(value), Some(after)) = (&out, self.after.take()) {
            let _in_runtime = self.runtime.as_ref().map(|rt| rt.enter());
            let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| after(value)));
            if done.is_err() {
                tracing::error!("a follow-up of a committed write panicked");
            }
        }
        if let Some(reply) = self.reply.take() {
            // The caller may have stopped waiting; the write stands either way.
            let _ = reply.send(out);
        }
    }

    fn failed(mut self: Box<Self>, why: &str) {
        if let Some(reply) = self.reply.take() {
            let _ = reply.send(Err(E::from(DbError::Commit(why.to_string()))));
        }
    }
}

/// Run one write; a bug in it must not take the writer thread (and every later write) down.
fn guarded<R, E, F>(f: F, conn: &Connection) -> Result<R, E>
where
    F: FnOnce(&Connection) -> Result<R, E>,
    E: From<DbError>,
{
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(conn)))
        .unwrap_or_else(|_| Err(E::from(DbError::Join("the write panicked".into()))))
}

/// The queue in front of one file's writer thread.
#[derive(Clone)]
pub(super) struct Writer {
    queue: mpsc::Sender<Box<dyn Job>>,
    stats: Arc<WriteStats>,
}

impl Writer {
    /// Start the writer thread of `name` over `conn`; it ends when every handle is dropped.
    pub fn start(name: &'static str, conn: Connection) -> std::io::Result<Writer> {
        let (queue, jobs) = mpsc::channel::<Box<dyn Job>>();
        let stats = Arc::new(WriteStats::default());
        let theirs = stats.clone();
        std::thread::Builder::new()
            .name(format!("sqlite-{name}"))
            .spawn(move || run(name, conn, jobs, &theirs))?;
        Ok(Writer { queue, stats })
    }

    /// What this writer has done.
    pub fn stats(&self) -> &WriteStats {
        &self.stats
    }

    /// Queue `f` (and its follow-up `after`) and wait for the group it joins to commit.
    pub async fn write<R, E, F, A>(&self, f: F, after: A) -> Result<R, E>
    where
        F: FnOnce(&Connection) -> Result<R, E> + Send + 'static,
        A: FnOnce(&R) + Send + 'static,
        R: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(Work {
            runtime: tokio::runtime::Handle::try_current().ok(),
            f: Some(f),
            after: Some(after),
            out: None,
            reply: Some(reply),
            queued: Instant::now(),
        });
        self.stats.queued.fetch_add(1, Ordering::Relaxed);
        self.queue
            .send(job)
            .map_err(|_| E::from(DbError::Join("the database writer has stopped".into())))?;
        answer
            .await
            .map_err(|_| E::from(DbError::Join("the database writer stopped".into())))?
    }
}

fn run(
    name: &'static str,
    conn: Connection,
    jobs: mpsc::Receiver<Box<dyn Job>>,
    stats: &WriteStats,
) {
    while let Ok(first) = jobs.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let begun = Instant::now();
        for job in &group {
            stats.wait_us.fetch_add(
                micros(begun.saturating_duration_since(job.queued())),
                Ordering::Relaxed,
            );
        }
        stats
            .started
            .fetch_add(group.len() as u64, Ordering::Relaxed);
        if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
            let why = e.to_string();
            tracing::error!(db = name, error = %why, "cannot begin a write transaction");
            for job in group {
                job.failed(&why);
            }
            continue;
        }
        // A write on its own needs no savepoint: if it fails, the transaction rolls back.
        let alone = group.len() == 1;
        let mut ran = Vec::with_capacity(group.len());
        let mut all_ok = true;
        for mut job in group {
            all_ok &= job.run(&conn, alone);
            ran.push(job);
        }
        let end = if alone && !all_ok {
            "ROLLBACK"
        } else {
            "COMMIT"
        };
        let ended = conn.execute_batch(end);
        stats.transactions.fetch_add(1, Ordering::Relaxed);
        stats
            .transaction_us
            .fetch_add(micros(begun.elapsed()), Ordering::Relaxed);
        match ended {
            Ok(()) => {
                for job in ran {
                    job.committed();
                }
            }
            Err(e) => {
                let why = e.to_string();
                tracing::error!(db = name, error = %why, "commit failed");
                let _ = conn.execute_batch("ROLLBACK");
                for job in ran {
                    job.failed(&why);
                }
            }
        }
    }
}
