//! Rules of the accounts domain: registration, login, permissions (cached), grant/revoke.

use super::ratelimit::LoginLimiter;
use super::token::Tokens;
use super::{password, store, User, UsersError, ROLES};
use crate::clock::Clock;
use crate::config::Auth;
use crate::db::Db;
use moka::sync::Cache;
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// A user's permission set.
pub type Permissions = Arc<BTreeSet<String>>;

/// New account data, validated by [`Users::register`].
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Login e-mail.
    pub email: String,
    /// At least 8 characters.
    pub password: String,
    /// Display name.
    pub full_name: String,
    /// Optional phone.
    #[serde(default)]
    pub phone: Option<String>,
}

/// A successful login.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Session {
    /// JWT access token.
    pub access_token: String,
    /// Always "Bearer".
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
    /// Who logged in.
    pub user: User,
}

/// The accounts service.
#[derive(Clone)]
pub struct Users {
    db: Db,
    tokens: Tokens,
    clock: Clock,
    perms: Cache<String, Option<Permissions>>,
    limiter: LoginLimiter,
}

impl Users {
    /// Build the service over users.db.
    pub fn new(db: Db, secret: &[u8], settings: &Auth, clock: Clock) -> Users {
        Users {
            db,
            tokens: Tokens::new(secret, settings.token_ttl_secs),
            perms: Cache::builder()
                .max_capacity(100_000)
                .time_to_live(Duration::from_secs(settings.permission_cache_secs.max(1)))
                .build(),
            limiter: LoginLimiter::new(settings, clock.clone()),
            clock,
        }
    }

    /// Create an account with the customer role.
    pub async fn register(&self, new: NewUser) -> Result<User, UsersError> {
        self.create(new, "customer").await
    }

    /// Create an account with any built-in role (CLI, demo data, admin API).
    pub async fn create(&self, new: NewUser, role: &str) -> Result<User, UsersError> {
        let email = validate_email(&new.email)?;
        if new.password.chars().count() < 8 {
            return Err(invalid("password", "must be at least 8 characters"));
        }
        if new.password.len() > 256 {
            return Err(invalid("password", "must be at most 256 bytes"));
        }
        let full_name = new.full_name.trim().to_string();
        if full_name.is_empty() || full_name.chars().count() > 100 {
            return Err(invalid("full_name", "must be 1 to 100 characters"));
        }
        if let Some(p) = &new.phone {
            if p.len() > 20 || !p.chars().all(|c| c.is_ascii_digit() || "+- ".contains(c)) {
                return Err(invalid("phone", "digits, spaces, + and - only, at most 20"));
            }
        }
        if !ROLES.contains(&role) {
            return Err(UsersError::RoleNotFound(role.to_string()));
        }
        let pw = new.password;
        let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
            .await
            .map_err(|e| UsersError::Hash(e.to_string()))?
            .map_err(UsersError::Hash)?;
        let id = uuid::Uuid::now_v7().to_string();
        let now = self.clock.now().to_rfc3339();
        let role = role.to_string();
        let phone = new.phone;
        self.db
            .write(move |tx| {
                let row = store::NewRow {
                    id: &id,
                    email: &email,
                    hash: &hash,
                    full_name: &full_name,
                    phone: phone.as_deref(),
                    now: &now,
                };
                store::insert_user(tx, &row, &role)?;
                store::user_by_id(tx, &id)?.ok_or(UsersError::UserNotFound(id))
            })
            .await
    }

