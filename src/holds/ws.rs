//! `/ws`: one task per socket. It reads client actions, forwards the joined showtime's events
//! (rendered with `mine` for this viewer) and pings. A slow socket only delays its own task:
//! its broadcast receiver is a bounded cursor, and falling more than the channel's capacity
//! behind ends the subscription with `resync`. Sends that stall past [`SEND_TIMEOUT`] and
//! peers silent past [`IDLE_TIMEOUT`] drop the socket. Disconnecting keeps the user's holds
//! until they expire (like closing a tab); `leave` and joining another showtime release them.

use super::room::{Event, ServerMessage};
use super::{Actor, Holds, HoldsError};
use crate::http::{ApiError, Query};
use crate::users::auth::{resolve, token_from};
use crate::users::AuthUser;
use crate::users::Users;
use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::request::Parts;
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::{timeout, Instant};

/// Interval of the server's pings.
pub const HEARTBEAT: Duration = Duration::from_secs(20);
/// A peer that sends nothing (not even a pong) for this long is dropped.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// A send that takes longer than this drops the socket.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest client message accepted.
const MAX_MESSAGE: usize = 4096;

/// `?token=` for clients that cannot set headers (browsers' WebSocket API).
#[derive(Deserialize)]
pub(super) struct WsParams {
    token: Option<String>,
}

/// Client → server messages.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum ClientMessage {
    Join {
        showtime_id: String,
    },
    Leave,
    HoldSeat {
        showtime_id: String,
        seat_id: String,
    },
    ReleaseSeat {
        showtime_id: String,
        seat_id: String,
    },
    Ping,
}

/// `GET /ws`: authenticate (token query, Bearer header or session cookie; none = watcher),
/// then upgrade. A token that does not verify is refused before the upgrade (401).
pub(super) async fn upgrade(
    State(holds): State<Holds>,
    State(users): State<Users>,
    Query(params): Query<WsParams>,
    parts: Parts,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let user = match params.token.or_else(|| token_from(&parts)) {
        Some(token) => Some(resolve(&users, &token).await?),
        None => None,
    };
    // tungstenite's default 128 KiB read and write buffers per socket cost ~300 KB per idle
    // viewer; seat messages are tiny, so small buffers keep thousands of viewers cheap.
    Ok(ws
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .max_write_buffer_size(256 * 1024)
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |socket| Conn::new(socket, holds, user).run()))
}

struct Conn {
    socket: WebSocket,
    holds: Holds,
    user: Option<AuthUser>,
    viewer: Option<Arc<str>>,
    joined: Option<(String, broadcast::Receiver<Arc<Event>>)>,
    last_heard: Instant,
}

/// Why the connection loop stops.
struct Closed;

impl Conn {
    fn new(socket: WebSocket, holds: Holds, user: Option<AuthUser>) -> Conn {
        let viewer = user.as_ref().map(|u| Arc::from(u.id.as_str()));
        Conn {
            socket,
            holds,
            user,
            viewer,
            joined: None,
            last_heard: Instant::now(),
        }
    }

    async fn run(mut self) {
        let metrics = &crate::http::metrics::METRICS;
        metrics.ws_opened();
        self.serve().await;
        metrics.ws_closed();
    }

    async fn serve(&mut self) {
        let mut heartbeat = tokio::time::interval_at(Instant::now() + HEARTBEAT, HEARTBEAT);
        loop {
            let step = tokio::select! {
                incoming = self.socket.recv() => match incoming {
                    Some(Ok(msg)) => {
                        crate::http::metrics::METRICS.ws_message();
                        self.on_message(msg).await
                    }
                    _ => Err(Closed),
                },
                event = next_event(&mut self.joined) => self.on_event(event).await,
                _ = heartbeat.tick() => self.on_heartbeat().await,
            };
            if step.is_err() {
                break;
            }
        }
    }

    async fn on_message(&mut self, msg: Message) -> Result<(), Closed> {
        self.last_heard = Instant::now();
        let text = match msg {
            Message::Text(t) => t,
            Message::Close(_) => return Err(Closed),
            Message::Ping(_) | Message::Pong(_) => return Ok(()),
            Message::Binary(_) => {
                let e = HoldsError::BadMessage("messages must be JSON text".into());
                return self.refuse(e, None).await;
            }
        };
        let action = match serde_json::from_str::<ClientMessage>(&text) {
            Ok(a) => a,
            Err(e) => {
                return self
                    .refuse(HoldsError::BadMessage(e.to_string()), None)
                    .await
            }
        };
        match action {
            ClientMessage::Ping => self.send_msg(&ServerMessage::Pong).await,
            ClientMessage::Join { showtime_id } => self.join(showtime_id).await,
            ClientMessage::Leave => {
                self.leave();
                Ok(())
            }
            ClientMessage::HoldSeat {
                showtime_id,
                seat_id,
            } => self.act(showtime_id, seat_id, true).await,
            ClientMessage::ReleaseSeat {
                showtime_id,
                seat_id,
            } => self.act(showtime_id, seat_id, false).await,
        }
    }

