//! The basket beyond the seats, inside the sale: read the menu, the code and the member's
//! points on the transaction's connection, price them with [`crate::pricing::price`], and
//! carry the consequences through the booking's life — stock and points taken when it is
//! made, the code's use taken when it confirms (and its bonus points), all given back when
//! it expires or is cancelled, points earned when it completes.

use super::{Booking, BookingConcession, BookingsError, Channel};
use crate::concessions::store::Move;
use crate::concessions::{Menu, Order, Reason};
use crate::loyalty::store::NewEntry;
use crate::loyalty::EntryKind;
use crate::pricing::{Extras, PromoInput, Quote};
use crate::promotions::Kind as PromoKind;
use crate::sales::{SaleEvent, Tx};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// What a customer adds to the seats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Basket {
    /// Concessions `{id, qty}`.
    pub concessions: Vec<Order>,
    /// A promotion code.
    pub promo_code: Option<String>,
    /// Loyalty points to redeem.
    pub points: i64,
    /// Who earns and redeems points (the customer online; a member found at the box office).
    pub member_id: Option<String>,
}

impl Basket {
    /// Nothing beyond the seats (and no member): the booking's fast path.
    pub fn is_plain(&self) -> bool {
        self.concessions.is_empty()
            && self.promo_code.is_none()
            && self.points == 0
            && self.member_id.is_none()
    }
}

/// What the code's conditions are checked against.
#[derive(Debug, Clone)]
pub struct SaleContext {
    /// The sale's cinema.
    pub cinema_id: String,
    /// The film (seated sales).
    pub movie_id: Option<String>,
    /// The showtime's day type (seated sales).
    pub day_type: Option<String>,
    /// Today in the cinema's time zone.
    pub today: NaiveDate,
    /// Where the sale is made.
    pub channel: Channel,
}

/// Whose use of a code this sale is: the member, or the customer online.
fn customer<'a>(basket: &'a Basket, user_id: &'a str, channel: Channel) -> Option<&'a str> {
    basket
        .member_id
        .as_deref()
        .or((channel == Channel::Online).then_some(user_id))
}

/// A basket priced inside the sale.
#[derive(Debug, Clone)]
pub struct Priced {
    /// Line by line.
    pub quote: Quote,
    /// The menu it was priced from (stock as read).
    pub menu: Menu,
    /// The promotion of the code, when one exists.
    pub promotion_id: Option<String>,
}

/// Price `basket` on top of `seats` (a seat quote) with the facts read on `conn`.
pub fn price_in(
    conn: &Connection,
    seats: Quote,
    basket: &Basket,
    ctx: &SaleContext,
    user_id: &str,
) -> Result<Priced, BookingsError> {
    let menu = if basket.concessions.is_empty() && basket.promo_code.is_none() {
        Menu::default()
    } else {
        crate::concessions::store::menu(conn)?
    };
    let promotion = match &basket.promo_code {
        Some(code) => crate::promotions::store::by_code(conn, code)?,
        None => None,
    };
    let who = customer(basket, user_id, ctx.channel);
    let user_uses = match (&promotion, who) {
        (Some(p), Some(who)) => crate::promotions::store::uses_by(conn, &p.id, who)?,
        _ => 0,
    };
    let balance = match &basket.member_id {
        Some(m) => Some(crate::loyalty::store::totals(conn, m)?.0),
        None => None,
    };
    let program = crate::loyalty::store::program(conn)?;
    let extras = Extras {
        concessions: &basket.concessions,
        menu: &menu,
        promo: basket.promo_code.as_deref().map(|code| PromoInput {
            code,
            promotion: promotion.as_ref(),
            today: ctx.today,
            cinema_id: &ctx.cinema_id,
            movie_id: ctx.movie_id.as_deref(),
            day_type: ctx.day_type.as_deref(),
            user_uses,
        }),
        points: basket.points,
        balance,
        program,
    };
    let quote = crate::pricing::price(seats, &extras)?;
    Ok(Priced {
        quote,
        menu,
        promotion_id: promotion.map(|p| p.id),
    })
}

