//! Signed QR payloads: `MH1.<base64url(payload)>.<base64url(signature)>`.
//!
//! payload (61 bytes) = version `0x01` ‖ ticket code (28 ASCII symbols, no dashes) ‖
//! showtime id (16 bytes) ‖ seat id (16 bytes). The Ed25519 signature covers
//! `"moviehub-ticket:" ‖ payload`, so the site key's signature over a ticket can never be
//! mistaken for a signature over anything else it may sign later. Base64 is unpadded URL-safe
//! and must be canonical; signatures are checked with `verify_strict` (no malleable forms), so
//! one ticket has exactly one valid QR text.

use super::TicketCode;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::Serialize;
use std::sync::Arc;
use uuid::Uuid;

/// The text every ticket QR starts with (format and version).
pub const QR_PREFIX: &str = "MH1";
/// The payload's version byte.
const VERSION: u8 = 1;
/// Domain separation for what the site key signs.
const CONTEXT: &[u8] = b"moviehub-ticket:";
/// Ticket code symbols in the payload.
const CODE_LEN: usize = 28;
/// Payload length: version, code, two UUIDs.
const PAYLOAD_LEN: usize = 1 + CODE_LEN + 16 + 16;

/// What a ticket QR asserts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketClaims {
    /// The ticket's code.
    pub code: TicketCode,
    /// The showtime it admits to.
    pub showtime_id: Uuid,
    /// The seat it is for.
    pub seat_id: Uuid,
}

/// Why a QR text is not a valid ticket. Every variant means "do not admit" (`invalid_signature`
/// at the door); they differ only for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketSigError {
    /// Not `MH1.<payload>.<signature>` with valid base64 and lengths.
    #[error("qr_payload: not a MovieHub ticket ({0})")]
    Malformed(&'static str),
    /// A format this version does not read.
    #[error("qr_payload: unsupported ticket format version {0}")]
    UnsupportedVersion(u8),
    /// Well formed but not signed by this site's key: forged or altered.
    #[error("qr_payload: signature does not match")]
    BadSignature,
}

/// Checks ticket QR texts with a site's public key (what an offline scanner does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketVerifier {
    key: VerifyingKey,
}

impl TicketVerifier {
    /// From the 32-byte Ed25519 public key; `None` if it is not a valid curve point.
    pub fn from_public_key(bytes: &[u8; 32]) -> Option<TicketVerifier> {
        VerifyingKey::from_bytes(bytes)
            .ok()
            .map(|key| TicketVerifier { key })
    }

    /// From the standard base64 text served at `GET /api/v1/tickets/public-key`.
    pub fn from_public_key_b64(text: &str) -> Option<TicketVerifier> {
        let bytes: [u8; 32] = STANDARD.decode(text.trim()).ok()?.try_into().ok()?;
        TicketVerifier::from_public_key(&bytes)
    }

    /// Check a QR text and read its claims. Surrounding whitespace (a scanner's newline) is
    /// ignored; anything else altered is refused.
    pub fn verify(&self, text: &str) -> Result<TicketClaims, TicketSigError> {
        let mut parts = text.trim().split('.');
        let (Some(prefix), Some(payload_b64), Some(sig_b64), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TicketSigError::Malformed(
                "expected three dot-separated parts",
            ));
        };
        if prefix != QR_PREFIX {
            return Err(TicketSigError::Malformed("unknown prefix"));
        }
        let payload = URL_SAFE_NO_PAD
            .decode(payload_b64)
            .map_err(|_| TicketSigError::Malformed("payload is not base64url"))?;
        let sig: [u8; 64] = URL_SAFE_NO_PAD
            .decode(sig_b64)
            .map_err(|_| TicketSigError::Malformed("signature is not base64url"))?
            .try_into()
            .map_err(|_| TicketSigError::Malformed("signature is not 64 bytes"))?;
        // One text per ticket: base64 whose unused trailing bits were changed decodes to the
        // same bytes, and is refused.
        if URL_SAFE_NO_PAD.encode(&payload) != payload_b64 || URL_SAFE_NO_PAD.encode(sig) != sig_b64
        {
            return Err(TicketSigError::Malformed("base64url is not canonical"));
        }
        if payload.len() != PAYLOAD_LEN {
            return Err(TicketSigError::Malformed("payload has the wrong length"));
        }
        if payload[0] != VERSION {
            return Err(TicketSigError::UnsupportedVersion(payload[0]));
        }
        self.key
            .verify_strict(&signed_message(&payload), &Signature::from_bytes(&sig))
            .map_err(|_| TicketSigError::BadSignature)?;
        decode_payload(&payload)
    }

    /// The 32-byte public key.
    pub fn public_key_bytes(&self) -> [u8; 32] {
        self.key.to_bytes()
    }
}

