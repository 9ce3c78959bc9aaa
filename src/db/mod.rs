//! One SQLite file per domain. [`Db`] is a connection pool for one file; [`Databases`] opens
//! every file, applying `schema.sql` migrations. SQLite work runs on blocking threads via
//! [`Db::call`] / [`Db::write`], never on the async executor.

pub mod maintenance;
pub mod schema;
mod writer;

pub use writer::WriteStats;

use crate::config::{Storage, Synchronous};
use r2d2::Pool;
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// Page cache of each reading connection, KiB.
const READ_CACHE_KIB: u32 = 2048;
/// Page cache of the writer's connection, KiB (it touches every table a sale changes).
const WRITE_CACHE_KIB: u32 = 4096;

/// The database files, by domain.
pub const NAMES: [&str; 5] = ["users", "catalog", "cinemas", "bookings", "central"];

/// A failure talking to SQLite.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite itself.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// The pool could not hand out a connection.
    #[error("connection pool: {0}")]
    Pool(#[from] r2d2::Error),
    /// The blocking task died.
    #[error("database task failed: {0}")]
    Join(String),
    /// The schema is newer than this binary or could not be applied.
    #[error("schema: {0}")]
    Schema(String),
    /// The group of writes this one was part of did not commit.
    #[error("commit failed: {0}")]
    Commit(String),
}

/// A pooled handle to one database file.
#[derive(Clone)]
pub struct Db {
    pool: Pool<SqliteConnectionManager>,
    /// The file's one writer: writes queue here rather than in SQLite's busy handler (which
    /// sleeps in steps of up to 100 ms while another writer holds the lock), and are
    /// committed in groups.
    writer: writer::Writer,
    name: &'static str,
    path: std::sync::Arc<Path>,
}

/// Prepared statements kept per connection (every statement a domain's store runs fits).
const STATEMENT_CACHE: usize = 256;

impl Db {
    /// What this file's writer has done since start: queue waits and transaction times.
    pub fn write_stats(&self) -> &writer::WriteStats {
        self.writer.stats()
    }

    /// Open (creating if needed) `<dir>/<name>.db`, configure every connection, migrate.
    pub fn open(dir: &Path, name: &'static str, storage: &Storage) -> Result<Db, DbError> {
        let path = dir.join(format!("{name}.db"));
        let sync = match storage.synchronous {
            Synchronous::Normal => "NORMAL",
            Synchronous::Full => "FULL",
        };
        let busy = storage.busy_timeout_ms;
        // WAL is a property of the file: set it once, before the pool opens its connections
        // in parallel (switching a fresh file to WAL from several at once fails with
        // "database is locked").
        {
            let c = Connection::open(&path).map_err(DbError::from)?;
            c.busy_timeout(Duration::from_millis(busy))
                .map_err(DbError::from)?;
            c.execute_batch("PRAGMA journal_mode=WAL;")
                .map_err(DbError::from)?;
        }
        let init = move |c: &mut Connection, cache_kib: u32| -> rusqlite::Result<()> {
            c.busy_timeout(Duration::from_millis(busy))?;
            // rusqlite keeps 16 prepared statements by default; one sale uses more than that
            // on the writer, and an evicted statement is parsed and planned again.
            c.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
            c.execute_batch(&format!(
                "PRAGMA foreign_keys=ON; PRAGMA synchronous={sync}; PRAGMA cache_size=-{cache_kib};"
            ))
        };
        let manager =
            SqliteConnectionManager::file(&path).with_init(move |c| init(c, READ_CACHE_KIB));
        // Every reader opens at start: growing the pool on demand (min_idle 1) left a burst of
        // twenty first reads waiting on r2d2 for good. Their page caches fill only as used.
        let pool = Pool::builder()
            .max_size(storage.pool_size)
            .min_idle(None)
            .connection_timeout(Duration::from_secs(10))
            .build(manager)?;
        {
            let mut conn = pool.get()?;
            schema::migrate(&mut conn, name)?;
        }
        let mut conn = Connection::open(&path)?;
        init(&mut conn, WRITE_CACHE_KIB)?;
        let writer = writer::Writer::start(name, conn)
            .map_err(|e| DbError::Schema(format!("cannot start the writer of {name}.db: {e}")))?;
        Ok(Db {
            pool,
            writer,
            name,
            path: path.into(),
        })
    }

    /// Which domain file this is.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Path of the file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Run `f` with a pooled connection on a blocking thread.
    pub async fn call<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut Connection) -> Result<R, E> + Send + 'static,
        R: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
        .map_err(|e| E::from(DbError::Join(e.to_string())))?
    }

    /// Run `f` inside a write transaction of this file's writer thread; its writes commit if
    /// it returns `Ok` (together with the other writes of its group), and are undone otherwise.
    pub async fn write<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&Connection) -> Result<R, E> + Send + 'static,
        R: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.writer.write(f, |_| {}).await
    }

    /// [`Db::write`], then `after` with the committed value on the writer thread: once per
    /// commit, in commit order, even if the caller stops waiting.
    pub async fn write_then<R, E, F, A>(&self, f: F, after: A) -> Result<R, E>
    where
        F: FnOnce(&Connection) -> Result<R, E> + Send + 'static,
        A: FnOnce(&R) + Send + 'static,
        R: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.writer.write(f, after).await
    }

    /// Synchronous access for CLI commands and start-up.
    pub fn blocking<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut Connection) -> Result<R, E>,
        E: From<DbError>,
    {
        let mut conn = self.pool.get().map_err(DbError::from)?;
        f(&mut conn)
    }
}

/// The domain databases of a data dir.
#[derive(Clone)]
pub struct Databases {
    /// Accounts, roles, permissions.
    pub users: Db,
    /// Movies, genres, releases.
    pub catalog: Db,
    /// Cinemas, halls, seats, pricing, showtimes.
    pub cinemas: Db,
    /// Bookings, payments, tickets and everything that changes with a sale.
    pub bookings: Db,
    /// Head office: what sites pushed (empty on a site).
    pub central: Db,
}

impl Databases {
    /// Create the data dir if needed and open (creating/migrating) every file.
    pub fn open(storage: &Storage) -> Result<Databases, DbError> {
        let dir = &storage.data_dir;
        std::fs::create_dir_all(dir)
            .map_err(|e| DbError::Schema(format!("cannot create {}: {e}", dir.display())))?;
        Ok(Databases {
            users: Db::open(dir, "users", storage)?,
            catalog: Db::open(dir, "catalog", storage)?,
            cinemas: Db::open(dir, "cinemas", storage)?,
            bookings: Db::open(dir, "bookings", storage)?,
            central: Db::open(dir, "central", storage)?,
        })
    }

    /// All of them, in a fixed order.
    pub fn all(&self) -> [&Db; 5] {
        [
            &self.users,
            &self.catalog,
            &self.cinemas,
            &self.bookings,
            &self.central,
        ]
    }
}
