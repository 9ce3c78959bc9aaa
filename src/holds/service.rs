//! The holds service: hold and release under each showtime's lock, the read side for the
//! seat map, the hooks bookings will call, and the expiry sweep.

use super::book::{Hold, HoldBook};
use super::facts::{FactsSource, ShowtimeFacts};
use super::room::{Change, Event, Kind, Room, RoomState, ServerMessage, SnapshotSeat};
use super::rules::{self, Asker};
use super::HoldsError;
use crate::clock::Clock;
use crate::config;
use crate::users::AuthUser;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;
use tokio::sync::broadcast;

/// Who is holding: a signed-in user who may book.
#[derive(Debug, Clone)]
pub struct Actor {
    /// User id (never sent to other clients).
    pub user_id: Arc<str>,
    /// Has `booking:sell`: may take the seats kept for the box office.
    pub box_office: bool,
}

impl Actor {
    /// The actor for a signed-in user; refused unless the user may book or sell.
    pub fn from_auth(user: &AuthUser) -> Result<Actor, HoldsError> {
        let box_office = user.can("booking:sell");
        if !box_office && !user.can("booking:create") {
            return Err(HoldsError::Forbidden);
        }
        Ok(Actor {
            user_id: Arc::from(user.id.as_str()),
            box_office,
        })
    }
}

/// The outcome of a hold or release.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct HeldSeats {
    /// Showtime.
    pub showtime_id: String,
    /// The seats changed (two for a couple pair).
    pub seat_ids: Vec<String>,
    /// Number of the event that announced the change.
    pub seq: u64,
    /// When the user's holds in this showtime expire (holds only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Live seat holds of every showtime of this site. Cheap to clone.
#[derive(Clone)]
pub struct Holds {
    inner: Arc<Inner>,
}

struct Inner {
    book: HoldBook,
    rooms: RwLock<HashMap<String, Room>>,
    facts: Arc<dyn FactsSource>,
    clock: Clock,
    limits: config::Holds,
}

impl Holds {
    /// Seats held right now, across every showtime (health and metrics).
    pub fn held_seats(&self) -> u64 {
        self.inner.book.settled_len()
    }

    /// Drop cached facts of a showtime after a booking took or freed seats.
    pub fn invalidate_facts(&self, showtime_id: &str) {
        self.inner.facts.invalidate(showtime_id);
    }

    /// Seats of a showtime became taken by a booking (`true`) or free again (`false`).
    pub fn facts_taken(&self, showtime_id: &str, seat_ids: &[String], taken: bool) {
        self.inner.facts.set_taken(showtime_id, seat_ids, taken);
    }

    /// A service over `facts`, with TTL and limits from settings.
    pub fn new(limits: config::Holds, clock: Clock, facts: Arc<dyn FactsSource>) -> Holds {
        let safety_ttl = Duration::from_secs(limits.ttl_secs.saturating_mul(2) + 60);
        Holds {
            inner: Arc::new(Inner {
                book: HoldBook::new(safety_ttl, 1_000_000),
                rooms: RwLock::new(HashMap::new()),
                facts,
                clock,
                limits,
            }),
        }
    }