/// Signs ticket QR payloads with the site's Ed25519 key (cheap to clone).
#[derive(Clone)]
pub struct TicketSigner {
    key: Arc<SigningKey>,
    verifier: TicketVerifier,
}

impl std::fmt::Debug for TicketSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The private key never reaches a log line.
        f.debug_struct("TicketSigner")
            .field("public_key", &self.public_key_hex())
            .finish_non_exhaustive()
    }
}

impl TicketSigner {
    /// The signer for a 32-byte seed (`secrets::Secrets::ticket_seed`).
    pub fn from_seed(seed: &[u8; 32]) -> TicketSigner {
        let key = SigningKey::from_bytes(seed);
        let verifier = TicketVerifier {
            key: key.verifying_key(),
        };
        TicketSigner {
            key: Arc::new(key),
            verifier,
        }
    }

    /// The QR text for a ticket: `MH1.<payload>.<signature>` (about 170 ASCII characters).
    pub fn sign(&self, claims: &TicketClaims) -> String {
        let payload = encode_payload(claims);
        let sig = self.key.sign(&signed_message(&payload));
        format!(
            "{QR_PREFIX}.{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(sig.to_bytes())
        )
    }

    /// Check a QR text against this site's key (see [`TicketVerifier::verify`]).
    pub fn verify(&self, text: &str) -> Result<TicketClaims, TicketSigError> {
        self.verifier.verify(text)
    }

    /// A verifier holding only the public key.
    pub fn verifier(&self) -> TicketVerifier {
        self.verifier.clone()
    }

    /// The public key, standard base64 (44 characters).
    pub fn public_key_b64(&self) -> String {
        STANDARD.encode(self.verifier.public_key_bytes())
    }

    /// The public key, lowercase hex (64 characters).
    pub fn public_key_hex(&self) -> String {
        hex::encode(self.verifier.public_key_bytes())
    }
}

fn signed_message(payload: &[u8]) -> Vec<u8> {
    [CONTEXT, payload].concat()
}

fn encode_payload(c: &TicketClaims) -> Vec<u8> {
    let mut out = Vec::with_capacity(PAYLOAD_LEN);
    out.push(VERSION);
    out.extend_from_slice(c.code.compact().as_bytes());
    out.extend_from_slice(c.showtime_id.as_bytes());
    out.extend_from_slice(c.seat_id.as_bytes());
    out
}

/// Read a payload whose signature already checked out (length and version checked).
fn decode_payload(p: &[u8]) -> Result<TicketClaims, TicketSigError> {
    let (code, ids) = p[1..].split_at(CODE_LEN);
    let code = std::str::from_utf8(code)
        .ok()
        .and_then(|s| TicketCode::parse(s).ok())
        .ok_or(TicketSigError::Malformed("ticket code is invalid"))?;
    let (showtime, seat) = ids.split_at(16);
    let uuid =
        |b: &[u8]| Uuid::from_slice(b).map_err(|_| TicketSigError::Malformed("id is not 16 bytes"));
    Ok(TicketClaims {
        code,
        showtime_id: uuid(showtime)?,
        seat_id: uuid(seat)?,
    })
}

#[cfg(test)]
#[path = "sign_tests.rs"]
mod tests;
