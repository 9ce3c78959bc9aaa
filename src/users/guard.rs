//! Who may change whose access: the admin role is handed out only by an admin (or the
//! operator), only an admin touches an admin's account, and the site always keeps one
//! enabled admin. Checked inside the transaction that makes the change.

use super::{store, UsersError};
use rusqlite::Connection;

/// Who asks for an access change: the operator at the server's command line (trusted with
/// everything the data dir holds), or a signed-in user through the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// `moviehub user …` on the server itself.
    Operator,
    /// A signed-in user, by id.
    User(String),
}

/// Refuse unless `actor` may hand out (or take away) `role`.
pub(super) fn may_assign(conn: &Connection, actor: &Actor, role: &str) -> Result<(), UsersError> {
    match actor {
        Actor::Operator => Ok(()),
        Actor::User(id) if role == "admin" && !store::has_role(conn, id, "admin")? => {
            Err(UsersError::Forbidden(
                "only an admin may grant, revoke or create the admin role".into(),
            ))
        }
        Actor::User(_) => Ok(()),
    }
}

/// Refuse a change that leaves no enabled admin (checked inside its transaction).
pub(super) fn keep_an_admin(conn: &Connection) -> Result<(), UsersError> {
    if store::active_admins(conn)? == 0 {
        return Err(UsersError::LastAdmin);
    }
    Ok(())
}

/// May `actor` disable or re-enable `target`? Only an admin touches an admin's account.
pub(super) fn may_manage(conn: &Connection, actor: &Actor, target: &str) -> Result<(), UsersError> {
    if store::has_role(conn, target, "admin")? {
        may_assign(conn, actor, "admin")?;
    }
    Ok(())
}