    async fn join(&mut self, showtime_id: String) -> Result<(), Closed> {
        let switching = self
            .joined
            .as_ref()
            .is_some_and(|(current, _)| *current != showtime_id);
        if switching {
            self.leave();
        }
        match self.holds.join(&showtime_id, self.viewer.as_deref()).await {
            Ok((snapshot, rx)) => {
                self.joined = Some((showtime_id, rx));
                self.send_msg(&snapshot).await
            }
            Err(e) => self.refuse(e, None).await,
        }
    }

    /// Stop watching; the user's holds in the showtime are released.
    fn leave(&mut self) {
        if let Some((showtime_id, _)) = self.joined.take() {
            if let Some(user) = &self.viewer {
                self.holds.release_all(&showtime_id, user);
            }
        }
    }

    /// Hold or release; success is announced through the showtime's events.
    async fn act(
        &mut self,
        showtime_id: String,
        seat_id: String,
        hold: bool,
    ) -> Result<(), Closed> {
        let actor = match self.user.as_ref().map(Actor::from_auth) {
            None => Err(HoldsError::AuthRequired),
            Some(a) => a,
        };
        let result = match actor {
            Err(e) => Err(e),
            Ok(_)
                if self
                    .joined
                    .as_ref()
                    .is_none_or(|(id, _)| *id != showtime_id) =>
            {
                Err(HoldsError::NotJoined(showtime_id.clone()))
            }
            Ok(actor) if hold => self
                .holds
                .hold(&showtime_id, &seat_id, &actor)
                .await
                .map(drop),
            Ok(actor) => self
                .holds
                .release(&showtime_id, &seat_id, &actor)
                .await
                .map(drop),
        };
        match result {
            Ok(()) => Ok(()),
            Err(HoldsError::LimitReached { limit }) => {
                let message = HoldsError::LimitReached { limit }.to_string();
                let msg = ServerMessage::LimitReached {
                    showtime_id,
                    seat_id,
                    limit,
                    message,
                };
                self.send_msg(&msg).await
            }
            Err(e) => self.refuse(e, Some(seat_id)).await,
        }
    }

    async fn on_event(&mut self, event: Result<Arc<Event>, RecvError>) -> Result<(), Closed> {
        match event {
            Ok(event) => {
                let text = event.text_for(self.viewer.as_deref());
                self.send(Message::Text(text)).await
            }
            Err(RecvError::Lagged(_)) => {
                let Some((showtime_id, _)) = self.joined.take() else {
                    return Ok(());
                };
                self.send_msg(&ServerMessage::Resync { showtime_id }).await
            }
            Err(RecvError::Closed) => {
                self.joined = None;
                Ok(())
            }
        }
    }

    async fn on_heartbeat(&mut self) -> Result<(), Closed> {
        if self.last_heard.elapsed() > IDLE_TIMEOUT {
            return Err(Closed);
        }
        self.send(Message::Ping(Default::default())).await
    }

    async fn refuse(&mut self, e: HoldsError, seat_id: Option<String>) -> Result<(), Closed> {
        let message = match &e {
            HoldsError::Facts(cause) => {
                tracing::error!(error = %cause, "seat facts unavailable");
                "Internal server error".to_string()
            }
            other => other.to_string(),
        };
        let msg = ServerMessage::Error {
            code: e.code().to_string(),
            message,
            seat_id,
        };
        self.send_msg(&msg).await
    }

    async fn send_msg(&mut self, msg: &ServerMessage) -> Result<(), Closed> {
        self.send(Message::Text(Utf8Bytes::from(msg.to_json())))
            .await
    }

    async fn send(&mut self, msg: Message) -> Result<(), Closed> {
        match timeout(SEND_TIMEOUT, self.socket.send(msg)).await {
            Ok(Ok(())) => Ok(()),
            _ => Err(Closed),
        }
    }
}

/// The next event of the joined showtime; never resolves when not joined.
async fn next_event(
    joined: &mut Option<(String, broadcast::Receiver<Arc<Event>>)>,
) -> Result<Arc<Event>, RecvError> {
    match joined {
        Some((_, rx)) => rx.recv().await,
        None => std::future::pending().await,
    }
}
