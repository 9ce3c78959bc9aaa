//! One showtime's live state: who holds which seats (by user, for the limit and the shared
//! expiry), the event counter `seq` and the broadcast channel its viewers subscribe to.
//!
//! Every change happens under the room's lock and is numbered and sent under that same lock,
//! so `seq` is gap-free and a snapshot taken under the lock plus the events after it is the
//! exact state.

use axum::extract::ws::Utf8Bytes;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Events a viewer may fall behind by before it is told to resync.
pub(super) const CHANNEL_CAPACITY: usize = 1024;

/// One user's holds in one showtime: they expire together.
#[derive(Debug, Default)]
pub(super) struct Group {
    pub seats: BTreeSet<String>,
    pub expires_at_ms: i64,
}

/// The mutable part of a room.
#[derive(Debug, Default)]
pub(super) struct RoomState {
    /// Number of the last event sent.
    pub seq: u64,
    /// Holds by user.
    pub groups: HashMap<Arc<str>, Group>,
}

/// A showtime's room.
pub(super) struct Room {
    pub state: Mutex<RoomState>,
    pub tx: broadcast::Sender<Arc<Event>>,
}

impl Room {
    pub fn new() -> Room {
        Room {
            state: Mutex::new(RoomState::default()),
            tx: broadcast::channel(CHANNEL_CAPACITY).0,
        }
    }

    /// Number the change, render it for holders and others, send it. Takes the locked state
    /// as proof that the caller holds the lock.
    pub fn publish(&self, st: &mut RoomState, change: Change) -> u64 {
        st.seq += 1;
        let event = Event::render(st.seq, change);
        let _ = self.tx.send(Arc::new(event));
        st.seq
    }
}

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Held,
    Released,
    Expired,
    Booked,
}

/// A change to publish.
pub(super) struct Change {
    pub kind: Kind,
    pub showtime_id: String,
    pub seat_ids: Vec<String>,
    /// Whose seats these were (never sent; only compared per viewer).
    pub holder: Option<Arc<str>>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A numbered event, pre-rendered once for its holder and once for everybody else.
#[derive(Debug)]
pub(crate) struct Event {
    holder: Option<Arc<str>>,
    for_holder: Utf8Bytes,
    for_others: Utf8Bytes,
}

impl Event {
    fn render(seq: u64, c: Change) -> Event {
        let msg = |mine: bool| {
            let showtime_id = c.showtime_id.clone();
            let seat_ids = c.seat_ids.clone();
            let m = match c.kind {
                Kind::Held => ServerMessage::SeatHeld {
                    showtime_id,
                    seq,
                    seat_ids,
                    mine,
                    expires_at: if mine { c.expires_at } else { None },
                },
                Kind::Released => ServerMessage::SeatReleased {
                    showtime_id,
                    seq,
                    seat_ids,
                    mine,
                },
                Kind::Expired => ServerMessage::SeatExpired {
                    showtime_id,
                    seq,
                    seat_ids,
                    mine,
                },
                Kind::Booked => ServerMessage::SeatBooked {
                    showtime_id,
                    seq,
                    seat_ids,
                    mine,
                },
            };
            Utf8Bytes::from(m.to_json())
        };
        Event {
            for_holder: msg(true),
            for_others: msg(false),
            holder: c.holder,
        }
    }

    /// The text a viewer receives: `mine` is true only for the holder.
    pub fn text_for(&self, viewer: Option<&str>) -> Utf8Bytes {
        match (&self.holder, viewer) {
            (Some(h), Some(v)) if **h == *v => self.for_holder.clone(),
            _ => self.for_others.clone(),
        }
    }
}

/// One seat in a snapshot.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SnapshotSeat {
    /// Seat id.
    pub seat_id: String,
    /// Always `held`: a snapshot is the holds overlay of the seat map.
    pub status: &'static str,
    /// Held by the viewer.
    pub mine: bool,
    /// When the viewer's hold expires (only on the viewer's own seats).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Everything the server sends over `/ws`. Holders appear only as `mine`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The holds of a showtime as of `seq`, sent on join.
    Snapshot {
        /// Showtime.
        showtime_id: String,
        /// Events up to this number are included.
        seq: u64,
        /// Every held seat.
        seats: Vec<SnapshotSeat>,
    },
    /// Seats became held.
    SeatHeld {
        /// Showtime.
        showtime_id: String,
        /// Event number.
        seq: u64,
        /// Seats (two for a couple pair).
        seat_ids: Vec<String>,
        /// Held by the viewer.
        mine: bool,
        /// When the viewer's holds expire (only when `mine`).
        #[serde(skip_serializing_if = "Option::is_none")]
        expires_at: Option<DateTime<Utc>>,
    },
    /// Seats became free again (released, or freed by a cancelled/expired booking).
    SeatReleased {
        /// Showtime.
        showtime_id: String,
        /// Event number.
        seq: u64,
        /// Seats.
        seat_ids: Vec<String>,
        /// They were the viewer's.
        mine: bool,
    },
    /// Holds ran out.
    SeatExpired {
        /// Showtime.
        showtime_id: String,
        /// Event number.
        seq: u64,
        /// Seats.
        seat_ids: Vec<String>,
        /// They were the viewer's.
        mine: bool,
    },
    /// Seats were booked.
    SeatBooked {
        /// Showtime.
        showtime_id: String,
        /// Event number.
        seq: u64,
        /// Seats.
        seat_ids: Vec<String>,
        /// Booked by the viewer.
        mine: bool,
    },
    /// A hold was refused because the viewer holds the most seats allowed.
    LimitReached {
        /// Showtime.
        showtime_id: String,
        /// The seat asked for.
        seat_id: String,
        /// Seats allowed per user per showtime.
        limit: u32,
        /// Human-readable.
        message: String,
    },
    /// A refused action (only to the actor).
    Error {
        /// Stable code, e.g. `seat_taken`.
        code: String,
        /// Human-readable.
        message: String,
        /// The seat the action was about.
        #[serde(skip_serializing_if = "Option::is_none")]
        seat_id: Option<String>,
    },
    /// The viewer fell behind: it is no longer joined and must `join` again.
    Resync {
        /// Showtime.
        showtime_id: String,
    },
    /// Answer to `ping`.
    Pong,
}

impl ServerMessage {
    /// JSON text of the message.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{\"type\":\"error\"}"))
    }
}
