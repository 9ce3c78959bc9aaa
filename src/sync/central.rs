//! [`Central`]: head office's side of sync. It registers sites, receives their signed pushes
//! (checking the signature before reading the body, then the time window and replays), applies
//! each batch once, and answers chain-wide figures.

use super::batch::{Ack, Batch, ChainBalance};
use super::central_store::{self as store, ApplyError, SiteRow};
use super::signing::{self, SignatureError};
use crate::clock::{stamp, Clock};
use crate::db::{Db, DbError};
use crate::reports::{Figures, Range};

/// Head office.
#[derive(Clone)]
pub struct Central {
    db: Db,
    clock: Clock,
    window_secs: i64,
}

/// A signed request as it arrived.
#[derive(Debug, Clone)]
pub struct Signed<'a> {
    /// The site header.
    pub site_id: &'a str,
    /// The timestamp header, unix seconds.
    pub timestamp: &'a str,
    /// The signature header.
    pub signature: &'a str,
    /// GET / POST.
    pub method: &'a str,
    /// Path and query.
    pub path: &'a str,
    /// The raw body.
    pub body: &'a [u8],
}

/// What can go wrong at central.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Bad signature, unknown site, stale timestamp.
    #[error("{0}")]
    Unauthorized(String),
    /// Seen before.
    #[error("this request was already received (replay)")]
    Replay,
    /// Rows after a gap.
    #[error("rows start at {got}, central expects {expected} next")]
    Gap {
        /// Next sequence central needs.
        expected: i64,
        /// First sequence sent.
        got: i64,
    },
    /// The site writes events this binary cannot read.
    #[error("{0}")]
    TooNew(String),
    /// The body is not a batch.
    #[error("body: {0}")]
    BadBody(String),
    /// A site name.
    #[error("name: {0}")]
    BadName(String),
    /// Storage.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<ApplyError> for SyncError {
    fn from(e: ApplyError) -> Self {
        match e {
            ApplyError::Gap { expected, got } => SyncError::Gap { expected, got },
            ApplyError::NotConsecutive => SyncError::BadBody(e.to_string()),
            ApplyError::Replay => SyncError::Replay,
            ApplyError::UnknownSite => SyncError::Unauthorized(e.to_string()),
            ApplyError::TooNew { .. } => SyncError::TooNew(e.to_string()),
            ApplyError::Sqlite(s) => SyncError::Db(DbError::Sqlite(s)),
        }
    }
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> Self {
        SyncError::Db(DbError::Sqlite(e))
    }
}

/// A new site and the secret to configure it with (shown once).
#[derive(Debug, Clone, serde::Serialize)]
pub struct NewSite {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// 64 hex characters; central keeps only a key derived from it.
    pub secret: String,
}

impl Central {
    /// Head office over central.db.
    pub fn new(db: Db, clock: Clock, window_secs: u64) -> Central {
        Central {
            db,
            clock,
            window_secs: window_secs as i64,
        }
    }

