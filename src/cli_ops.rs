//! Operator commands that work on the files: `check` and `backup`.

use crate::config::Settings;
use crate::db::{maintenance, Databases};
use std::path::Path;
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

/// `moviehub backup DIR`: online backup of every file into DIR.
pub fn backup(settings: Settings, target: &Path) -> Result<ExitCode, String> {
    std::fs::create_dir_all(target)
        .map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    let dbs = Databases::open(&settings.storage).map_err(|e| e.to_string())?;
    for db in dbs.all() {
        let path = maintenance::backup(db, target).map_err(|e| e.to_string())?;
        println!("{} -> {}", db.name(), path.display());
    }
    Ok(ExitCode::SUCCESS)
}
