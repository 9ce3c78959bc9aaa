//! Settings: built-in defaults < `moviehub.toml` < `MOVIEHUB_<SECTION>__<KEY>` environment
//! variables < command-line flags. Every setting is documented in the top-level
//! `moviehub.toml`; a bad value stops start-up with a message naming it.

mod limits;
mod sync;

pub use limits::Limits;
pub use sync::Sync;

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// All settings of one instance.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// HTTP server.
    pub server: Server,
    /// Where and how data is stored.
    pub storage: Storage,
    /// Logging.
    pub log: Log,
    /// Accounts and tokens.
    pub auth: Auth,
    /// Movie catalog.
    pub catalog: Catalog,
    /// Cinemas, pricing and scheduling.
    pub cinema: Cinema,
    /// Live seat holds.
    pub holds: Holds,
    /// Bookings.
    pub bookings: Bookings,
    /// Payment gateways.
    pub payments: Payments,
    /// Tickets and door check-in.
    pub tickets: Tickets,
    /// Refunds.
    pub refunds: Refunds,
    /// Head office: a site's push and pull, what central accepts.
    pub sync: Sync,
    /// Request rate per client address, and request timeouts.
    pub limits: Limits,
    /// Set by `serve --demo` (not a setting): public demo accounts, the VNPay sandbox.
    #[serde(skip)]
    pub demo_mode: bool,
}

/// `[server]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Server {
    /// Address to listen on.
    pub listen: String,
    /// `site` (a cinema) or `central` (head office).
    pub role: Role,
    /// Largest accepted request body, bytes.
    pub body_limit_bytes: usize,
    /// Public base URL of this site (used in links such as the VNPay return URL).
    pub public_url: String,
    /// Language of the pages when neither the visitor's switch nor the browser picks one.
    pub language: crate::i18n::Lang,
    /// Bearer token that lets a caller other than loopback read `/metrics` (empty: loopback
    /// only).
    pub metrics_token: String,
}

impl Default for Server {
    fn default() -> Self {
        Server {
            listen: "127.0.0.1:8080".into(),
            role: Role::Site,
            body_limit_bytes: 1024 * 1024,
            public_url: "http://127.0.0.1:8080".into(),
            language: crate::i18n::Lang::Vi,
            metrics_token: String::new(),
        }
    }
}

/// What this instance is.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A cinema site.
    Site,
    /// Head office.
    Central,
}

impl Role {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Site => "site",
            Role::Central => "central",
        }
    }
}

/// `[storage]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Storage {
    /// Directory holding the four database files and generated secrets.
    pub data_dir: PathBuf,
    /// SQLite `synchronous`: `normal` survives a process crash, `full` also a power cut.
    pub synchronous: Synchronous,
    /// How long a connection waits for a lock, milliseconds.
    pub busy_timeout_ms: u64,
    /// Connections per database file.
    pub pool_size: u32,
}

impl Default for Storage {
    fn default() -> Self {
        Storage {
            data_dir: PathBuf::from("data"),
            synchronous: Synchronous::Normal,
            busy_timeout_ms: 5000,
            pool_size: 8,
        }
    }
}

/// SQLite durability level.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Synchronous {
    /// fsync at checkpoints only (WAL): survives a process crash.
    Normal,
    /// fsync at every commit: survives a power cut.
    Full,
}

/// `[log]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Log {
    /// `text` or `json`.
    pub format: LogFormat,
    /// tracing filter, e.g. `info` or `moviehub=debug,tower_http=info`.
    pub level: String,
}

impl Default for Log {
    fn default() -> Self {
        Log {
            format: LogFormat::Text,
            level: "info".into(),
        }
    }
}

/// Log line format.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable.
    Text,
    /// One JSON object per line.
    Json,
}

/// `[auth]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Auth {
    /// HS256 key for access tokens; empty = use the key `init` generated in the data dir.
    pub jwt_secret: String,
    /// Access token lifetime, seconds.
    pub token_ttl_secs: u64,
    /// Failed logins allowed per account within the window.
    pub login_max_failures_per_account: u32,
    /// Login attempts allowed per client address within the window.
    pub login_max_attempts_per_ip: u32,
    /// Rate-limit window, seconds.
    pub login_window_secs: u64,
    /// How long a user's permissions and sessions stay cached, seconds.
    pub permission_cache_secs: u64,
    /// At most this many milliseconds pass before a running server sees an access change
    /// made by another process (the CLI): role, password, disabled account, sign-out.
    pub access_check_ms: u64,
}

