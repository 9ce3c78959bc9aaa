//! The one source of "now" for every time rule (hold TTL, pending expiry, showtime status, ...).
//! Production uses the system clock; tests hold a [`ManualClock`] and move it.

use chrono::{DateTime, Duration, Utc};
use std::sync::{Arc, RwLock};

/// Something that tells the time.
pub trait TimeSource: Send + Sync + 'static {
    /// The current instant in UTC.
    fn now(&self) -> DateTime<Utc>;
}

/// Shared handle to the application's clock.
#[derive(Clone)]
pub struct Clock(Arc<dyn TimeSource>);

impl Clock {
    /// The wall clock.
    pub fn system() -> Self {
        Clock(Arc::new(SystemTime))
    }

    /// A clock that only moves when told to; returns the handle used to move it.
    pub fn manual(start: DateTime<Utc>) -> (Self, ManualClock) {
        let manual = ManualClock(Arc::new(RwLock::new(start)));
        (Clock(Arc::new(manual.clone())), manual)
    }

    /// The current instant in UTC.
    pub fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }

    /// The current instant as milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }
}

struct SystemTime;

impl TimeSource for SystemTime {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A settable clock for tests and simulations.
#[derive(Clone)]
pub struct ManualClock(Arc<RwLock<DateTime<Utc>>>);

impl ManualClock {
    /// Jump to an instant.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Ok(mut t) = self.0.write() {
            *t = to;
        }
    }

    /// Move forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        if let Ok(mut t) = self.0.write() {
            *t += by;
        }
    }
}

impl TimeSource for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
            .read()
            .map(|t| *t)
            .unwrap_or_else(|p| *p.into_inner())
    }
}

/// The one text form of an instant in the databases: RFC 3339 UTC with milliseconds and `Z`,
/// so that text comparison in SQL orders instants correctly.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
