//! The hold rules as pure decisions over a showtime's facts and its current holds. The caller
//! runs them under the showtime's lock and applies the plan under that same lock.

use super::facts::{SeatCondition, SeatFact, ShowtimeFacts};
use super::room::RoomState;
use super::HoldsError;
use crate::config;
use std::sync::Arc;

/// What a successful hold changes.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct HoldPlan {
    /// The seats of the unit (one seat, or both seats of a couple pair).
    pub units: Vec<String>,
    /// How many of them the user does not hold yet.
    pub fresh: usize,
}

/// Who is asking.
pub(super) struct Asker<'a> {
    pub user: &'a str,
    /// May take the seats kept for the box office.
    pub box_office: bool,
    /// The clock, Unix milliseconds.
    pub now_ms: i64,
}

/// Decide a hold of `seat_id`. `holder_of` tells who holds a seat now.
pub(super) fn plan_hold(
    facts: &ShowtimeFacts,
    st: &RoomState,
    seat_id: &str,
    asker: &Asker<'_>,
    holder_of: &dyn Fn(&str) -> Option<Arc<str>>,
    limits: &config::Holds,
) -> Result<HoldPlan, HoldsError> {
    let seat = facts
        .seats
        .get(seat_id)
        .ok_or_else(|| HoldsError::UnknownSeat(seat_id.to_string()))?;
    if !facts.on_sale {
        return Err(HoldsError::NotOnSale);
    }
    facts.window.check(asker.now_ms, asker.box_office)?;
    usable(seat)?;
    let mine = |id: &str| holder_of(id).is_some_and(|h| *h == *asker.user);
    if !mine(seat_id) && holder_of(seat_id).is_some() {
        return Err(HoldsError::SeatTaken(seat.label.clone()));
    }
    let mut units = vec![seat_id.to_string()];
    if let Some(partner_id) = &seat.couple_with {
        let partner_ok = facts.seats.get(partner_id).is_some_and(|p| {
            usable(p).is_ok() && (mine(partner_id) || holder_of(partner_id).is_none())
        });
        if !partner_ok {
            return Err(HoldsError::CouplePartnerUnavailable {
                seat: seat.label.clone(),
                partner: facts
                    .seats
                    .get(partner_id)
                    .map_or_else(|| partner_id.clone(), |p| p.label.clone()),
            });
        }
        units.push(partner_id.clone());
    }
    let fresh = units.iter().filter(|id| !mine(id)).count();
    if fresh == 0 {
        return Ok(HoldPlan { units, fresh });
    }
    let already = st.groups.get(asker.user).map_or(0, |g| g.seats.len());
    if already + fresh > limits.max_per_user as usize {
        return Err(HoldsError::LimitReached {
            limit: limits.max_per_user,
        });
    }
    let cutoff = limits.remote_sales_cutoff as usize;
    if cutoff > 0 && !asker.box_office {
        let sellable = facts.seats.values().filter(|s| s.sellable()).count();
        let held = st
            .groups
            .values()
            .flat_map(|g| g.seats.iter())
            .filter(|id| facts.seats.get(*id).is_some_and(SeatFact::sellable))
            .count();
        let available = sellable.saturating_sub(held);
        if available < cutoff + fresh {
            return Err(HoldsError::BoxOfficeOnly {
                cutoff: limits.remote_sales_cutoff,
            });
        }
    }
    Ok(HoldPlan { units, fresh })
}

/// Decide a release: the seat (and its couple partner) must be the user's.
pub(super) fn plan_release(
    facts: &ShowtimeFacts,
    seat_id: &str,
    user: &str,
    holder_of: &dyn Fn(&str) -> Option<Arc<str>>,
) -> Result<Vec<String>, HoldsError> {
    let seat = facts
        .seats
        .get(seat_id)
        .ok_or_else(|| HoldsError::UnknownSeat(seat_id.to_string()))?;
    let mine = |id: &str| holder_of(id).is_some_and(|h| *h == *user);
    if !mine(seat_id) {
        return Err(HoldsError::NotHeld(seat.label.clone()));
    }
    let mut units = vec![seat_id.to_string()];
    if let Some(partner) = seat.couple_with.as_ref().filter(|p| mine(p)) {
        units.push(partner.clone());
    }
    Ok(units)
}

fn usable(seat: &SeatFact) -> Result<(), HoldsError> {
    let out_of_order = |state| {
        Err(HoldsError::SeatOutOfOrder {
            label: seat.label.clone(),
            state,
        })
    };
    match seat.state {
        SeatCondition::Broken => return out_of_order("broken"),
        SeatCondition::Maintenance => return out_of_order("maintenance"),
        SeatCondition::Active => {}
    }
    if seat.taken {
        return Err(HoldsError::SeatSold(seat.label.clone()));
    }
    Ok(())
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