impl Default for Auth {
    fn default() -> Self {
        Auth {
            jwt_secret: String::new(),
            token_ttl_secs: 8 * 3600,
            login_max_failures_per_account: 5,
            login_max_attempts_per_ip: 30,
            login_window_secs: 300,
            permission_cache_secs: 600,
            access_check_ms: 500,
        }
    }
}

/// `[catalog]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Catalog {
    /// How long catalog reads stay cached, seconds (writes invalidate at once).
    pub cache_ttl_secs: u64,
    /// Largest `limit` a list accepts.
    pub max_page_limit: u32,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            cache_ttl_secs: 300,
            max_page_limit: 100,
        }
    }
}

/// `[cinema]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Cinema {
    /// IANA time zone of business dates (day type, "today's showtimes").
    pub timezone: String,
    /// Minutes between the end of a film and the next start in the same hall.
    pub cleaning_gap_minutes: u32,
    /// Sales open this many days before a showtime starts.
    pub sales_open_days: u32,
    /// The business day (till and Z-report) starts at this hour, local time (0-12): a sale at
    /// 01:30 belongs to the day before when it is 6.
    pub business_day_starts_hour: u32,
}

impl Default for Cinema {
    fn default() -> Self {
        Cinema {
            timezone: "Asia/Ho_Chi_Minh".into(),
            cleaning_gap_minutes: 15,
            sales_open_days: 7,
            business_day_starts_hour: 6,
        }
    }
}

/// `[holds]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Holds {
    /// Seconds a seat hold lives unless refreshed.
    pub ttl_secs: u64,
    /// Most seats one user may hold in one showtime.
    pub max_per_user: u32,
    /// Last N available seats of a showtime that only the box office can sell.
    pub remote_sales_cutoff: u32,
}

impl Default for Holds {
    fn default() -> Self {
        Holds {
            ttl_secs: 300,
            max_per_user: 8,
            remote_sales_cutoff: 0,
        }
    }
}

/// `[bookings]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Bookings {
    /// Seconds a booking may stay PENDING before it expires.
    pub pending_ttl_secs: u64,
    /// Online sales stop at the show's start; the box office sells this many minutes longer.
    pub box_office_minutes_after_start: u32,
    /// Refuse a booking that would leave one empty seat alone between taken seats in a row.
    pub no_single_seat_gap: bool,
}

impl Default for Bookings {
    fn default() -> Self {
        Bookings {
            pending_ttl_secs: 600,
            box_office_minutes_after_start: 15,
            no_single_seat_gap: true,
        }
    }
}

/// `[payments]`
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Payments {
    /// VNPay 2.1.0.
    pub vnpay: Vnpay,
}

/// Length of the hash secret VNPay issues to a merchant; a shorter secret is a typo or a test
/// value, and an empty one would let anyone sign a payment notice.
pub const VNPAY_SECRET_MIN: usize = 32;

/// `[payments.vnpay]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Vnpay {
    /// Terminal code (8 alphanumerics).
    pub tmn_code: String,
    /// Hash secret shared with VNPay.
    pub secret: String,
    /// Payment page URL.
    pub gateway_url: String,
    /// Where VNPay sends the customer back.
    pub return_url: String,
    /// VNPay's merchant API (querydr and refund).
    pub api_url: String,
    /// Serve a local VNPay look-alike at the gateway URL.
    pub sandbox: bool,
}

impl Default for Vnpay {
    fn default() -> Self {
        Vnpay {
            tmn_code: "MOVIEHUB".into(),
            secret: String::new(),
            gateway_url: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html".into(),
            return_url: "http://127.0.0.1:8080/api/v1/payments/vnpay/return".into(),
            api_url: "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction".into(),
            sandbox: false,
        }
    }
}

