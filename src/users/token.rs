//! HS256 access tokens (jsonwebtoken). Only the user id, a token id and the expiry travel in
//! the token; the token id names a row in `sessions` (users.db) so a token can be ended before
//! it expires, and permissions are looked up (and cached) per request.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// Claims of an access token.
#[derive(Debug, Serialize, Deserialize, Clone)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Expires at (Unix seconds).
    pub exp: i64,
    /// Token id: the key of this token's session row.
    pub jti: String,
}

/// Signs and verifies tokens with one HS256 key.
#[derive(Clone)]
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl_secs: i64,
}

impl Tokens {
    /// Keys from a secret.
    pub fn new(secret: &[u8], ttl_secs: u64) -> Tokens {
        Tokens {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            ttl_secs: i64::try_from(ttl_secs).unwrap_or(i64::MAX / 2),
        }
    }

    /// Lifetime of a new token, seconds.
    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }

    /// A token for `user_id` issued at `now` (Unix seconds) with a fresh random token id;
    /// returns the token and its claims.
    pub fn issue(&self, user_id: &str, now: i64) -> Result<(String, Claims), String> {
        let claims = Claims {
            sub: user_id.to_string(),
            iat: now,
            exp: now + self.ttl_secs,
            jti: uuid::Uuid::new_v4().simple().to_string(),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| e.to_string())?;
        Ok((token, claims))
    }

    /// Verify signature, algorithm (HS256 only, so `alg:none` fails) and expiry against `now`.
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, String> {
        let mut v = Validation::new(Algorithm::HS256);
        // Expiry is checked against the injected clock below, not the system clock.
        v.validate_exp = false;
        v.required_spec_claims = ["exp", "sub", "jti"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let data = decode::<Claims>(token, &self.decoding, &v)
            .map_err(|e| format!("invalid token: {e}"))?;
        if data.claims.exp <= now {
            return Err("token expired".into());
        }
        Ok(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[test]
    fn round_trip_expiry_wrong_key_and_alg_none() {
        let t = Tokens::new(b"secret-one", 60);
        let (tok, claims) = t.issue("u1", 1000).expect("issue");
        assert_eq!(claims.jti.len(), 32);
        assert_ne!(t.issue("u1", 1000).expect("issue").1.jti, claims.jti);
        assert_eq!(t.verify(&tok, 1030).expect("valid").sub, "u1");
        assert!(t.verify(&tok, 1060).is_err(), "expired at exp");
        assert!(Tokens::new(b"secret-two", 60).verify(&tok, 1030).is_err());
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let none = format!(
            "{}.{}.",
            b64.encode(r#"{"alg":"none","typ":"JWT"}"#),
            b64.encode(r#"{"sub":"u1","iat":1000,"exp":99999999999,"jti":"x"}"#)
        );
        assert!(t.verify(&none, 1030).is_err());
    }
}
