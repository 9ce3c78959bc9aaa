//! Rules of the menu: managers (`concession:manage`) add and change items and record stock
//! movements (restock, write-off) with a reason; everyone reads the active menu. Every write
//! goes through the sales core, so its movements reach the outbox.

use super::store::{self, Move};
use super::{ConcessionsError, Item, Kind, Menu, Movement, NewItem, Reason};
use crate::clock::{stamp, Clock};
use crate::sales::{SaleEvent, Sales, Tx};
use crate::users::AuthUser;

/// Longest name and note kept.
const MAX_TEXT: usize = 200;

/// The concessions service over bookings.db.
#[derive(Clone)]
pub struct Concessions {
    sales: Sales,
    clock: Clock,
}

/// A stock movement a manager records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockChange {
    /// Delivered: add.
    Restock,
    /// Spoiled or broken: take away.
    WriteOff,
}

impl Concessions {
    /// The service.
    pub fn new(sales: Sales, clock: Clock) -> Concessions {
        Concessions { sales, clock }
    }

    /// Every item (inactive too), each combo with its parts and what its parts make.
    pub async fn menu(&self) -> Result<Menu, ConcessionsError> {
        self.sales.read(|c| store::menu(c)).await
    }

    /// The items on sale now, in menu order.
    pub async fn on_sale(&self) -> Result<Vec<Item>, ConcessionsError> {
        let menu = self.menu().await?;
        Ok(menu.items().iter().filter(|i| i.active).cloned().collect())
    }

    /// One item with its parts.
    pub async fn get(&self, id: &str) -> Result<Item, ConcessionsError> {
        let menu = self.menu().await?;
        menu.get(id)
            .cloned()
            .ok_or_else(|| ConcessionsError::NotFound(id.to_string()))
    }

    /// Add an item (`concession:manage`); its opening stock is an INITIAL movement.
    pub async fn create(&self, user: &AuthUser, new: NewItem) -> Result<Item, ConcessionsError> {
        need_manage(user)?;
        let id = uuid::Uuid::now_v7().to_string();
        let (now, actor) = (stamp(self.clock.now()), user.id.clone());
        let key = id.clone();
        self.sales
            .run(move |tx| {
                validate(tx, &new, None)?;
                store::write_item(tx, &key, &new, &now, true)?;
                if new.kind != Kind::Combo && new.stock > 0 {
                    record(
                        tx,
                        &Move {
                            item_id: &key,
                            delta: new.stock,
                            reason: Reason::Initial,
                            booking_id: None,
                            actor_id: Some(&actor),
                            note: "",
                            now: &now,
                        },
                    )?;
                }
                Ok::<_, ConcessionsError>(())
            })
            .await?;
        self.get(&id).await
    }

    /// Change an item's fields (`concession:manage`); stock changes only by movements.
    pub async fn update(
        &self,
        user: &AuthUser,
        id: &str,
        new: NewItem,
    ) -> Result<Item, ConcessionsError> {
        need_manage(user)?;
        let (now, key) = (stamp(self.clock.now()), id.to_string());
        self.sales
            .run(move |tx| {
                store::item(tx, &key)?.ok_or_else(|| ConcessionsError::NotFound(key.clone()))?;
                validate(tx, &new, Some(&key))?;
                if new.kind == Kind::Combo && store::is_part(tx, &key)? {
                    return Err(invalid(
                        "kind",
                        "this item is part of a combo, so it cannot become one",
                    ));
                }
                store::write_item(tx, &key, &new, &now, false)
            })
            .await?;
        self.get(id).await
    }

    /// Record a restock or a write-off of `qty` (`concession:manage`), with why.
    pub async fn change_stock(
        &self,
        user: &AuthUser,
        id: &str,
        change: StockChange,
        qty: i64,
        note: String,
    ) -> Result<Movement, ConcessionsError> {
        need_manage(user)?;
        if !(1..=100_000).contains(&qty) {
            return Err(invalid("qty", "a whole number from 1 to 100000"));
        }
        let note = note.trim().to_string();
        if note.chars().count() > MAX_TEXT {
            return Err(invalid("note", format!("at most {MAX_TEXT} characters")));
        }
        if change == StockChange::WriteOff && note.is_empty() {
            return Err(invalid("note", "say why the stock is written off"));
        }
        let (now, key, actor) = (stamp(self.clock.now()), id.to_string(), user.id.clone());
        let done = self
            .sales
            .run(move |tx| {
                let item = store::item(tx, &key)?
                    .ok_or_else(|| ConcessionsError::NotFound(key.clone()))?;
                if item.kind == Kind::Combo {
                    return Err(invalid(
                        "id",
                        "a combo has no stock of its own; change its parts' stock",
                    ));
                }
                let (delta, reason) = match change {
                    StockChange::Restock => (qty, Reason::Restock),
                    StockChange::WriteOff => (-qty, Reason::WriteOff),
                };
                record(
                    tx,
                    &Move {
                        item_id: &key,
                        delta,
                        reason,
                        booking_id: None,
                        actor_id: Some(&actor),
                        note: &note,
                        now: &now,
                    },
                )?;
                Ok(store::movements(tx, &key, 1)?.into_iter().next())
            })
            .await?;
        done.value
            .ok_or_else(|| ConcessionsError::NotFound(id.to_string()))
    }

