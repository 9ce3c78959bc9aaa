//! Sessions and access checks: issuing a token records its session, every request checks
//! that the session is still live, sign-out ends it, and the cached permissions follow the
//! `access_version` counter of users.db so a change by any process takes effect quickly.

use super::service::{Authenticated, Permissions, Session, Users};
use super::{store, UsersError};
use std::collections::BTreeSet;
use std::sync::Arc;

impl Users {
    /// Issue a token for a known user and record its session (login and tests).
    pub async fn session_for(&self, user_id: &str) -> Result<Session, UsersError> {
        let user = self.get(user_id).await?;
        let (access_token, claims) = self
            .tokens
            .issue(&user.id, self.clock.now().timestamp())
            .map_err(UsersError::Unauthenticated)?;
        self.db
            .write(move |tx| {
                store::insert_session(tx, &claims.jti, &claims.sub, claims.iat, claims.exp)
            })
            .await?;
        Ok(Session {
            access_token,
            token_type: "Bearer",
            expires_in: self.tokens.ttl_secs(),
            user,
        })
    }

    /// Verify a token (signature, expiry) and that its session is still live.
    pub async fn authenticate(&self, token: &str) -> Result<Authenticated, UsersError> {
        let now = self.clock.now().timestamp();
        let claims = self
            .tokens
            .verify(token, now)
            .map_err(UsersError::Unauthenticated)?;
        let version = self.access_version().await?;
        let owner = match self.sessions.get(&claims.jti) {
            Some((v, owner)) if v == version => owner,
            _ => {
                let jti = claims.jti.clone();
                let owner = self
                    .db
                    .call(move |c| store::live_session_user(c, &jti, now))
                    .await?;
                self.sessions
                    .insert(claims.jti.clone(), (version, owner.clone()));
                owner
            }
        };
        match owner {
            Some(user_id) if user_id == claims.sub => Ok(Authenticated {
                user_id,
                token_id: claims.jti,
            }),
            _ => Err(UsersError::Unauthenticated(
                "session ended; sign in again".into(),
            )),
        }
    }

    /// End the session of one token (sign-out). A token that no longer verifies has nothing
    /// left to end.
    pub async fn logout(&self, token_id: &str) -> Result<(), UsersError> {
        let jti = token_id.to_string();
        let now = self.clock.now().timestamp();
        let version = self
            .db
            .write(move |tx| {
                store::revoke_session(tx, &jti, now)?;
                store::access_version(tx)
            })
            .await?;
        self.saw_access_version(version);
        self.sessions.invalidate(token_id);
        Ok(())
    }

    /// A user's permissions, from the cache when it is as new as users.db's access version.
    /// `None`: unknown or disabled user.
    pub async fn permissions(&self, user_id: &str) -> Result<Option<Permissions>, UsersError> {
        let version = self.access_version().await?;
        if let Some((v, p)) = self.perms.get(user_id) {
            if v == version {
                return Ok(p);
            }
        }
        let id = user_id.to_string();
        let found = self.db.call(move |c| store::permissions(c, &id)).await?;
        let value = found.map(|v| Arc::new(v.into_iter().collect::<BTreeSet<_>>()));
        self.perms
            .insert(user_id.to_string(), (version, value.clone()));
        Ok(value)
    }
}
