//! Operator commands that work on the files: `check`, `backup` and `restore`, and the lock
//! that tells them (and a second server) that a server is running on a data dir.

use crate::config::Settings;
use crate::db::{maintenance, Databases};
use crate::secrets::KEY_FILES;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `moviehub check`: print a report per file; exit 1 on any problem.
pub fn check(settings: Settings) -> Result<ExitCode, String> {
    let dir = &settings.storage.data_dir;
    for name in crate::db::NAMES {
        if !dir.join(format!("{name}.db")).exists() {
            return Err(format!(
                "{}/{name}.db is missing (run `moviehub init`)",
                dir.display()
            ));
        }
    }
    let dbs = Databases::open(&settings.storage).map_err(|e| e.to_string())?;
    let mut healthy = true;
    for db in dbs.all() {
        let r = maintenance::check(db).map_err(|e| e.to_string())?;
        let state = if r.problems.is_empty() {
            "ok"
        } else {
            "PROBLEM"
        };
        println!(
            "{:<9} {state:<8} integrity={} foreign_key_violations={} schema_version={}/{}",
            r.database,
            if r.integrity_ok { "ok" } else { "FAILED" },
            r.foreign_key_violations,
            r.version,
            r.expected_version
        );
        for p in &r.problems {
            println!("          - {p}");
        }
        healthy &= r.problems.is_empty();
    }
    Ok(if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `moviehub backup DIR`: online backup of every database into DIR, and the key files (the
/// JWT key and the ticket-signing key: without the latter a restored site could not verify the
/// QR codes it already sold).
pub fn backup(settings: Settings, target: &Path) -> Result<ExitCode, String> {
    std::fs::create_dir_all(target)
        .map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    let dbs = Databases::open(&settings.storage).map_err(|e| e.to_string())?;
    for db in dbs.all() {
        let path = maintenance::backup(db, target).map_err(|e| e.to_string())?;
        println!("{} -> {}", db.name(), path.display());
    }
    for key in KEY_FILES {
        let from = settings.storage.data_dir.join(key);
        if from.exists() {
            let to = target.join(key);
            copy_secret(&from, &to)?;
            println!("{key} -> {}", to.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `moviehub restore DIR`: replace the data dir's databases and keys with a backup made by
/// `backup`. Refused while a server runs on the data dir (it holds the lock), and when the
/// backup is incomplete or fails its integrity check; nothing is replaced then.
pub fn restore(settings: Settings, source: &Path) -> Result<ExitCode, String> {
    let dir = &settings.storage.data_dir;
    let _lock = DataDirLock::take(dir).map_err(|e| format!("restore refused: {e}"))?;
    for name in crate::db::NAMES {
        let file = source.join(format!("{name}.db"));
        if !file.is_file() {
            return Err(format!(
                "restore refused: {} is missing; a backup holds every database",
                file.display()
            ));
        }
        let conn = rusqlite::Connection::open_with_flags(
            &file,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .map_err(|e| format!("{}: {e}", file.display()))?;
        let verdict: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| format!("{}: {e}", file.display()))?;
        if verdict != "ok" {
            return Err(format!(
                "restore refused: {} fails its integrity check ({verdict})",
                file.display()
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    // Stage every file beside its target first: a copy that fails (a full disk) leaves the
    // live data dir untouched. Only then swap them in, each by one rename.
    let mut staged = Vec::new();
    let mut stage = |from: PathBuf, to: PathBuf, secret: bool| -> Result<(), String> {
        let tmp = to.with_extension("restoring");
        if tmp.exists() {
            std::fs::remove_file(&tmp)
                .map_err(|e| format!("cannot remove {}: {e}", tmp.display()))?;
        }
        if secret {
            copy_secret(&from, &tmp)?;
        } else {
            std::fs::copy(&from, &tmp)
                .map_err(|e| format!("cannot copy into {}: {e}", tmp.display()))?;
        }
        staged.push((from, tmp, to));
        Ok(())
    };
    for name in crate::db::NAMES {
        stage(
            source.join(format!("{name}.db")),
            dir.join(format!("{name}.db")),
            false,
        )?;
    }
    for key in KEY_FILES {
        if source.join(key).exists() {
            stage(source.join(key), dir.join(key), true)?;
        }
    }
    for (from, tmp, to) in staged {
        // The old file's WAL belongs to the data being replaced.
        for suffix in ["db-wal", "db-shm"] {
            let side = to.with_extension(suffix);
            if side.exists() {
                std::fs::remove_file(&side)
                    .map_err(|e| format!("cannot remove {}: {e}", side.display()))?;
            }
        }
        std::fs::rename(&tmp, &to).map_err(|e| format!("cannot replace {}: {e}", to.display()))?;
        println!("{} -> {}", from.display(), to.display());
    }
    // Opening migrates a backup taken by an older binary and proves the files open.
    Databases::open(&settings.storage).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// Copy a key file, readable by the owner only.
fn copy_secret(from: &Path, to: &Path) -> Result<(), String> {
    let bytes = std::fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(to)
        .map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    std::io::Write::write_all(&mut f, &bytes)
        .map_err(|e| format!("cannot write {}: {e}", to.display()))
}

/// An exclusive lock on `<data_dir>/moviehub.lock`, held by a running server (and by
/// `restore`) for as long as the value lives; the OS drops it if the process dies.
pub struct DataDirLock {
    _file: std::fs::File,
}

impl DataDirLock {
    /// Take the lock, or say that a server holds it.
    pub fn take(dir: &Path) -> Result<DataDirLock, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let path = dir.join("moviehub.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(DataDirLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(format!(
                "a moviehub server is running on {} (it holds {}); stop it first",
                dir.display(),
                path.display()
            )),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(format!("cannot lock {}: {e}", path.display()))
            }
        }
    }
}