/// `[refunds]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Refunds {
    /// A refund of more than this (VND) needs a manager's approval (`refund:approve`).
    pub approval_threshold: i64,
    /// A VNPay refund that failed, or got no answer, is sent again after this many minutes.
    pub retry_minutes: u32,
}

impl Default for Refunds {
    fn default() -> Self {
        Refunds {
            approval_threshold: 500_000,
            retry_minutes: 5,
        }
    }
}

/// `[tickets]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tickets {
    /// Ed25519 seed (64 hex chars); empty = use the key `init` generated in the data dir.
    pub signing_key: String,
    /// Doors open this many minutes before the show starts.
    pub checkin_opens_minutes: u32,
}

impl Default for Tickets {
    fn default() -> Self {
        Tickets {
            signing_key: String::new(),
            checkin_opens_minutes: 30,
        }
    }
}

/// A setting that could not be used; the message names it and what is allowed.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

impl Settings {
    /// Load defaults, then the file (if given or if `moviehub.toml` exists in the working
    /// directory), then `MOVIEHUB_*` environment variables. Flags are applied by the caller.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let env: Vec<(String, String)> = std::env::vars().collect();
        Self::load_from(file, &env)
    }

    /// As [`Settings::load`] with an explicit environment (for tests).
    pub fn load_from(
        file: Option<&Path>,
        env: &[(String, String)],
    ) -> Result<Settings, ConfigError> {
        let mut table = match file {
            Some(path) => read_table(path)?,
            None => toml::Table::new(),
        };
        for (key, value) in env {
            if let Some(rest) = key.strip_prefix("MOVIEHUB_") {
                apply_env(&mut table, rest, value)?;
            }
        }
        let settings: Settings = serde_path_to_error::deserialize(toml::Value::Table(table))
            .map_err(|e| ConfigError(format!("{}: {}", e.path(), e.inner().message())))?;
        settings.validate()?;
        Ok(settings)
    }

    /// Range checks serde cannot express.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |name: &str, allowed: &str| Err(ConfigError(format!("{name}: {allowed}")));
        if self.server.listen.parse::<std::net::SocketAddr>().is_err() {
            return bad("server.listen", "must be an address like 127.0.0.1:8080");
        }
        if self.server.body_limit_bytes < 1024 {
            return bad("server.body_limit_bytes", "must be at least 1024");
        }
        if self.storage.pool_size == 0 || self.storage.pool_size > 64 {
            return bad("storage.pool_size", "must be between 1 and 64");
        }
        if self.auth.token_ttl_secs < 60 {
            return bad("auth.token_ttl_secs", "must be at least 60");
        }
        if self.auth.login_window_secs == 0 {
            return bad("auth.login_window_secs", "must be at least 1");
        }
        if self.auth.access_check_ms > 1000 {
            return bad("auth.access_check_ms", "must be at most 1000");
        }
        let secret = &self.payments.vnpay.secret;
        if !secret.is_empty() && secret.chars().count() < VNPAY_SECRET_MIN {
            return bad(
                "payments.vnpay.secret",
                "must be the 32-character hash secret VNPay issued (or empty to turn VNPay off)",
            );
        }
        if self.cinema.business_day_starts_hour > 12 {
            return bad(
                "cinema.business_day_starts_hour",
                "must be an hour from 0 to 12",
            );
        }
        if self.refunds.approval_threshold < 0 {
            return bad("refunds.approval_threshold", "must be 0 VND or more");
        }
        if self.refunds.retry_minutes == 0 || self.refunds.retry_minutes > 1440 {
            return bad("refunds.retry_minutes", "must be 1 to 1440");
        }
        if let Some(a) = self
            .limits
            .exempt
            .iter()
            .find(|a| a.parse::<std::net::IpAddr>().is_err())
        {
            return bad(
                "limits.exempt",
                &format!("{a:?} is not an IP address (e.g. \"127.0.0.1\" or \"::1\")"),
            );
        }
        if self.limits.per_address_per_sec > 0 && self.limits.burst == 0 {
            return bad(
                "limits.burst",
                "must be at least 1 while limits.per_address_per_sec is on",
            );
        }
        if self.catalog.max_page_limit == 0 {
            return bad("catalog.max_page_limit", "must be at least 1");
        }
        if self.cinema.timezone.parse::<chrono_tz::Tz>().is_err() {
            return bad(
                "cinema.timezone",
                "must be an IANA time zone such as Asia/Ho_Chi_Minh",
            );
        }
        if self.holds.ttl_secs == 0 {
            return bad("holds.ttl_secs", "must be at least 1");
        }
        if self.holds.max_per_user == 0 {
            return bad("holds.max_per_user", "must be at least 1");
        }
        if self.bookings.box_office_minutes_after_start > 120 {
            return bad(
                "bookings.box_office_minutes_after_start",
                "must be 0 to 120",
            );
        }
        if self.bookings.pending_ttl_secs == 0 {
            return bad("bookings.pending_ttl_secs", "must be at least 1");
        }
        let key = &self.tickets.signing_key;
        if !key.is_empty() && (key.len() != 64 || hex::decode(key).is_err()) {
            return bad("tickets.signing_key", "must be empty or 64 hex characters");
        }
        if self.sync.enabled() && self.server.role == Role::Central {
            return bad(
                "sync.central_url",
                "must be empty on central (server.role = \"central\")",
            );
        }
        self.sync.validate()
    }

    /// The configured time zone (validated at load).
    pub fn timezone(&self) -> chrono_tz::Tz {
        self.cinema
            .timezone
            .parse()
            .unwrap_or(chrono_tz::Asia::Ho_Chi_Minh)
    }
}

