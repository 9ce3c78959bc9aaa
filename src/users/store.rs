//! SQL of the accounts domain (users.db). The only file here that speaks SQL.

use super::{User, UsersError};
use rusqlite::{named_params, Connection, OptionalExtension, Row};

/// A user row with its password hash, for login.
pub struct Credentials {
    pub user_id: String,
    pub password_hash: String,
    pub disabled: bool,
}

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    let roles: Option<String> = row.get("roles")?;
    Ok(User {
        id: row.get("id")?,
        email: row.get("email")?,
        full_name: row.get("full_name")?,
        phone: row.get("phone")?,
        roles: roles
            .map(|r| r.split(',').map(str::to_owned).collect())
            .unwrap_or_default(),
        created_at: row.get("created_at")?,
    })
}

const USER_SELECT: &str = "SELECT u.id, u.email, u.full_name, u.phone, u.created_at,
        (SELECT group_concat(r.name, ',') FROM user_roles ur JOIN roles r ON r.id = ur.role_id
          WHERE ur.user_id = u.id) AS roles
   FROM users u";

/// A new user row.
pub struct NewRow<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub hash: &'a str,
    pub full_name: &'a str,
    pub phone: Option<&'a str>,
    pub now: &'a str,
}

/// Insert a user with one role. A taken e-mail becomes [`UsersError::EmailTaken`].
pub fn insert_user(conn: &Connection, row: &NewRow<'_>, role: &str) -> Result<(), UsersError> {
    let NewRow {
        id,
        email,
        hash,
        full_name,
        phone,
        now,
    } = *row;
    let res = conn.prepare_cached(
        "INSERT INTO users (id, email, password_hash, full_name, phone, created_at)
         VALUES (:id, :email, :hash, :name, :phone, :now)",
    )?
    .execute(named_params! {":id": id, ":email": email, ":hash": hash, ":name": full_name, ":phone": phone, ":now": now});
    match res {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            return Err(UsersError::EmailTaken)
        }
        Err(e) => return Err(e.into()),
    }
    add_role(conn, id, role)?;
    Ok(())
}

/// Give a user a role (no-op if they have it).
pub fn add_role(conn: &Connection, user_id: &str, role: &str) -> Result<(), UsersError> {
    let role_id = role_id(conn, role)?;
    conn.prepare_cached("INSERT OR IGNORE INTO user_roles (user_id, role_id) VALUES (:u, :r)")?
        .execute(named_params! {":u": user_id, ":r": role_id})?;
    Ok(())
}

/// Take a role away (no-op if they lack it).
pub fn remove_role(conn: &Connection, user_id: &str, role: &str) -> Result<(), UsersError> {
    let role_id = role_id(conn, role)?;
    conn.prepare_cached("DELETE FROM user_roles WHERE user_id = :u AND role_id = :r")?
        .execute(named_params! {":u": user_id, ":r": role_id})?;
    Ok(())
}

fn role_id(conn: &Connection, role: &str) -> Result<i64, UsersError> {
    conn.prepare_cached("SELECT id FROM roles WHERE name = :n")?
        .query_row(named_params! {":n": role}, |r| r.get(0))
        .optional()?
        .ok_or_else(|| UsersError::RoleNotFound(role.to_string()))
}

/// Login data by e-mail.
pub fn credentials(conn: &Connection, email: &str) -> Result<Option<Credentials>, UsersError> {
    Ok(conn
        .prepare_cached("SELECT id, password_hash, disabled FROM users WHERE email = :e")?
        .query_row(named_params! {":e": email}, |r| {
            Ok(Credentials {
                user_id: r.get(0)?,
                password_hash: r.get(1)?,
                disabled: r.get(2)?,
            })
        })
        .optional()?)
}

/// One user by id.
pub fn user_by_id(conn: &Connection, id: &str) -> Result<Option<User>, UsersError> {
    Ok(conn
        .prepare_cached(&format!("{USER_SELECT} WHERE u.id = :id"))?
        .query_row(named_params! {":id": id}, user_from_row)
        .optional()?)
}

/// One user by e-mail.
pub fn user_by_email(conn: &Connection, email: &str) -> Result<Option<User>, UsersError> {
    Ok(conn
        .prepare_cached(&format!("{USER_SELECT} WHERE u.email = :e"))?
        .query_row(named_params! {":e": email}, user_from_row)
        .optional()?)
}

/// A page of users, newest first, and the total.
pub fn list_users(
    conn: &Connection,
    limit: u32,
    offset: i64,
) -> Result<(Vec<User>, i64), UsersError> {
    let total: i64 = conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&format!(
        "{USER_SELECT} ORDER BY u.id DESC LIMIT :l OFFSET :o"
    ))?;
    let items = stmt
        .query_map(named_params! {":l": limit, ":o": offset}, user_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((items, total))
}

/// Every permission a user has through their roles; `None` if the user is unknown or disabled.
pub fn permissions(conn: &Connection, user_id: &str) -> Result<Option<Vec<String>>, UsersError> {
    let active: Option<bool> = conn
        .prepare_cached("SELECT disabled = 0 FROM users WHERE id = :u")?
        .query_row(named_params! {":u": user_id}, |r| r.get(0))
        .optional()?;
    if active != Some(true) {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT p.name FROM user_roles ur
           JOIN role_permissions rp ON rp.role_id = ur.role_id
           JOIN permissions p ON p.id = rp.permission_id
          WHERE ur.user_id = :u ORDER BY p.name",
    )?;
    let perms = stmt
        .query_map(named_params! {":u": user_id}, |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Some(perms))
}

/// How many users exist.
pub fn count_users(conn: &Connection) -> Result<i64, UsersError> {
    Ok(conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
}