    /// Check credentials (rate-limited per account and per client address) and issue a token.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        ip: IpAddr,
    ) -> Result<Session, UsersError> {
        let email = email.trim().to_lowercase();
        self.limiter.check(&email, ip)?;
        let lookup = email.clone();
        let creds = self
            .db
            .call(move |c| store::credentials(c, &lookup))
            .await?;
        let pw = password.to_string();
        let ok = tokio::task::spawn_blocking(move || match &creds {
            Some(c) if !c.disabled => {
                password::verify(&pw, &c.password_hash).then(|| c.user_id.clone())
            }
            _ => {
                password::verify(&pw, password::dummy_hash());
                None
            }
        })
        .await
        .map_err(|e| UsersError::Hash(e.to_string()))?;
        let Some(user_id) = ok else {
            self.limiter.failed(&email);
            return Err(UsersError::BadCredentials);
        };
        self.limiter.succeeded(&email);
        self.session_for(&user_id).await
    }

    /// Issue a token for a known user (login and tests).
    pub async fn session_for(&self, user_id: &str) -> Result<Session, UsersError> {
        let user = self.get(user_id).await?;
        let access_token = self
            .tokens
            .issue(&user.id, self.clock.now().timestamp())
            .map_err(UsersError::Unauthenticated)?;
        Ok(Session {
            access_token,
            token_type: "Bearer",
            expires_in: self.tokens.ttl_secs(),
            user,
        })
    }

    /// Verify a token and return the user id.
    pub fn authenticate(&self, token: &str) -> Result<String, UsersError> {
        self.tokens
            .verify(token, self.clock.now().timestamp())
            .map(|c| c.sub)
            .map_err(UsersError::Unauthenticated)
    }

    /// A user's permissions, from the cache when possible. `None`: unknown or disabled user.
    pub async fn permissions(&self, user_id: &str) -> Result<Option<Permissions>, UsersError> {
        if let Some(p) = self.perms.get(user_id) {
            return Ok(p);
        }
        let id = user_id.to_string();
        let found = self.db.call(move |c| store::permissions(c, &id)).await?;
        let value = found.map(|v| Arc::new(v.into_iter().collect::<BTreeSet<_>>()));
        self.perms.insert(user_id.to_string(), value.clone());
        Ok(value)
    }

    /// One user.
    pub async fn get(&self, user_id: &str) -> Result<User, UsersError> {
        let id = user_id.to_string();
        self.db
            .call(move |c| store::user_by_id(c, &id)?.ok_or(UsersError::UserNotFound(id)))
            .await
    }

    /// One user by e-mail.
    pub async fn by_email(&self, email: &str) -> Result<User, UsersError> {
        let e = email.trim().to_string();
        self.db
            .call(move |c| store::user_by_email(c, &e)?.ok_or(UsersError::UserNotFound(e)))
            .await
    }

    /// A page of users.
    pub async fn list(&self, page: u32, limit: u32) -> Result<(Vec<User>, i64), UsersError> {
        let offset = i64::from(page.saturating_sub(1)) * i64::from(limit);
        self.db
            .call(move |c| store::list_users(c, limit, offset))
            .await
    }

    /// How many accounts exist.
    pub async fn count(&self) -> Result<i64, UsersError> {
        self.db.call(|c| store::count_users(c)).await
    }

    /// Give a user a role; their cached permissions are dropped at once.
    pub async fn grant(&self, user_id: &str, role: &str) -> Result<User, UsersError> {
        self.change_role(user_id, role, true).await
    }

    /// Take a role away; their cached permissions are dropped at once.
    pub async fn revoke(&self, user_id: &str, role: &str) -> Result<User, UsersError> {
        self.change_role(user_id, role, false).await
    }

    async fn change_role(&self, user_id: &str, role: &str, add: bool) -> Result<User, UsersError> {
        let (id, role) = (user_id.to_string(), role.to_string());
        let user = self
            .db
            .write(move |tx| {
                if store::user_by_id(tx, &id)?.is_none() {
                    return Err(UsersError::UserNotFound(id));
                }
                if add {
                    store::add_role(tx, &id, &role)?;
                } else {
                    store::remove_role(tx, &id, &role)?;
                }
                store::user_by_id(tx, &id)?.ok_or(UsersError::UserNotFound(id))
            })
            .await?;
        self.perms.invalidate(user_id);
        Ok(user)
    }
}

fn invalid(field: &'static str, problem: &str) -> UsersError {
    UsersError::Invalid {
        field,
        problem: problem.to_string(),
    }
}

fn validate_email(raw: &str) -> Result<String, UsersError> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
                && domain
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        });
    if !valid {
        return Err(invalid(
            "email",
            "must be an e-mail address like name@example.com",
        ));
    }
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::validate_email;

    #[test]
    fn emails() {
        assert_eq!(validate_email(" A@B.vn ").expect("ok"), "a@b.vn");
        for bad in ["", "a", "a@b", "@b.vn", "a b@c.vn", "a@.vn", "a@b.vn."] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }
}