/// The booking's figures and lines from its quote; a code that does not apply is refused.
pub fn fill(b: &mut Booking, priced: &Priced, basket: &Basket) -> Result<(), BookingsError> {
    let quote = &priced.quote;
    if let Some(p) = &quote.promotion {
        if !p.applied {
            return Err(BookingsError::Promotion {
                code: p.refusal.as_ref().map_or("unknown", |r| r.code()),
                reason: p.reason.clone().unwrap_or_default(),
            });
        }
        b.promo_code = Some(p.code.to_uppercase());
        b.promotion_id = priced.promotion_id.clone();
    }
    b.subtotal = quote.subtotal.0;
    b.discount = quote.discount.0;
    b.total = quote.total.0;
    b.points_redeemed = quote.points_redeemed;
    b.promo_discount = quote
        .discounts
        .iter()
        .filter(|d| d.source.starts_with("promotion:"))
        .map(|d| d.amount.0)
        .sum();
    b.member_id = basket.member_id.clone();
    b.concessions = quote
        .concessions
        .iter()
        .map(|c| BookingConcession {
            item_id: c.item_id.clone(),
            name: c.name.clone(),
            kind: c.kind.clone(),
            qty: c.qty,
            unit_price: c.unit_price.0,
            free: c.free,
        })
        .collect();
    Ok(())
}

/// Write what the booking takes beyond its seats: its concession lines, their stock, and the
/// points it redeems. Runs in the booking's creating transaction.
pub fn take(tx: &mut Tx<'_>, b: &Booking, menu: &Menu, now: &str) -> Result<(), BookingsError> {
    let mut need: BTreeMap<String, i64> = BTreeMap::new();
    for c in &b.concessions {
        super::store::insert_concession(tx, &b.id, c)?;
        if let Some(item) = menu.get(&c.item_id) {
            menu.add_need(item, i64::from(c.qty), &mut need);
        }
    }
    for (item_id, n) in need {
        crate::concessions::service::record(
            tx,
            &Move {
                item_id: &item_id,
                delta: -n,
                reason: Reason::Sale,
                booking_id: Some(&b.id),
                actor_id: Some(&b.user_id),
                note: "",
                now,
            },
        )?;
    }
    if let (Some(member), true) = (&b.member_id, b.points_redeemed > 0) {
        crate::loyalty::service::record(
            tx,
            &NewEntry {
                user_id: member,
                kind: EntryKind::Redeem,
                points: -b.points_redeemed,
                spend: 0,
                booking_id: Some(&b.id),
                note: "",
                now,
            },
        )?;
    }
    Ok(())
}

/// When the booking confirms: take one use of its code (refused when none is left, for all
/// or for this customer) and give a POINTS code's bonus. A late payment of an expired
/// booking first takes back what its expiry gave back ([`retake`]).
pub fn on_confirm(tx: &mut Tx<'_>, b: &Booking, now: &str) -> Result<(), BookingsError> {
    if b.status == super::BookingStatus::Expired {
        retake(tx, b, now)?;
    }
    let Some(promo_id) = &b.promotion_id else {
        return Ok(());
    };
    let code = b.promo_code.clone().unwrap_or_default();
    let Some(promo) = crate::promotions::store::by_id(tx, promo_id)? else {
        return Ok(());
    };
    let who = customer_of(b);
    if let (Some(limit), Some(who)) = (promo.per_user_limit, who) {
        if crate::promotions::store::uses_by(tx, promo_id, who)? >= limit {
            return Err(BookingsError::PromotionUsedUp(code));
        }
    }
    if !crate::promotions::store::take_use(tx, promo_id, &b.id, who.unwrap_or(""), now)? {
        return Err(BookingsError::PromotionUsedUp(code));
    }
    tx.emit(
        SaleEvent::PromotionUsed {
            promotion_id: promo_id.clone(),
            code: promo.code.clone(),
            booking_id: b.id.clone(),
            user_id: who.unwrap_or("").to_string(),
        },
        now,
    )?;
    if let (PromoKind::Points, Some(member)) = (promo.kind, &b.member_id) {
        crate::loyalty::service::record(
            tx,
            &NewEntry {
                user_id: member,
                kind: EntryKind::Bonus,
                points: promo.value,
                spend: 0,
                booking_id: Some(&b.id),
                note: &promo.code,
                now,
            },
        )?;
    }
    Ok(())
}

