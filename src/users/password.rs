//! argon2id password hashes in PHC string form.

use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::cell::RefCell;
use std::sync::{mpsc, Arc, Mutex, OnceLock};

thread_local! {
    /// The hashing thread's memory block, kept while logins keep coming.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Give the hashing thread's block back (it was idle for [`IDLE_FREE`]): an idle server does
/// not keep 19 MiB per hashing thread. With large allocations always mapped (see `main`),
/// the memory goes back to the system.
fn release_block() {
    BLOCKS.with(|cell| {
        let mut blocks = cell.borrow_mut();
        blocks.clear();
        blocks.shrink_to_fit();
    });
}

/// A hashing thread idle this long frees its block.
const IDLE_FREE: std::time::Duration = std::time::Duration::from_secs(2);

/// argon2id over a memory block the calling thread keeps for the next call: a burst of logins
/// allocates the 19 MiB once per hashing thread, not once per login.
fn compute(params: &Params, version: Version, pwd: &[u8], salt: &[u8], out: &mut [u8]) -> bool {
    BLOCKS.with(|cell| {
        let mut blocks = cell.borrow_mut();
        let need = params.block_count();
        if blocks.len() < need {
            blocks.resize(need, Block::default());
        }
        Argon2::new(Algorithm::Argon2id, version, params.clone())
            .hash_password_into_with_memory(pwd, salt, out, &mut blocks[..need])
            .is_ok()
    })
}

/// Hash a password with argon2id (default parameters) and a random salt, as a PHC string.
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buf = [0u8; 64];
    let raw_salt = salt
        .as_salt()
        .decode_b64(&mut salt_buf)
        .map_err(|e| e.to_string())?;
    let params = Params::default();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    if !compute(
        &params,
        Version::V0x13,
        password.as_bytes(),
        raw_salt,
        &mut out,
    ) {
        return Err("argon2id failed".into());
    }
    let phc = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| e.to_string())?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| e.to_string())?),
    };
    Ok(phc.to_string())
}

/// Does `password` match the stored PHC hash? (argon2id; other PHC strings never match.)
pub fn verify(password: &str, phc: &str) -> bool {
    let Ok(h) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (h.salt, h.hash) else {
        return false;
    };
    if h.algorithm != argon2::ARGON2ID_IDENT {
        return false;
    }
    let (Ok(params), Ok(version)) = (
        Params::try_from(&h),
        Version::try_from(h.version.unwrap_or(Version::V0x13.into())),
    ) else {
        return false;
    };
    let mut salt_buf = [0u8; 64];
    let Ok(raw_salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    // `Output`'s equality is constant-time.
    compute(&params, version, password.as_bytes(), raw_salt, &mut out)
        && Output::new(&out).is_ok_and(|o| o == expected)
}

/// argon2id runs on this many dedicated threads. Each computation takes a 19 MiB block, and
/// glibc keeps a freed block in the arena of the thread that used it: on the blocking pool a
/// burst of logins left one block per pool thread (600 wrong-password logins took the server
/// from 52 MB to 780 MB, never returned). Two fixed threads keep at most two blocks, and leave
/// the other core to the sales.
const HASH_THREADS: usize = 2;

type Job = Box<dyn FnOnce() + Send>;

/// The queue of the hashing threads (started on first use); `None` if they could not start.
fn hashers() -> Option<&'static Mutex<mpsc::Sender<Job>>> {
    static QUEUE: OnceLock<Option<Mutex<mpsc::Sender<Job>>>> = OnceLock::new();
    QUEUE
        .get_or_init(|| {
            let (tx, rx) = mpsc::channel::<Job>();
            let rx = Arc::new(Mutex::new(rx));
            for i in 0..HASH_THREADS {
                let rx = rx.clone();
                let started = std::thread::Builder::new()
                    .name(format!("argon2-{i}"))
                    .spawn(move || loop {
                        // The lock is held only while waiting for the next job.
                        let next = match rx.lock() {
                            Ok(guard) => guard.recv_timeout(IDLE_FREE),
                            Err(poisoned) => poisoned.into_inner().recv_timeout(IDLE_FREE),
                        };
                        match next {
                            Ok(job) => job(),
                            Err(mpsc::RecvTimeoutError::Timeout) => release_block(),
                            Err(mpsc::RecvTimeoutError::Disconnected) => return,
                        }
                    });
                if started.is_err() {
                    return None;
                }
            }
            Some(Mutex::new(tx))
        })
        .as_ref()
}

/// Run an argon2id computation on one of the [`HASH_THREADS`] hashing threads and wait for
/// its answer (on the blocking pool if those threads could not be started).
pub async fn bounded<R, F>(work: F) -> Result<R, String>
where
    R: Send + 'static,
    F: FnOnce() -> R + Send + 'static,
{
    let Some(queue) = hashers() else {
        return tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| e.to_string());
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(work());
    });
    queue
        .lock()
        .map_err(|_| "password hashing queue poisoned".to_string())?
        .send(job)
        .map_err(|_| "password hashing threads stopped".to_string())?;
    rx.await
        .map_err(|_| "password hashing job was dropped".to_string())
}

/// A real hash of a random password, verified against when the account does not exist so
/// that a wrong e-mail costs as much time as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash(&uuid::Uuid::new_v4().to_string()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_argon2id() {
        let h = hash("moviehub").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("moviehub", &h));
        assert!(!verify("moviehuB", &h));
        assert!(!verify("moviehub", "not a hash"));
    }

    #[test]
    fn hashes_are_the_argon2_crates_own_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash("bắp rang bơ").expect("hash");
        let parsed = PasswordHash::new(&ours).expect("phc");
        assert!(Argon2::default()
            .verify_password("bắp rang bơ".as_bytes(), &parsed)
            .is_ok());
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"combo 2 nguoi", &salt)
            .expect("hash")
            .to_string();
        assert!(verify("combo 2 nguoi", &theirs));
        assert!(!verify("combo 1 nguoi", &theirs));
        // Other parameters (a hash made before a default changed) still verify.
        let small = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 3, 1, None).expect("params"),
        )
        .hash_password(b"nuoc ngot", &salt)
        .expect("hash")
        .to_string();
        assert!(verify("nuoc ngot", &small));
    }
}
