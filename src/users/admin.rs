//! Changing who may do what: roles, passwords, disabling accounts, removing demo accounts.
//!
//! Two rules hold whichever path makes the change: only an admin (or the operator at the
//! server's command line) grants, revokes or creates `admin`; and the last enabled admin can
//! neither lose the role nor be disabled, so user management can never be locked out.

use super::guard::{keep_an_admin, may_assign, may_manage};
use super::service::{hash_password, validate_password, Actor, Users};
use super::{password, store, User, UsersError};

impl Users {
    /// Give a user a role on behalf of `actor`.
    pub async fn grant(&self, actor: Actor, user_id: &str, role: &str) -> Result<User, UsersError> {
        self.change_role(actor, user_id, role, true).await
    }

    /// Take a role away on behalf of `actor`.
    pub async fn revoke(
        &self,
        actor: Actor,
        user_id: &str,
        role: &str,
    ) -> Result<User, UsersError> {
        self.change_role(actor, user_id, role, false).await
    }

    async fn change_role(
        &self,
        actor: Actor,
        user_id: &str,
        role: &str,
        add: bool,
    ) -> Result<User, UsersError> {
        let (id, role) = (user_id.to_string(), role.to_string());
        self.access_change(move |tx| {
            if store::user_by_id(tx, &id)?.is_none() {
                return Err(UsersError::UserNotFound(id));
            }
            may_assign(tx, &actor, &role)?;
            if add {
                store::add_role(tx, &id, &role)?;
            } else {
                store::remove_role(tx, &id, &role)?;
                keep_an_admin(tx)?;
            }
            store::user_by_id(tx, &id)?.ok_or(UsersError::UserNotFound(id))
        })
        .await
    }

    /// Disable (or re-enable) an account; disabling ends all its sessions.
    pub async fn set_disabled(
        &self,
        actor: Actor,
        user_id: &str,
        disabled: bool,
    ) -> Result<User, UsersError> {
        let id = user_id.to_string();
        self.access_change(move |tx| {
            if store::user_by_id(tx, &id)?.is_none() {
                return Err(UsersError::UserNotFound(id));
            }
            may_manage(tx, &actor, &id)?;
            store::set_disabled(tx, &id, disabled)?;
            keep_an_admin(tx)?;
            store::user_by_id(tx, &id)?.ok_or(UsersError::UserNotFound(id))
        })
        .await
    }

    /// A user changes their own password: the current one must match. Every session of the
    /// account ends, this one included.
    pub async fn change_password(
        &self,
        user_id: &str,
        current: &str,
        new: &str,
    ) -> Result<(), UsersError> {
        validate_password("new_password", new)?;
        self.confirm_password(user_id, current, "current_password")
            .await?;
        self.set_password(user_id, new).await
    }

    /// Refuse unless `given` is the account's password (`field` names it in the error).
    pub(super) async fn confirm_password(
        &self,
        user_id: &str,
        given: &str,
        field: &'static str,
    ) -> Result<(), UsersError> {
        let id = user_id.to_string();
        let stored = self
            .db
            .call(move |c| store::password_hash(c, &id))
            .await?
            .ok_or_else(|| UsersError::UserNotFound(user_id.to_string()))?;
        let given = given.to_string();
        let ok = password::bounded(move || password::verify(&given, &stored))
            .await
            .map_err(UsersError::Hash)?;
        if !ok {
            return Err(UsersError::Invalid {
                field,
                problem: "does not match the account's password".into(),
            });
        }
        Ok(())
    }

    /// Set a password (the operator's reset, or after [`Users::change_password`] checked the
    /// old one); every session of the account ends.
    pub async fn set_password(&self, user_id: &str, new: &str) -> Result<(), UsersError> {
        validate_password("password", new)?;
        let hash = hash_password(new.to_string()).await?;
        let id = user_id.to_string();
        self.access_change(move |tx| {
            if store::user_by_id(tx, &id)?.is_none() {
                return Err(UsersError::UserNotFound(id));
            }
            store::set_password_hash(tx, &id, &hash)
        })
        .await
    }

    /// Which of these e-mails have accounts (the demo accounts check at start-up).
    pub async fn existing(
        &self,
        emails: &'static [&'static str],
    ) -> Result<Vec<String>, UsersError> {
        self.db
            .call(move |c| store::existing_emails(c, emails))
            .await
    }

    /// Delete the accounts with these e-mails (the operator removing demo accounts); returns
    /// how many went. This may leave no admin: the operator adds one with `user add`.
    pub async fn delete_by_emails(
        &self,
        emails: &'static [&'static str],
    ) -> Result<usize, UsersError> {
        self.access_change(move |tx| store::delete_by_emails(tx, emails))
            .await
    }

    /// Run an access change in one transaction and make this process's caches follow it at
    /// once (other processes follow within `auth.access_check_ms`).
    async fn access_change<R, F>(&self, f: F) -> Result<R, UsersError>
    where
        F: FnOnce(&rusqlite::Connection) -> Result<R, UsersError> + Send + 'static,
        R: Send + 'static,
    {
        let (out, version) = self
            .db
            .write(move |tx| {
                let out = f(tx)?;
                Ok::<_, UsersError>((out, store::access_version(tx)?))
            })
            .await?;
        self.saw_access_version(version);
        Ok(out)
    }
}
