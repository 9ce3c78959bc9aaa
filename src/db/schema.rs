//! Migrations from the top-level `schema.sql`.
//!
//! The file is split into blocks headed `-- @database <name> @version <n>`. A database
//! records the highest version applied in `PRAGMA user_version`; opening it applies every
//! newer block of its name, each in one transaction, so a newer binary migrates an older
//! data dir on start.

use super::DbError;
use rusqlite::Connection;

/// The schema, compiled into the binary.
pub const SCHEMA_SQL: &str = include_str!("../../schema.sql");

/// One migration block.
#[derive(Debug, PartialEq, Eq)]
pub struct Block {
    /// Database it belongs to.
    pub database: String,
    /// Version it brings the database to.
    pub version: i64,
    /// SQL to run.
    pub sql: String,
}

/// Split `schema.sql` into its blocks.
pub fn blocks(text: &str) -> Result<Vec<Block>, DbError> {
    let mut out: Vec<Block> = Vec::new();
    for line in text.lines() {
        if let Some(header) = line.trim().strip_prefix("-- @database ") {
            let mut words = header.split_whitespace();
            let database = words.next().unwrap_or_default().to_string();
            let version = match (words.next(), words.next()) {
                (Some("@version"), Some(v)) => v.parse::<i64>().ok(),
                _ => None,
            };
            let Some(version) = version else {
                return Err(DbError::Schema(format!("bad block header: {line}")));
            };
            out.push(Block {
                database,
                version,
                sql: String::new(),
            });
        } else if let Some(block) = out.last_mut() {
            block.sql.push_str(line);
            block.sql.push('\n');
        }
    }
    Ok(out)
}

/// Highest version `schema.sql` defines for a database.
pub fn latest_version(database: &str) -> i64 {
    blocks(SCHEMA_SQL)
        .unwrap_or_default()
        .iter()
        .filter(|b| b.database == database)
        .map(|b| b.version)
        .max()
        .unwrap_or(0)
}

/// Bring `conn` (the file of `database`) up to the latest version.
pub fn migrate(conn: &mut Connection, database: &str) -> Result<(), DbError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let latest = latest_version(database);
    if current > latest {
        return Err(DbError::Schema(format!(
            "{database}.db is at version {current}, newer than this binary ({latest}); upgrade moviehub"
        )));
    }
    for block in blocks(SCHEMA_SQL)? {
        if block.database != database || block.version <= current {
            continue;
        }
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(&block.sql)
            .map_err(|e| DbError::Schema(format!("{database} version {}: {e}", block.version)))?;
        tx.pragma_update(None, "user_version", block.version)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_database_has_a_first_version() {
        for name in crate::db::NAMES {
            assert!(latest_version(name) >= 1, "{name} has no schema block");
        }
    }

    #[test]
    fn migration_is_idempotent_and_recorded() {
        let mut conn = Connection::open_in_memory().expect("open");
        migrate(&mut conn, "users").expect("first");
        migrate(&mut conn, "users").expect("second");
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(v, latest_version("users"));
    }
}
