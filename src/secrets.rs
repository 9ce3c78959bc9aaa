//! Keys generated into the data dir by `init` (mode 0600) unless the config supplies them:
//! the JWT signing secret and the site's Ed25519 ticket-signing seed.

use crate::config::Settings;
use rand::RngCore;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The secrets of one instance.
#[derive(Clone)]
pub struct Secrets {
    /// HS256 key for access tokens.
    pub jwt: Vec<u8>,
    /// Ed25519 seed for ticket QR payloads.
    pub ticket_seed: [u8; 32],
}

fn jwt_path(dir: &Path) -> PathBuf {
    dir.join("jwt.key")
}

fn ticket_path(dir: &Path) -> PathBuf {
    dir.join("ticket-signing.key")
}

/// Load the secrets, generating any missing key file (0600) in the data dir.
pub fn load_or_create(settings: &Settings) -> Result<Secrets, String> {
    let dir = &settings.storage.data_dir;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let jwt = if settings.auth.jwt_secret.is_empty() {
        read_or_generate(&jwt_path(dir))?
    } else {
        settings.auth.jwt_secret.as_bytes().to_vec()
    };
    let seed_hex = if settings.tickets.signing_key.is_empty() {
        String::from_utf8(read_or_generate(&ticket_path(dir))?).map_err(|e| e.to_string())?
    } else {
        settings.tickets.signing_key.clone()
    };
    let bytes = hex::decode(seed_hex.trim()).map_err(|e| format!("ticket signing key: {e}"))?;
    let ticket_seed: [u8; 32] = bytes
        .try_into()
        .map_err(|_| "ticket signing key: must be 32 bytes (64 hex)".to_string())?;
    Ok(Secrets { jwt, ticket_seed })
}

/// The VNPay secret the sandbox signs with in demo mode when none is configured: random, kept
/// in `<data_dir>/vnpay-sandbox.key` (0600) so payments started before a restart still verify.
pub fn demo_vnpay_secret(settings: &Settings) -> Result<String, String> {
    let dir = &settings.storage.data_dir;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let key = read_or_generate(&dir.join(DEMO_VNPAY_KEY))?;
    String::from_utf8(key).map_err(|e| e.to_string())
}

/// File name of the demo sandbox's VNPay secret.
pub const DEMO_VNPAY_KEY: &str = "vnpay-sandbox.key";

/// The key files a data dir may hold (what `backup` copies besides the databases).
pub const KEY_FILES: [&str; 3] = ["jwt.key", "ticket-signing.key", DEMO_VNPAY_KEY];

/// Read a hex key file, or create it with 32 random bytes.
fn read_or_generate(path: &Path) -> Result<Vec<u8>, String> {
    if let Ok(text) = std::fs::read_to_string(path) {
        let t = text.trim();
        if t.len() == 64 && hex::decode(t).is_ok() {
            return Ok(t.as_bytes().to_vec());
        }
        return Err(format!("{} is not a 64-hex-character key", path.display()));
    }
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    let text = hex::encode(key);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(text.into_bytes())
}