fn read_table(path: &Path) -> Result<toml::Table, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
    text.parse::<toml::Table>()
        .map_err(|e| ConfigError(format!("{}: {}", path.display(), e.message())))
}

/// `SECTION__KEY` (or `SECTION__SUB__KEY`) = value, into the table. Values that parse as a
/// TOML number or boolean are taken as such; anything else is a string.
fn apply_env(table: &mut toml::Table, key: &str, value: &str) -> Result<(), ConfigError> {
    let parts: Vec<String> = key.split("__").map(|p| p.to_ascii_lowercase()).collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return Ok(()); // not one of ours (e.g. MOVIEHUB_LOG without a key)
    }
    let mut node = table;
    for part in &parts[..parts.len() - 1] {
        let entry = node
            .entry(part.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        node = match entry {
            toml::Value::Table(t) => t,
            _ => {
                return Err(ConfigError(format!(
                    "MOVIEHUB_{key}: `{part}` is not a section"
                )))
            }
        };
    }
    let parsed = match format!("v = {value}").parse::<toml::Table>() {
        Ok(mut t) => match t.remove("v") {
            Some(
                v @ (toml::Value::Integer(_) | toml::Value::Float(_) | toml::Value::Boolean(_)),
            ) => v,
            _ => toml::Value::String(value.to_string()),
        },
        Err(_) => toml::Value::String(value.to_string()),
    };
    if let Some(last) = parts.last() {
        node.insert(last.clone(), parsed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_overrides_file_and_bad_values_name_the_setting() {
        let env = vec![("MOVIEHUB_HOLDS__TTL_SECS".to_string(), "42".to_string())];
        let s = Settings::load_from(None, &env).expect("loads");
        assert_eq!(s.holds.ttl_secs, 42);
        let env = vec![("MOVIEHUB_HOLDS__TTL_SECS".to_string(), "soon".to_string())];
        let err = Settings::load_from(None, &env).expect_err("refused");
        assert!(err.to_string().contains("ttl_secs"), "{err}");
        let env = vec![(
            "MOVIEHUB_CINEMA__TIMEZONE".to_string(),
            "Mars/Base".to_string(),
        )];
        let err = Settings::load_from(None, &env).expect_err("refused");
        assert!(err.to_string().contains("cinema.timezone"), "{err}");
    }

    #[test]
    fn nested_section_from_env() {
        let env = vec![(
            "MOVIEHUB_PAYMENTS__VNPAY__SANDBOX".to_string(),
            "true".to_string(),
        )];
        let s = Settings::load_from(None, &env).expect("loads");
        assert!(s.payments.vnpay.sandbox);
    }
}