    /// Register a site; its secret is returned once and never stored.
    pub async fn add_site(&self, name: &str) -> Result<NewSite, SyncError> {
        let name = name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(SyncError::BadName("must be 1 to 100 characters".into()));
        }
        let id = uuid::Uuid::now_v7().to_string();
        let secret = hex::encode(rand::random::<[u8; 32]>());
        let key = signing::derive_key(&secret);
        let now = stamp(self.clock.now());
        let (i, n) = (id.clone(), name.clone());
        self.db
            .write(move |c| match store::insert_site(c, &i, &n, &key, &now) {
                Ok(()) => Ok(()),
                Err(rusqlite::Error::SqliteFailure(f, _))
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    Err(SyncError::BadName(format!(
                        "a site named {n} already exists"
                    )))
                }
                Err(e) => Err(e.into()),
            })
            .await?;
        Ok(NewSite { id, name, secret })
    }

    /// Every site.
    pub async fn sites(&self) -> Result<Vec<SiteRow>, SyncError> {
        self.db.call(|c| Ok(store::list_sites(c)?)).await
    }

    /// Before a body is read: the site exists and the timestamp is within the window (so an
    /// unknown caller never gets central to buffer a large body).
    pub async fn precheck(&self, site_id: &str, timestamp: &str) -> Result<(), SyncError> {
        let ts: i64 = timestamp.parse().map_err(|_| {
            SyncError::Unauthorized(SignatureError::Header(signing::TIMESTAMP_HEADER).to_string())
        })?;
        let now = self.clock.now().timestamp();
        if (now - ts).abs() > self.window_secs {
            return Err(SyncError::Unauthorized(
                SignatureError::Stale {
                    got: ts,
                    now,
                    window: self.window_secs,
                }
                .to_string(),
            ));
        }
        let site = site_id.to_string();
        let known = self
            .db
            .call(move |c| Ok::<_, SyncError>(store::site_key(c, &site)?))
            .await?;
        match known {
            Some(_) => Ok(()),
            None => Err(SyncError::Unauthorized("unknown or disabled site".into())),
        }
    }

    /// Check a signed request: the site's key, the signature over the raw body, the window.
    /// Nothing of the body is parsed before this passes.
    pub async fn authenticate(&self, req: &Signed<'_>) -> Result<(), SyncError> {
        let unauthorized = |e: SignatureError| SyncError::Unauthorized(e.to_string());
        let ts: i64 = req
            .timestamp
            .parse()
            .map_err(|_| unauthorized(SignatureError::Header(signing::TIMESTAMP_HEADER)))?;
        let site = req.site_id.to_string();
        let key = self
            .db
            .call(move |c| Ok::<_, SyncError>(store::site_key(c, &site)?))
            .await?
            .ok_or_else(|| SyncError::Unauthorized("unknown or disabled site".into()))?;
        signing::verify(
            &key,
            req.site_id,
            ts,
            req.method,
            req.path,
            req.body,
            req.signature,
            self.clock.now().timestamp(),
            self.window_secs,
        )
        .map_err(unauthorized)
    }

    /// Receive a push: authenticate, then apply it once (a replayed request changes nothing).
    pub async fn receive(&self, req: Signed<'_>) -> Result<Ack, SyncError> {
        self.authenticate(&req).await?;
        let batch: Batch =
            serde_json::from_slice(req.body).map_err(|e| SyncError::BadBody(e.to_string()))?;
        let site = req.site_id.to_string();
        let signature = req.signature.to_ascii_lowercase();
        let now = self.clock.now();
        let (unix, at) = (now.timestamp(), stamp(now));
        let forget = unix - 2 * self.window_secs;
        self.db
            .write(move |c| {
                store::note_signature(c, &signature, unix, forget)?;
                Ok(store::apply(c, &site, &batch, &at)?)
            })
            .await
    }

    /// Where a site stands: the highest sequence central applied.
    pub async fn cursor(&self, req: Signed<'_>) -> Result<i64, SyncError> {
        self.authenticate(&req).await?;
        let site = req.site_id.to_string();
        self.db
            .call(move |c| Ok(store::received_count(c, &site)?.1))
            .await
    }

    /// Members whose points changed at or after `since` (any site), with what they hold at
    /// every site but `site_id`; and where the next such question starts.
    pub async fn balances_changed(
        &self,
        site_id: &str,
        since: &str,
    ) -> Result<(Vec<ChainBalance>, String), SyncError> {
        let site = site_id.to_string();
        let since: i64 = since.trim().parse().unwrap_or(0);
        self.db
            .call(move |c| {
                let (emails, latest) = store::emails_changed_since(c, since)?;
                let balances = store::balances_for(c, &site, &emails)?;
                Ok((balances, latest.to_string()))
            })
            .await
    }

    /// What each of `emails` holds at every site but the asking one (signed request).
    pub async fn balances(&self, req: Signed<'_>) -> Result<Vec<ChainBalance>, SyncError> {
        self.authenticate(&req).await?;
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Ask {
            emails: Vec<String>,
        }
        let ask: Ask =
            serde_json::from_slice(req.body).map_err(|e| SyncError::BadBody(e.to_string()))?;
        if ask.emails.len() > 1000 {
            return Err(SyncError::BadBody("emails: at most 1000 at a time".into()));
        }
        let site = req.site_id.to_string();
        self.db
            .call(move |c| Ok(store::balances_for(c, &site, &ask.emails)?))
            .await
    }

    /// Members overdrawn across the chain.
    pub async fn overdrawn(&self) -> Result<Vec<store::Overdrawn>, SyncError> {
        self.db.call(|c| Ok(store::overdrawn(c)?)).await
    }

    /// Chain-wide figures of `range`, each site labelled by its name.
    pub async fn figures(&self, range: Range) -> Result<Figures, SyncError> {
        self.db
            .call(move |c| Ok(super::central_figures::figures(c, &range)?))
            .await
    }
}
