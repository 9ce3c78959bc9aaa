//! `moviehub site add|list` (on central) and `moviehub sync status` (on a site).

use super::central::Central;
use crate::config::Settings;
use crate::sales::sync_store::PushState;
use clap::Subcommand;
use std::process::ExitCode;

/// `moviehub site …` (head office).
#[derive(Subcommand, Debug)]
pub enum SiteCommand {
    /// Register a site; prints its id and secret once (central keeps a key derived from it,
    /// which signs as the site: guard central.db like the secret).
    Add {
        /// The site's name, e.g. "MovieHub Hà Đông".
        name: String,
    },
    /// Every site with its last push, lag and totals.
    List,
}

/// `moviehub sync …` (a site).
#[derive(Subcommand, Debug)]
pub enum SyncCommand {
    /// Rows pending, age of the oldest unsent row, last success and last error.
    Status,
}

/// Run a `site` command.
pub async fn run_site(
    central: &Central,
    settings: &Settings,
    cmd: SiteCommand,
) -> Result<ExitCode, String> {
    if settings.server.role != crate::config::Role::Central {
        eprintln!("note: server.role is not \"central\"; sites push only to a central instance");
    }
    match cmd {
        SiteCommand::Add { name } => {
            let site = central.add_site(&name).await.map_err(|e| e.to_string())?;
            println!("site added: {}", site.name);
            println!("  id:     {}", site.id);
            println!("  secret: {}", site.secret);
            println!("Put these in the site's settings (shown only now):");
            println!(
                "  [sync]\n  central_url = \"{}\"",
                settings.server.public_url
            );
            println!(
                "  site_id = \"{}\"\n  site_secret = \"{}\"",
                site.id, site.secret
            );
            Ok(ExitCode::SUCCESS)
        }
        SiteCommand::List => {
            let sites = central.sites().await.map_err(|e| e.to_string())?;
            if sites.is_empty() {
                println!("no sites yet: add one with `moviehub site add NAME`");
            }
            for s in sites {
                println!(
                    "{}  {}{}\n  last push: {}  applied up to #{} ({} rows)  pending at the site: {}",
                    s.id,
                    s.name,
                    if s.disabled { " (disabled)" } else { "" },
                    s.last_push_at.as_deref().unwrap_or("never"),
                    s.last_seq,
                    s.rows_applied,
                    s.pending
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The push's status as JSON (for `/api/health`, the API and the CLI).
pub fn status_json(settings: &Settings, s: &PushState) -> serde_json::Value {
    let age_ms = s.oldest_pending_at.as_deref().and_then(|t| {
        chrono::DateTime::parse_from_rfc3339(t).ok().map(|t| {
            (chrono::Utc::now() - t.with_timezone(&chrono::Utc))
                .num_milliseconds()
                .max(0)
        })
    });
    let age = age_ms.map(|ms| ms / 1000);
    serde_json::json!({
        "enabled": settings.sync.enabled(),
        "central_url": settings.sync.central_url,
        "site_id": settings.sync.site_id,
        "pending": s.pending,
        "oldest_pending_age_secs": age,
        "oldest_pending_age_ms": age_ms,
        "acked_seq": s.acked_seq,
        "last_seq": s.last_seq,
        "last_success_at": s.last_success_at,
        "last_error": s.last_error,
        "last_error_at": s.last_error_at,
    })
}

/// Run a `sync` command.
pub async fn run_sync(
    sales: &crate::sales::Sales,
    settings: &Settings,
    cmd: SyncCommand,
) -> Result<ExitCode, String> {
    match cmd {
        SyncCommand::Status => {
            let state = sales
                .read(|c| Ok::<_, crate::db::DbError>(crate::sales::sync_store::push_state(c)?))
                .await
                .map_err(|e| e.to_string())?;
            let v = status_json(settings, &state);
            if !settings.sync.enabled() {
                println!("sync is off: [sync] central_url is empty");
            } else {
                println!(
                    "central: {}  site: {}",
                    settings.sync.central_url, settings.sync.site_id
                );
            }
            println!(
                "pending: {} row(s){}",
                state.pending,
                v["oldest_pending_age_secs"]
                    .as_i64()
                    .map(|a| format!(", the oldest {a} s old"))
                    .unwrap_or_default()
            );
            println!(
                "acknowledged up to #{} of #{}",
                state.acked_seq, state.last_seq
            );
            println!(
                "last success: {}",
                state.last_success_at.as_deref().unwrap_or("never")
            );
            if let Some(e) = &state.last_error {
                println!(
                    "last error: {e} ({})",
                    state.last_error_at.as_deref().unwrap_or("")
                );
            }
            // Exit 1 while a syncing site has rows older than five minutes unsent.
            let stale =
                settings.sync.enabled() && v["oldest_pending_age_secs"].as_i64().unwrap_or(0) > 300;
            Ok(if stale {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