    /// Hold a seat (both seats of a couple pair) for the actor, refreshing all the actor's
    /// holds in the showtime. Announced to every viewer as `seat_held`.
    pub async fn hold(
        &self,
        showtime_id: &str,
        seat_id: &str,
        actor: &Actor,
    ) -> Result<HeldSeats, HoldsError> {
        let facts = self.facts_of(showtime_id).await?;
        let ttl = i64::try_from(self.inner.limits.ttl_secs).unwrap_or(i64::MAX / 2_000);
        let expires_at = self.inner.clock.now() + chrono::Duration::seconds(ttl);
        let expires_at_ms = expires_at.timestamp_millis();
        let book = &self.inner.book;
        self.with_room(showtime_id, true, |room, st| {
            let holder_of = |seat: &str| book.get(showtime_id, seat).map(|h| h.user);
            let asker = Asker {
                user: &actor.user_id,
                box_office: actor.box_office,
                now_ms: self.inner.clock.now().timestamp_millis(),
            };
            let plan =
                rules::plan_hold(&facts, st, seat_id, &asker, &holder_of, &self.inner.limits)?;
            let group = st.groups.entry(actor.user_id.clone()).or_default();
            group.seats.extend(plan.units.iter().cloned());
            group.expires_at_ms = expires_at_ms;
            for seat in &group.seats {
                let hold = Hold {
                    user: actor.user_id.clone(),
                };
                book.put(showtime_id, seat, hold);
            }
            let seq = room.publish(
                st,
                Change {
                    kind: Kind::Held,
                    showtime_id: showtime_id.to_string(),
                    seat_ids: plan.units.clone(),
                    holder: Some(actor.user_id.clone()),
                    expires_at: Some(expires_at),
                },
            );
            Ok(HeldSeats {
                showtime_id: showtime_id.to_string(),
                seat_ids: plan.units,
                seq,
                expires_at: Some(expires_at),
            })
        })
        .unwrap_or_else(|| Err(HoldsError::UnknownShowtime(showtime_id.to_string())))
    }

    /// Release one of the actor's seats (both of a couple pair). Announced as `seat_released`.
    pub async fn release(
        &self,
        showtime_id: &str,
        seat_id: &str,
        actor: &Actor,
    ) -> Result<HeldSeats, HoldsError> {
        let facts = self.facts_of(showtime_id).await?;
        let book = &self.inner.book;
        let label = facts
            .seats
            .get(seat_id)
            .map_or_else(|| seat_id.to_string(), |s| s.label.clone());
        self.with_room(showtime_id, false, |room, st| {
            let holder_of = |seat: &str| book.get(showtime_id, seat).map(|h| h.user);
            let units = rules::plan_release(&facts, seat_id, &actor.user_id, &holder_of)?;
            Ok(self.drop_holds(room, st, showtime_id, &actor.user_id, units, Kind::Released))
        })
        .unwrap_or_else(|| {
            if facts.seats.contains_key(seat_id) {
                Err(HoldsError::NotHeld(label))
            } else {
                Err(HoldsError::UnknownSeat(seat_id.to_string()))
            }
        })
    }

    /// Release all of a user's holds in one showtime (leaving it, or moving to another).
    pub fn release_all(&self, showtime_id: &str, user_id: &str) -> Option<HeldSeats> {
        self.with_room(showtime_id, false, |room, st| {
            let seats: Vec<String> = st.groups.get(user_id)?.seats.iter().cloned().collect();
            let user: Arc<str> = Arc::from(user_id);
            Some(self.drop_holds(room, st, showtime_id, &user, seats, Kind::Released))
        })
        .flatten()
    }

    /// Release a user's holds in every showtime (logout). Returns how many seats were freed.
    pub fn release_user_everywhere(&self, user_id: &str) -> usize {
        let ids: Vec<String> = self.rooms_read().keys().cloned().collect();
        ids.iter()
            .filter_map(|id| self.release_all(id, user_id))
            .map(|h| h.seat_ids.len())
            .sum()
    }

    /// The holds overlay of a showtime's seat map as of `seq`: held seat → held by `viewer`.
    pub fn overlay(&self, showtime_id: &str, viewer: Option<&str>) -> (u64, HashMap<String, bool>) {
        self.with_room(showtime_id, false, |_, st| {
            let mut seats = HashMap::new();
            for (user, group) in &st.groups {
                let mine = viewer.is_some_and(|v| **user == *v);
                for seat in &group.seats {
                    seats.insert(seat.clone(), mine);
                }
            }
            (st.seq, seats)
        })
        .unwrap_or_default()
    }

    /// The cached facts of a showtime's seats: which are sold or pending (holds, which come
    /// and go, are not in them).
    pub async fn seat_facts(&self, showtime_id: &str) -> Result<Arc<ShowtimeFacts>, HoldsError> {
        self.facts_of(showtime_id).await
    }

