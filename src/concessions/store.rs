//! SQL of concessions (bookings.db): items and combo parts, stock movements, and a booking's
//! concession lines. Functions take a `Connection` so a sale's transaction can call them.

use super::{ConcessionsError, Item, Kind, Menu, Movement, NewItem, Part, Reason};
use rusqlite::{named_params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, kind, name, description, price, image_url, stock, active, kcal,
    allergens, sort, created_at, updated_at";

fn item_from_row(r: &Row<'_>) -> rusqlite::Result<Item> {
    let kind: String = r.get("kind")?;
    let allergens: String = r.get("allergens")?;
    Ok(Item {
        id: r.get("id")?,
        kind: Kind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, "kind".into())
        })?,
        name: r.get("name")?,
        description: r.get("description")?,
        price: r.get("price")?,
        image_url: r.get("image_url")?,
        stock: r.get("stock")?,
        active: r.get("active")?,
        kcal: r.get("kcal")?,
        allergens: allergens
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect(),
        parts: Vec::new(),
        sort: r.get("sort")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// Every item with its parts, in menu order.
pub fn menu(conn: &Connection) -> Result<Menu, ConcessionsError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM concession_items ORDER BY sort, name"
    ))?;
    let mut items = stmt
        .query_map([], item_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let mut parts = conn.prepare_cached(
        "SELECT combo_id, item_id, qty FROM combo_parts ORDER BY combo_id, item_id",
    )?;
    let rows = parts.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
    })?;
    for row in rows {
        let (combo, item_id, qty) = row?;
        if let Some(c) = items.iter_mut().find(|i| i.id == combo) {
            c.parts.push(Part { item_id, qty });
        }
    }
    Ok(Menu::new(items))
}

fn name_taken(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation)
}

/// Insert or replace an item's fields (never its stock) and its parts.
pub fn write_item(
    conn: &Connection,
    id: &str,
    new: &NewItem,
    now: &str,
    insert: bool,
) -> Result<(), ConcessionsError> {
    let sql = if insert {
        "INSERT INTO concession_items (id, kind, name, description, price, image_url, stock,
            active, kcal, allergens, sort, created_at, updated_at)
         VALUES (:id, :kind, :name, :desc, :price, :img, 0, :active, :kcal, :allergens, :sort, :now, :now)"
    } else {
        "UPDATE concession_items SET kind = :kind, name = :name, description = :desc,
            price = :price, image_url = :img, active = :active, kcal = :kcal,
            allergens = :allergens, sort = :sort, updated_at = :now WHERE id = :id"
    };
    let res = conn.prepare_cached(sql)?.execute(named_params! {
        ":id": id, ":kind": new.kind.as_str(), ":name": new.name.trim(), ":desc": new.description,
        ":price": new.price, ":img": new.image_url, ":active": new.active, ":kcal": new.kcal,
        ":allergens": new.allergens.join(","), ":sort": new.sort, ":now": now,
    });
    match res {
        Ok(0) => return Err(ConcessionsError::NotFound(id.to_string())),
        Ok(_) => {}
        Err(e) if name_taken(&e) => {
            return Err(ConcessionsError::DuplicateName(new.name.trim().to_string()))
        }
        Err(e) => return Err(e.into()),
    }
    conn.prepare_cached("DELETE FROM combo_parts WHERE combo_id = :id")?
        .execute(named_params! {":id": id})?;
    for p in &new.parts {
        conn.prepare_cached(
            "INSERT INTO combo_parts (combo_id, item_id, qty) VALUES (:c, :i, :q)",
        )?
        .execute(named_params! {":c": id, ":i": p.item_id, ":q": p.qty})?;
    }
    Ok(())
}

/// One item's row (parts not read).
pub fn item(conn: &Connection, id: &str) -> Result<Option<Item>, ConcessionsError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM concession_items WHERE id = :id"
        ))?
        .query_row(named_params! {":id": id}, item_from_row)
        .optional()?)
}

/// What moved, and by whom.
pub struct Move<'a> {
    pub item_id: &'a str,
    pub delta: i64,
    pub reason: Reason,
    pub booking_id: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    pub note: &'a str,
    pub now: &'a str,
}

/// Change an item's stock by `delta` and record the movement; a decrement below zero is
/// refused with what is left. Returns the stock after.
pub fn move_stock(conn: &Connection, m: &Move<'_>) -> Result<i64, ConcessionsError> {
    let after: Option<i64> = conn
        .prepare_cached(
            "UPDATE concession_items SET stock = stock + :d
              WHERE id = :id AND stock + :d >= 0 RETURNING stock",
        )?
        .query_row(named_params! {":d": m.delta, ":id": m.item_id}, |r| {
            r.get(0)
        })
        .optional()?;
    let Some(after) = after else {
        let item = item(conn, m.item_id)?
            .ok_or_else(|| ConcessionsError::NotFound(m.item_id.to_string()))?;
        return Err(ConcessionsError::OutOfStock {
            name: item.name,
            left: item.stock,
        });
    };
    conn.prepare_cached(
        "INSERT INTO stock_movements (item_id, delta, reason, stock_after, booking_id, actor_id, note, created_at)
         VALUES (:i, :d, :r, :after, :b, :a, :n, :now)",
    )?
    .execute(named_params! {
        ":i": m.item_id, ":d": m.delta, ":r": m.reason.as_str(), ":after": after,
        ":b": m.booking_id, ":a": m.actor_id, ":n": m.note, ":now": m.now,
    })?;
    Ok(after)
}

/// Movements of an item, newest first.
pub fn movements(
    conn: &Connection,
    item_id: &str,
    limit: u32,
) -> Result<Vec<Movement>, ConcessionsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, item_id, delta, reason, stock_after, booking_id, actor_id, note, created_at
           FROM stock_movements WHERE item_id = :i ORDER BY id DESC LIMIT :l",
    )?;
    let rows = stmt.query_map(named_params! {":i": item_id, ":l": limit}, |r| {
        Ok(Movement {
            id: r.get(0)?,
            item_id: r.get(1)?,
            delta: r.get(2)?,
            reason: r.get(3)?,
            stock_after: r.get(4)?,
            booking_id: r.get(5)?,
            actor_id: r.get(6)?,
            note: r.get(7)?,
            created_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The stock given back for a booking (its RETURN movements), per item: what a late payment
/// of an expired booking must take again.
pub fn returned_for_booking(
    conn: &Connection,
    booking_id: &str,
) -> Result<Vec<(String, i64)>, ConcessionsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, sum(delta) FROM stock_movements
          WHERE booking_id = :b AND reason = 'RETURN' GROUP BY item_id HAVING sum(delta) > 0
          ORDER BY item_id",
    )?;
    let rows = stmt.query_map(named_params! {":b": booking_id}, |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The stock a booking took and has not given back, per item (SALE minus RETURN).
pub fn taken_by_booking(
    conn: &Connection,
    booking_id: &str,
) -> Result<Vec<(String, i64)>, ConcessionsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, -sum(delta) FROM stock_movements
          WHERE booking_id = :b AND reason IN ('SALE','RETURN') GROUP BY item_id HAVING -sum(delta) > 0",
    )?;
    let rows = stmt.query_map(named_params! {":b": booking_id}, |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether some combo bundles this item.
pub fn is_part(conn: &Connection, item_id: &str) -> Result<bool, ConcessionsError> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM combo_parts WHERE item_id = :i)")?
        .query_row(named_params! {":i": item_id}, |r| r.get(0))?)
}