    /// An item's movements, newest first (`concession:manage`).
    pub async fn movements(
        &self,
        user: &AuthUser,
        id: &str,
        limit: u32,
    ) -> Result<Vec<Movement>, ConcessionsError> {
        need_manage(user)?;
        let key = id.to_string();
        self.sales
            .read(move |c| {
                store::item(c, &key)?.ok_or_else(|| ConcessionsError::NotFound(key.clone()))?;
                store::movements(c, &key, limit)
            })
            .await
    }
}

/// Move stock inside the caller's sale and tell head office.
pub fn record(tx: &mut Tx<'_>, m: &Move<'_>) -> Result<i64, ConcessionsError> {
    let after = store::move_stock(tx, m)?;
    tx.emit(
        SaleEvent::StockMoved {
            item_id: m.item_id.to_string(),
            delta: m.delta,
            reason: m.reason.as_str().to_string(),
            stock_after: after,
            booking_id: m.booking_id.map(String::from),
            actor_id: m.actor_id.map(String::from),
            at: m.now.to_string(),
        },
        m.now,
    )?;
    Ok(after)
}

fn need_manage(user: &AuthUser) -> Result<(), ConcessionsError> {
    if user.can("concession:manage") {
        Ok(())
    } else {
        Err(ConcessionsError::Forbidden("concession:manage"))
    }
}

fn invalid(field: &'static str, problem: impl Into<String>) -> ConcessionsError {
    ConcessionsError::Invalid {
        field,
        problem: problem.into(),
    }
}

fn validate(
    conn: &rusqlite::Connection,
    new: &NewItem,
    self_id: Option<&str>,
) -> Result<(), ConcessionsError> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > MAX_TEXT {
        return Err(invalid("name", format!("1 to {MAX_TEXT} characters")));
    }
    if new.description.chars().count() > 1000 {
        return Err(invalid("description", "at most 1000 characters"));
    }
    if !(0..=10_000_000).contains(&new.price) {
        return Err(invalid("price", "integer VND from 0 to 10000000"));
    }
    if !(0..=100_000).contains(&new.stock) {
        return Err(invalid("stock", "a whole number from 0 to 100000"));
    }
    let url = new.image_url.trim();
    if !(url.is_empty() || url.starts_with('/') || url.starts_with("https://")) {
        return Err(invalid(
            "image_url",
            "a path on this site (/assets/…) or an https:// address",
        ));
    }
    if new.kcal.is_some_and(|k| !(0..=10_000).contains(&k)) {
        return Err(invalid("kcal", "0 to 10000"));
    }
    if new.allergens.len() > 20
        || new
            .allergens
            .iter()
            .any(|a| a.trim().is_empty() || a.contains(',') || a.chars().count() > 40)
    {
        return Err(invalid(
            "allergens",
            "up to 20 labels of 1 to 40 characters, without commas",
        ));
    }
    match (new.kind == Kind::Combo, new.parts.is_empty()) {
        (true, true) => return Err(invalid("parts", "a combo bundles at least one item")),
        (false, false) => return Err(invalid("parts", "only a combo has parts")),
        _ => {}
    }
    let mut seen = std::collections::HashSet::new();
    for p in &new.parts {
        if !seen.insert(p.item_id.as_str()) || !(1..=20).contains(&p.qty) {
            return Err(invalid("parts", "each item once, with a qty from 1 to 20"));
        }
        let part = store::item(conn, &p.item_id)?
            .ok_or_else(|| invalid("parts", format!("no item {}", p.item_id)))?;
        if part.kind == Kind::Combo || Some(part.id.as_str()) == self_id {
            return Err(invalid("parts", "a combo bundles items, not other combos"));
        }
    }
    Ok(())
}