/// An expired booking paid late: its concessions' stock is taken again (refused with
/// `OutOfStock` when it has been sold meanwhile). The points it redeemed were released on
/// expiry and may have been spent since; the ledger keeps one REDEEM per booking, so the
/// discount they paid cannot be taken again: refused (`points`), and the payment is kept for
/// a refund by the caller.
fn retake(tx: &mut Tx<'_>, b: &Booking, now: &str) -> Result<(), BookingsError> {
    if b.points_redeemed > 0 && crate::loyalty::store::redeemed_by(tx, &b.id)?.is_none() {
        return Err(crate::loyalty::LoyaltyError::Invalid {
            field: "points",
            problem: format!("its {} redeemed points were given back", b.points_redeemed),
        }
        .into());
    }
    // Expired once at most, so what it must take again is what its expiry returned.
    for (item_id, n) in crate::concessions::store::returned_for_booking(tx, &b.id)? {
        crate::concessions::service::record(
            tx,
            &Move {
                item_id: &item_id,
                delta: -n,
                reason: Reason::Sale,
                booking_id: Some(&b.id),
                actor_id: Some(&b.user_id),
                note: "late payment",
                now,
            },
        )?;
    }
    Ok(())
}

fn customer_of(b: &Booking) -> Option<&str> {
    b.member_id
        .as_deref()
        .or((b.channel == Channel::Online).then_some(b.user_id.as_str()))
}

/// When the booking expires or is cancelled: its stock, points and use of a code go back.
pub fn on_close(tx: &mut Tx<'_>, b: &Booking, now: &str) -> Result<(), BookingsError> {
    return_stock(tx, b, now)?;
    if let Some((member, points)) = crate::loyalty::store::redeemed_by(tx, &b.id)? {
        entry(tx, &member, EntryKind::Release, points, b, "", now)?;
    }
    give_back_code(tx, b, now)
}

fn return_stock(tx: &mut Tx<'_>, b: &Booking, now: &str) -> Result<(), BookingsError> {
    for (item_id, n) in crate::concessions::store::taken_by_booking(tx, &b.id)? {
        crate::concessions::service::record(
            tx,
            &Move {
                item_id: &item_id,
                delta: n,
                reason: Reason::Return,
                booking_id: Some(&b.id),
                actor_id: None,
                note: "",
                now,
            },
        )?;
    }
    Ok(())
}

fn give_back_code(tx: &mut Tx<'_>, b: &Booking, now: &str) -> Result<(), BookingsError> {
    if let Some(promotion_id) = crate::promotions::store::give_back(tx, &b.id, now)? {
        tx.emit(
            SaleEvent::PromotionReturned {
                promotion_id,
                booking_id: b.id.clone(),
            },
            now,
        )?;
    }
    Ok(())
}

/// When a paid booking is refunded: stock and the code's use go back like a cancel, but only
/// `points_back` of the redeemed points are released (a partial refund keeps the rest), and
/// the bonus a POINTS code gave is reversed.
pub fn on_refund(
    tx: &mut Tx<'_>,
    b: &Booking,
    points_back: i64,
    now: &str,
) -> Result<(), BookingsError> {
    return_stock(tx, b, now)?;
    if let Some((member, points)) = crate::loyalty::store::redeemed_by(tx, &b.id)? {
        let back = points_back.clamp(0, points);
        if back > 0 {
            entry(tx, &member, EntryKind::Release, back, b, "refund", now)?;
        }
    }
    if let Some((member, bonus)) = crate::loyalty::store::bonus_of(tx, &b.id)? {
        if bonus > 0 {
            entry(tx, &member, EntryKind::Reverse, -bonus, b, "refund", now)?;
        }
    }
    give_back_code(tx, b, now)
}

fn entry(
    tx: &mut Tx<'_>,
    member: &str,
    kind: EntryKind,
    points: i64,
    b: &Booking,
    note: &str,
    now: &str,
) -> Result<(), BookingsError> {
    crate::loyalty::service::record(
        tx,
        &NewEntry {
            user_id: member,
            kind,
            points,
            spend: 0,
            booking_id: Some(&b.id),
            note,
            now,
        },
    )?;
    Ok(())
}

/// When the show is over: the member earns points on what was paid, and the spend counts
/// toward their tier.
pub fn on_complete(tx: &mut Tx<'_>, b: &Booking, now: &str) -> Result<(), BookingsError> {
    let Some(member) = &b.member_id else {
        return Ok(());
    };
    if b.total <= 0 {
        return Ok(());
    }
    let program = crate::loyalty::store::program(tx)?;
    crate::loyalty::service::record(
        tx,
        &NewEntry {
            user_id: member,
            kind: EntryKind::Earn,
            points: program.earned(b.total),
            spend: b.total,
            booking_id: Some(&b.id),
            note: "",
            now,
        },
    )?;
    Ok(())
}
