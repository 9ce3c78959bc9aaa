//! `check` and `backup`: integrity of every file, and consistent online copies.

use super::{schema, Db, DbError};
use std::path::Path;

/// What `check` found in one file.
#[derive(Debug, serde::Serialize)]
pub struct FileReport {
    /// Database name.
    pub database: String,
    /// `PRAGMA integrity_check` said "ok".
    pub integrity_ok: bool,
    /// Rows reported by `PRAGMA foreign_key_check`.
    pub foreign_key_violations: usize,
    /// `PRAGMA user_version`.
    pub version: i64,
    /// Version this binary expects.
    pub expected_version: i64,
    /// Problems in words; empty when healthy.
    pub problems: Vec<String>,
}

/// Check one open database.
pub fn check(db: &Db) -> Result<FileReport, DbError> {
    db.blocking(|conn| {
        let mut problems = Vec::new();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let lines: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        let integrity_ok = lines.len() == 1 && lines[0] == "ok";
        if !integrity_ok {
            problems.extend(lines.into_iter().map(|l| format!("integrity: {l}")));
        }
        let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
        let fk: Vec<String> = stmt
            .query_map([], |r| {
                Ok(format!(
                    "foreign key: table {} row {:?}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?
                ))
            })?
            .collect::<Result<_, _>>()?;
        let foreign_key_violations = fk.len();
        problems.extend(fk);
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let expected_version = schema::latest_version(db.name());
        if version != expected_version {
            problems.push(format!(
                "schema version {version}, expected {expected_version}"
            ));
        }
        Ok(FileReport {
            database: db.name().to_string(),
            integrity_ok,
            foreign_key_violations,
            version,
            expected_version,
            problems,
        })
    })
}

/// Copy one database into `dir` with SQLite's online backup API (consistent even while the
/// server writes).
pub fn backup(db: &Db, dir: &Path) -> Result<std::path::PathBuf, DbError> {
    let target = dir.join(format!("{}.db", db.name()));
    if target.exists() {
        return Err(DbError::Schema(format!(
            "{} already exists; choose an empty directory",
            target.display()
        )));
    }
    db.blocking(|conn| {
        let mut dst = rusqlite::Connection::open(&target)?;
        {
            let b = rusqlite::backup::Backup::new(conn, &mut dst)?;
            b.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
        }
        Ok::<_, DbError>(())
    })?;
    Ok(target)
}
