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
/// Ids of the accounts whose phone number, as stored, `matches` (one read of id and phone).
pub fn ids_by_phone(
    conn: &Connection,
    matches: &dyn Fn(&str) -> bool,
) -> Result<Vec<String>, UsersError> {
    let mut stmt = conn.prepare_cached("SELECT id, phone FROM users WHERE phone IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, phone) = row?;
        if matches(&phone) {
            out.push(id);
        }
    }
    Ok(out)
}

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

/// Record an issued token's session; drops sessions that have expired on the way.
pub fn insert_session(
    conn: &Connection,
    jti: &str,
    user_id: &str,
    issued_at: i64,
    expires_at: i64,
) -> Result<(), UsersError> {
    conn.prepare_cached("DELETE FROM sessions WHERE expires_at <= :now")?
        .execute(named_params! {":now": issued_at})?;
    conn.prepare_cached(
        "INSERT INTO sessions (id, user_id, issued_at, expires_at)
         VALUES (:id, :u, :iat, :exp)",
    )?
    .execute(named_params! {":id": jti, ":u": user_id, ":iat": issued_at, ":exp": expires_at})?;
    Ok(())
}

/// The user a session belongs to, if it exists, is not revoked and has not expired.
pub fn live_session_user(
    conn: &Connection,
    jti: &str,
    now: i64,
) -> Result<Option<String>, UsersError> {
    Ok(conn
        .prepare_cached(
            "SELECT user_id FROM sessions
              WHERE id = :id AND revoked_at IS NULL AND expires_at > :now",
        )?
        .query_row(named_params! {":id": jti, ":now": now}, |r| r.get(0))
        .optional()?)
}

/// End one session (sign-out). True if it was live.
pub fn revoke_session(conn: &Connection, jti: &str, now: i64) -> Result<bool, UsersError> {
    let n = conn
        .prepare_cached(
            "UPDATE sessions SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL",
        )?
        .execute(named_params! {":id": jti, ":now": now})?;
    Ok(n > 0)
}

/// The counter every access change bumps (see `access_version` in schema.sql).
pub fn access_version(conn: &Connection) -> Result<i64, UsersError> {
    Ok(conn
        .prepare_cached("SELECT version FROM access_version WHERE id = 1")?
        .query_row([], |r| r.get(0))?)
}

/// Replace a user's password hash (a trigger ends their sessions).
pub fn set_password_hash(conn: &Connection, user_id: &str, hash: &str) -> Result<(), UsersError> {
    conn.prepare_cached("UPDATE users SET password_hash = :h WHERE id = :u")?
        .execute(named_params! {":u": user_id, ":h": hash})?;
    Ok(())
}

/// Disable or re-enable an account (disabling ends its sessions, by trigger).
pub fn set_disabled(conn: &Connection, user_id: &str, disabled: bool) -> Result<(), UsersError> {
    conn.prepare_cached("UPDATE users SET disabled = :d WHERE id = :u")?
        .execute(named_params! {":u": user_id, ":d": disabled})?;
    Ok(())
}

/// The password hash of a user by id (for a password change that checks the current one).
pub fn password_hash(conn: &Connection, user_id: &str) -> Result<Option<String>, UsersError> {
    Ok(conn
        .prepare_cached("SELECT password_hash FROM users WHERE id = :u")?
        .query_row(named_params! {":u": user_id}, |r| r.get(0))
        .optional()?)
}

/// How many enabled accounts hold the admin role.
pub fn active_admins(conn: &Connection) -> Result<i64, UsersError> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM users u
               JOIN user_roles ur ON ur.user_id = u.id
               JOIN roles r ON r.id = ur.role_id
              WHERE r.name = 'admin' AND u.disabled = 0",
        )?
        .query_row([], |r| r.get(0))?)
}

/// Does this user hold this role?
pub fn has_role(conn: &Connection, user_id: &str, role: &str) -> Result<bool, UsersError> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                             WHERE ur.user_id = :u AND r.name = :r)",
        )?
        .query_row(named_params! {":u": user_id, ":r": role}, |r| r.get(0))?)
}

/// Delete accounts by e-mail (removing demo accounts); returns how many went.
pub fn delete_by_emails(conn: &Connection, emails: &[&str]) -> Result<usize, UsersError> {
    let mut stmt = conn.prepare_cached("DELETE FROM users WHERE email = :e")?;
    let mut n = 0;
    for e in emails {
        n += stmt.execute(named_params! {":e": e})?;
    }
    Ok(n)
}

/// Which of these e-mails have accounts.
pub fn existing_emails(conn: &Connection, emails: &[&str]) -> Result<Vec<String>, UsersError> {
    let mut stmt = conn.prepare_cached("SELECT email FROM users WHERE email = :e")?;
    let mut out = Vec::new();
    for e in emails {
        if let Some(found) = stmt
            .query_row(named_params! {":e": e}, |r| r.get(0))
            .optional()?
        {
            out.push(found);
        }
    }
    Ok(out)
}

/// A user's PIN hash (argon2id PHC), if they set one.
pub fn pin_hash(conn: &Connection, user_id: &str) -> Result<Option<String>, UsersError> {
    Ok(conn
        .prepare_cached("SELECT pin_hash FROM users WHERE id = ?1")?
        .query_row([user_id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// Store a user's PIN hash.
pub fn set_pin_hash(conn: &Connection, user_id: &str, hash: &str) -> Result<(), UsersError> {
    conn.prepare_cached("UPDATE users SET pin_hash = ?2 WHERE id = ?1")?
        .execute((user_id, hash))?;
    Ok(())
}

/// (id, e-mail, created_at) of the accounts created at or after `since`, oldest first.
pub fn created_since(
    conn: &Connection,
    since: &str,
    limit: u32,
) -> Result<Vec<(String, String, String)>, UsersError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, email, created_at FROM users WHERE created_at >= :since
          ORDER BY created_at, id LIMIT :limit",
    )?;
    let rows = stmt.query_map(named_params! {":since": since, ":limit": limit}, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Ids of the disabled accounts.
pub fn disabled_ids(conn: &Connection) -> Result<Vec<String>, UsersError> {
    let mut stmt = conn.prepare_cached("SELECT id FROM users WHERE disabled = 1")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A role with what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleInfo {
    pub name: String,
    pub description: String,
    /// (permission, its description), by name.
    pub permissions: Vec<(String, String)>,
}

/// Every role with its permissions, by name.
pub fn roles(conn: &Connection) -> Result<Vec<RoleInfo>, UsersError> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.name, r.description, p.name, p.description
           FROM roles r LEFT JOIN role_permissions rp ON rp.role_id = r.id
           LEFT JOIN permissions p ON p.id = rp.permission_id
          ORDER BY r.name, p.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut out: Vec<RoleInfo> = Vec::new();
    for row in rows {
        let (name, description, perm, perm_description) = row?;
        if out.last().map(|r| &r.name) != Some(&name) {
            out.push(RoleInfo {
                name,
                description,
                permissions: Vec::new(),
            });
        }
        if let (Some(p), Some(last)) = (perm, out.last_mut()) {
            last.permissions
                .push((p, perm_description.unwrap_or_default()));
        }
    }
    Ok(out)
}
