//! The live seat map a client reads: the hall's seats from cinemas (available / broken /
//! maintenance), then pending and sold seats from bookings, then holds from the hold book,
//! with the showtime's current event `seq` so a client can line it up with the live stream.

use crate::bookings::Taken;
use crate::cinemas::{SeatMap, SeatState};
use crate::http::ApiError;
use crate::state::AppState;

/// The seat map of a showtime as `viewer` (if signed in) sees it.
pub async fn live_seat_map(
    state: &AppState,
    showtime_id: &str,
    viewer: Option<&str>,
) -> Result<SeatMap, ApiError> {
    let mut map = state.cinemas.seat_map(showtime_id).await?;
    let taken = state.bookings.taken(showtime_id).await?;
    // Read the holds after the ledger: a hold turning into a booking in between shows as
    // pending rather than vanishing.
    let (seq, held) = state.holds.overlay(showtime_id, viewer);
    for (seat_id, t) in &taken {
        let s = match t {
            Taken::Pending => SeatState::Pending,
            Taken::Sold => SeatState::Sold,
        };
        map.set_state(seat_id, s, false);
    }
    for (seat_id, mine) in held {
        if !taken.contains_key(&seat_id) {
            map.set_state(&seat_id, SeatState::Held, mine);
        }
    }
    map.seq = seq;
    map.recount();
    Ok(map)
}
