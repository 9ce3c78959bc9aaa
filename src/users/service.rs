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
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A user's permission set.
pub type Permissions = Arc<BTreeSet<String>>;

/// New account data, validated by [`Users::register`].
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
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

pub use super::guard::Actor;

/// A verified token: whose it is and which session it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticated {
    /// User id.
    pub user_id: String,
    /// The token's session id (`jti`).
    pub token_id: String,
}

/// The last `access_version` read from users.db, and when (milliseconds since `base`).
struct AccessVersion {
    base: Instant,
    checked_ms: AtomicU64,
    version: AtomicI64,
    interval_ms: u64,
}

const NEVER: u64 = u64::MAX;

/// The accounts service.
#[derive(Clone)]
pub struct Users {
    pub(super) db: Db,
    pub(super) tokens: Tokens,
    pub(super) clock: Clock,
    /// user id → (access version when read, permissions; `None` = unknown or disabled).
    pub(super) perms: Cache<String, (i64, Option<Permissions>)>,
    /// token id → (access version when read, user id if the session is live).
    pub(super) sessions: Cache<String, (i64, Option<String>)>,
    access: Arc<AccessVersion>,
    limiter: LoginLimiter,
    /// Wrong PINs per approver e-mail (a kiosk's override), apart from sign-ins.
    pub(super) pin_limiter: LoginLimiter,
}

impl Users {
    /// Build the service over users.db.
    pub fn new(db: Db, secret: &[u8], settings: &Auth, clock: Clock) -> Users {
        let ttl = Duration::from_secs(settings.permission_cache_secs.max(1));
        Users {
            db,
            tokens: Tokens::new(secret, settings.token_ttl_secs),
            perms: Cache::builder()
                .max_capacity(100_000)
                .time_to_live(ttl)
                .build(),
            sessions: Cache::builder()
                .max_capacity(100_000)
                .time_to_live(ttl)
                .build(),
            access: Arc::new(AccessVersion {
                base: Instant::now(),
                checked_ms: AtomicU64::new(NEVER),
                version: AtomicI64::new(i64::MIN),
                interval_ms: settings.access_check_ms,
            }),
            limiter: LoginLimiter::new(settings, clock.clone()),
            pin_limiter: LoginLimiter::new(settings, clock.clone()),
            clock,
        }
    }

    /// The access version the caches must match: re-read from users.db when the last read is
    /// older than `auth.access_check_ms`, so a change made by any process (the CLI included)
    /// takes effect within that time.
    pub(super) async fn access_version(&self) -> Result<i64, UsersError> {
        let a = &self.access;
        let now = u64::try_from(a.base.elapsed().as_millis()).unwrap_or(NEVER - 1);
        let last = a.checked_ms.load(Ordering::Acquire);
        if last != NEVER && now.saturating_sub(last) < a.interval_ms {
            return Ok(a.version.load(Ordering::Acquire));
        }
        let v = self.db.call(|c| store::access_version(c)).await?;
        self.saw_access_version(v);
        a.checked_ms.store(now, Ordering::Release);
        Ok(a.version.load(Ordering::Acquire))
    }

    /// Versions only grow: a slow read never moves the known version back.
    pub(super) fn saw_access_version(&self, v: i64) {
        self.access.version.fetch_max(v, Ordering::AcqRel);
    }

    /// Create an account with the customer role.
    pub async fn register(&self, new: NewUser) -> Result<User, UsersError> {
        self.create(new, "customer").await
    }

    /// Create an account with any built-in role (CLI, demo data).
    pub async fn create(&self, new: NewUser, role: &str) -> Result<User, UsersError> {
        self.create_as(Actor::Operator, new, role).await
    }

    /// Create an account with a built-in role on behalf of `actor`: only an admin (or the
    /// operator) creates an admin.
    pub async fn create_as(
        &self,
        actor: Actor,
        new: NewUser,
        role: &str,
    ) -> Result<User, UsersError> {
        let email = validate_email(&new.email)?;
        validate_password("password", &new.password)?;
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
        let hash = hash_password(new.password).await?;
        let id = uuid::Uuid::now_v7().to_string();
        let now = self.clock.now().to_rfc3339();
        let role = role.to_string();
        let phone = new.phone;
        self.db
            .write(move |tx| {
                super::guard::may_assign(tx, &actor, &role)?;
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
        let ok = password::bounded(move || match &creds {
            Some(c) if !c.disabled => {
                password::verify(&pw, &c.password_hash).then(|| c.user_id.clone())
            }
            _ => {
                password::verify(&pw, password::dummy_hash());
                None
            }
        })
        .await
        .map_err(UsersError::Hash)?;
        let Some(user_id) = ok else {
            self.limiter.failed(&email);
            return Err(UsersError::BadCredentials);
        };
        self.limiter.succeeded(&email);
        self.session_for(&user_id).await
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

    /// Ids of the accounts whose stored phone number `matches` (phones are kept as typed, so
    /// the caller decides what counts as the same number).
    pub async fn ids_by_phone(
        &self,
        matches: impl Fn(&str) -> bool + Send + 'static,
    ) -> Result<Vec<String>, UsersError> {
        self.db
            .call(move |c| store::ids_by_phone(c, &matches))
            .await
    }

    /// (id, e-mail) of the accounts created at or after `since` (RFC 3339), oldest first, at
    /// most `limit`.
    pub async fn created_since(
        &self,
        since: &str,
        limit: u32,
    ) -> Result<Vec<(String, String, String)>, UsersError> {
        let since = since.to_string();
        self.db
            .call(move |c| store::created_since(c, &since, limit))
            .await
    }

    /// How many accounts exist.
    pub async fn count(&self) -> Result<i64, UsersError> {
        self.db.call(|c| store::count_users(c)).await
    }

    /// Every role with its permissions.
    pub async fn roles(&self) -> Result<Vec<store::RoleInfo>, UsersError> {
        self.db.call(|c| store::roles(c)).await
    }

    /// Ids of the accounts that may not sign in.
    pub async fn disabled_ids(&self) -> Result<std::collections::HashSet<String>, UsersError> {
        let ids = self.db.call(|c| store::disabled_ids(c)).await?;
        Ok(ids.into_iter().collect())
    }
}

/// Hash a password off the async threads (argon2id is deliberately slow).
pub(super) async fn hash_password(password: String) -> Result<String, UsersError> {
    password::bounded(move || password::hash(&password))
        .await
        .map_err(UsersError::Hash)?
        .map_err(UsersError::Hash)
}

/// 8 characters to 256 bytes.
pub(super) fn validate_password(field: &'static str, password: &str) -> Result<(), UsersError> {
    if password.chars().count() < 8 {
        return Err(invalid(field, "must be at least 8 characters"));
    }
    if password.len() > 256 {
        return Err(invalid(field, "must be at most 256 bytes"));
    }
    Ok(())
}

pub(super) fn invalid(field: &'static str, problem: &str) -> UsersError {
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