    /// The seats a user holds in a showtime, sorted.
    pub fn held_by(&self, showtime_id: &str, user_id: &str) -> Vec<String> {
        self.with_room(showtime_id, false, |_, st| {
            st.groups
                .get(user_id)
                .map(|g| g.seats.iter().cloned().collect())
        })
        .flatten()
        .unwrap_or_default()
    }

    /// After a booking of `seat_ids` by `user_id` is committed: drop the holds on those seats
    /// (whoever held them; the seats are sold now) without a `seat_released`, and announce
    /// `seat_booked` (`mine` for the booker). Returns the event's `seq` (0: nobody watching).
    pub fn convert_to_booking(&self, showtime_id: &str, user_id: &str, seat_ids: &[String]) -> u64 {
        self.booked(showtime_id, Some(Arc::from(user_id)), seat_ids)
    }

    /// Seats were sold without holds (e.g. replicated from elsewhere): as
    /// [`convert_to_booking`](Self::convert_to_booking) with no booker.
    pub fn publish_booked(&self, showtime_id: &str, seat_ids: &[String]) -> u64 {
        self.booked(showtime_id, None, seat_ids)
    }

    /// Seats of a cancelled or expired booking are free again: announce `seat_released`.
    pub fn publish_freed(&self, showtime_id: &str, seat_ids: &[String]) -> u64 {
        self.with_room(showtime_id, false, |room, st| {
            room.publish(
                st,
                change(Kind::Released, showtime_id, seat_ids.to_vec(), None),
            )
        })
        .unwrap_or(0)
    }

    /// Number of held seats in the whole site (health and metrics).
    pub fn held_seat_count(&self) -> u64 {
        self.inner.book.len()
    }

    /// One expiry pass: run the cache's maintenance, expire every user group whose time (by
    /// the application clock) has come, handle safety-net evictions, drop idle rooms.
    /// Returns the number of seats expired.
    pub fn sweep(&self) -> usize {
        let book = &self.inner.book;
        book.run_pending_tasks();
        let evicted = book.drain_evicted();
        let now = self.inner.clock.now_ms();
        let mut expired = 0;
        let mut idle = false;
        {
            let rooms = self.rooms_read();
            for (showtime_id, room) in rooms.iter() {
                let mut st = room.state.lock().unwrap_or_else(PoisonError::into_inner);
                let due: Vec<Arc<str>> = st
                    .groups
                    .iter()
                    .filter(|(_, g)| g.expires_at_ms <= now)
                    .map(|(u, _)| u.clone())
                    .collect();
                for user in due {
                    let seats: Vec<String> = st
                        .groups
                        .get(&user)
                        .map(|g| g.seats.iter().cloned().collect())
                        .unwrap_or_default();
                    expired += seats.len();
                    self.drop_holds(room, &mut st, showtime_id, &user, seats, Kind::Expired);
                }
                idle |= st.groups.is_empty() && room.tx.receiver_count() == 0;
            }
            for ((showtime_id, seat), hold) in evicted {
                let Some(room) = rooms.get(&showtime_id) else {
                    continue;
                };
                let mut st = room.state.lock().unwrap_or_else(PoisonError::into_inner);
                let Some(group) = st.groups.get_mut(&hold.user) else {
                    continue;
                };
                if !group.seats.remove(&seat) {
                    continue;
                }
                if group.seats.is_empty() {
                    st.groups.remove(&hold.user);
                }
                // Someone may have taken the seat since; then it is not free to announce.
                if book.get(&showtime_id, &seat).is_none() {
                    expired += 1;
                    let c = change(Kind::Expired, &showtime_id, vec![seat], Some(hold.user));
                    room.publish(&mut st, c);
                }
            }
        }
        if idle {
            let mut rooms = self
                .inner
                .rooms
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            rooms.retain(|_, room| {
                let st = room.state.lock().unwrap_or_else(PoisonError::into_inner);
                !st.groups.is_empty() || room.tx.receiver_count() > 0
            });
        }
        expired
    }

