//! Signed requests between a site and central: HMAC-SHA256 over the site id, a timestamp,
//! the method, the path and the body's SHA-256, with a key derived from the site's secret.
//! Central keeps the derived key, not the printed secret; the key still signs as the site, so
//! central.db and its backups are to be guarded like the secret.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Header naming the site.
pub const SITE_HEADER: &str = "x-moviehub-site";
/// Header with the request's unix time, seconds.
pub const TIMESTAMP_HEADER: &str = "x-moviehub-timestamp";
/// Header with the hex signature.
pub const SIGNATURE_HEADER: &str = "x-moviehub-signature";

/// The HMAC key a secret stands for (hex of 32 bytes).
pub fn derive_key(secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"moviehub-sync-key-v1\n");
    h.update(secret.as_bytes());
    hex::encode(h.finalize())
}

/// What is signed: one line each, the body by its hash.
fn message(site_id: &str, timestamp: i64, method: &str, path: &str, body: &[u8]) -> String {
    let body_hash = hex::encode(Sha256::digest(body));
    format!("{site_id}\n{timestamp}\n{method}\n{path}\n{body_hash}")
}

/// The hex signature of a request, with `key_hex` from [`derive_key`].
pub fn sign(
    key_hex: &str,
    site_id: &str,
    timestamp: i64,
    method: &str,
    path: &str,
    body: &[u8],
) -> String {
    let key = hex::decode(key_hex).unwrap_or_default();
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&key) else {
        return String::new();
    };
    mac.update(message(site_id, timestamp, method, path, body).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Why a signed request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// A header is missing or unreadable.
    #[error("missing or malformed {0} header")]
    Header(&'static str),
    /// The signature does not match the body and the site's key.
    #[error("bad signature")]
    Mismatch,
    /// The timestamp is too far from central's clock.
    #[error("timestamp {got} is outside the {window} s window around {now}")]
    Stale {
        /// The request's time.
        got: i64,
        /// Central's time.
        now: i64,
        /// Allowed distance.
        window: i64,
    },
}

/// Check a request's signature in constant time, then its timestamp against `now`.
#[allow(clippy::too_many_arguments)]
pub fn verify(
    key_hex: &str,
    site_id: &str,
    timestamp: i64,
    method: &str,
    path: &str,
    body: &[u8],
    signature_hex: &str,
    now: i64,
    window: i64,
) -> Result<(), SignatureError> {
    let key = hex::decode(key_hex).map_err(|_| SignatureError::Mismatch)?;
    let given = hex::decode(signature_hex).map_err(|_| SignatureError::Header(SIGNATURE_HEADER))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| SignatureError::Mismatch)?;
    mac.update(message(site_id, timestamp, method, path, body).as_bytes());
    mac.verify_slice(&given)
        .map_err(|_| SignatureError::Mismatch)?;
    if (now - timestamp).abs() > window {
        return Err(SignatureError::Stale {
            got: timestamp,
            now,
            window,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    fn signed(body: &[u8]) -> (String, String) {
        let key = derive_key(SECRET);
        let sig = sign(&key, "site-a", 1_000, "POST", "/api/v1/sync/push", body);
        (key, sig)
    }

    #[test]
    fn a_signed_request_verifies_and_any_change_is_refused() {
        let body = br#"{"events":[]}"#;
        let (key, sig) = signed(body);
        let ok = |site: &str, ts: i64, path: &str, b: &[u8], s: &str| {
            verify(&key, site, ts, "POST", path, b, s, 1_010, 300)
        };
        assert_eq!(ok("site-a", 1_000, "/api/v1/sync/push", body, &sig), Ok(()));
        let m = Err(SignatureError::Mismatch);
        assert_eq!(ok("site-b", 1_000, "/api/v1/sync/push", body, &sig), m);
        assert_eq!(ok("site-a", 1_001, "/api/v1/sync/push", body, &sig), m);
        assert_eq!(ok("site-a", 1_000, "/api/v1/sync/pull", body, &sig), m);
        assert_eq!(
            ok(
                "site-a",
                1_000,
                "/api/v1/sync/push",
                b"{\"events\":[1]}",
                &sig
            ),
            m
        );
        let other = derive_key("ff112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        assert_eq!(
            verify(
                &other,
                "site-a",
                1_000,
                "POST",
                "/api/v1/sync/push",
                body,
                &sig,
                1_000,
                300
            ),
            m
        );
    }

    #[test]
    fn an_old_or_future_timestamp_is_refused_even_when_signed() {
        let body = b"x";
        let (key, sig) = signed(body);
        let at = |now: i64| {
            verify(
                &key,
                "site-a",
                1_000,
                "POST",
                "/api/v1/sync/push",
                body,
                &sig,
                now,
                300,
            )
        };
        assert_eq!(at(1_300), Ok(()));
        assert!(matches!(at(1_301), Err(SignatureError::Stale { .. })));
        assert!(matches!(at(699), Err(SignatureError::Stale { .. })));
        assert_eq!(at(700), Ok(()));
    }

    #[test]
    fn the_key_is_not_the_secret() {
        assert_ne!(derive_key(SECRET), SECRET);
        assert_eq!(derive_key(SECRET).len(), 64);
    }
}