    /// Start watching a showtime: its holds as of now and the events after them.
    pub(crate) async fn join(
        &self,
        showtime_id: &str,
        viewer: Option<&str>,
    ) -> Result<(ServerMessage, broadcast::Receiver<Arc<Event>>), HoldsError> {
        self.facts_of(showtime_id).await?;
        self.with_room(showtime_id, true, |room, st| {
            let rx = room.tx.subscribe();
            let mut seats = Vec::new();
            for (user, group) in &st.groups {
                let mine = viewer.is_some_and(|v| **user == *v);
                let expires_at = mine
                    .then(|| DateTime::from_timestamp_millis(group.expires_at_ms))
                    .flatten();
                for seat in &group.seats {
                    seats.push(SnapshotSeat {
                        seat_id: seat.clone(),
                        status: "held",
                        mine,
                        expires_at,
                    });
                }
            }
            seats.sort_by(|a, b| a.seat_id.cmp(&b.seat_id));
            let snapshot = ServerMessage::Snapshot {
                showtime_id: showtime_id.to_string(),
                seq: st.seq,
                seats,
            };
            (snapshot, rx)
        })
        .ok_or_else(|| HoldsError::UnknownShowtime(showtime_id.to_string()))
    }

    fn booked(&self, showtime_id: &str, booker: Option<Arc<str>>, seat_ids: &[String]) -> u64 {
        let book = &self.inner.book;
        self.with_room(showtime_id, false, |room, st| {
            for seat in seat_ids {
                book.remove(showtime_id, seat, None);
            }
            st.groups.retain(|_, g| {
                g.seats.retain(|s| !seat_ids.contains(s));
                !g.seats.is_empty()
            });
            room.publish(
                st,
                change(Kind::Booked, showtime_id, seat_ids.to_vec(), booker),
            )
        })
        .unwrap_or(0)
    }

    /// Remove `seats` of `user` from the book and the user's group and announce `kind`.
    fn drop_holds(
        &self,
        room: &Room,
        st: &mut RoomState,
        showtime_id: &str,
        user: &Arc<str>,
        seats: Vec<String>,
        kind: Kind,
    ) -> HeldSeats {
        for seat in &seats {
            self.inner.book.remove(showtime_id, seat, Some(user));
        }
        if let Some(group) = st.groups.get_mut(user) {
            for seat in &seats {
                group.seats.remove(seat);
            }
            if group.seats.is_empty() {
                st.groups.remove(user);
            }
        }
        let seq = room.publish(
            st,
            change(kind, showtime_id, seats.clone(), Some(user.clone())),
        );
        HeldSeats {
            showtime_id: showtime_id.to_string(),
            seat_ids: seats,
            seq,
            expires_at: None,
        }
    }

    async fn facts_of(&self, showtime_id: &str) -> Result<Arc<ShowtimeFacts>, HoldsError> {
        self.inner
            .facts
            .facts(showtime_id)
            .await?
            .ok_or_else(|| HoldsError::UnknownShowtime(showtime_id.to_string()))
    }

    fn rooms_read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Room>> {
        self.inner
            .rooms
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Run `f` under the showtime's lock (creating the room if asked). The registry stays
    /// read-locked meanwhile, so the sweep cannot drop a room while it is in use.
    fn with_room<R>(
        &self,
        showtime_id: &str,
        create: bool,
        f: impl FnOnce(&Room, &mut RoomState) -> R,
    ) -> Option<R> {
        {
            let rooms = self.rooms_read();
            if let Some(room) = rooms.get(showtime_id) {
                let mut st = room.state.lock().unwrap_or_else(PoisonError::into_inner);
                return Some(f(room, &mut st));
            }
        }
        if !create {
            return None;
        }
        let mut rooms = self
            .inner
            .rooms
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let room = rooms
            .entry(showtime_id.to_string())
            .or_insert_with(Room::new);
        let mut st = room.state.lock().unwrap_or_else(PoisonError::into_inner);
        Some(f(room, &mut st))
    }
}

fn change(
    kind: Kind,
    showtime_id: &str,
    seat_ids: Vec<String>,
    holder: Option<Arc<str>>,
) -> Change {
    Change {
        kind,
        showtime_id: showtime_id.to_string(),
        seat_ids,
        holder,
        expires_at: None,
    }
}
