//! The appliance itself: health, envelopes, request ids, CLI check/backup, settings.

use crate::helpers::*;
use serde_json::json;
use std::process::Command;

#[tokio::test]
async fn health_reports_every_database() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(format!("{}/api/health", app.base))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("x-request-id"));
    let body: serde_json::Value = res.json().await.expect("json");
    let names: Vec<&str> = body["data"]["databases"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            assert_eq!(d["ok"], true);
            assert!(d["latency_ms"].is_number());
            d["name"].as_str().expect("name")
        })
        .collect();
    assert_eq!(
        names,
        ["users", "catalog", "cinemas", "bookings", "central"]
    );
    assert_eq!(body["data"]["sync"]["enabled"], false);
    assert_eq!(body["data"]["sync"]["pending"], 0);
    assert_eq!(body["data"]["role"], "site");
    assert!(body["data"]["version"].is_string());
    assert!(body["data"]["uptime_secs"].is_number());
}

#[tokio::test]
async fn health_is_503_when_a_database_fails() {
    let app = spawn_app().await;
    // Damage bookings.db's schema underneath the running server and bump the schema cookie
    // so every connection re-reads it.
    app.state
        .dbs
        .bookings
        .call(|c| -> Result<(), moviehub::db::DbError> {
            let v: i64 = c.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
            let table: String = c.query_row(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 1",
                [],
                |r| r.get(0),
            )?;
            c.execute_batch(&format!(
                "PRAGMA writable_schema=ON; UPDATE sqlite_master SET sql='garbage' WHERE name='{table}'; PRAGMA schema_version={}; PRAGMA writable_schema=OFF;",
                v + 1
            ))?;
            Ok(())
        })
        .await
        .expect("corrupt");
    let (s, body) = app.get("/api/health", None).await;
    assert_eq!(s, 503, "{body}");
    assert_eq!(body["data"]["status"], "degraded");
    let bookings = &body["data"]["databases"][3];
    assert_eq!(bookings["name"], "bookings");
    assert_eq!(bookings["ok"], false);
    assert_eq!(body["data"]["databases"][0]["ok"], true);
}

#[tokio::test]
async fn request_id_is_echoed_or_generated() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(format!("{}/api/health", app.base))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .expect("send");
    assert_eq!(res.headers()["x-request-id"], "abc-123");
}

#[tokio::test]
async fn malformed_oversized_and_unknown_requests_get_the_envelope() {
    let app = spawn_app_with(|s| s.server.body_limit_bytes = 4096).await;
    let (s, b) = app
        .post_raw(
            "/api/v1/auth/register",
            None,
            "application/json",
            b"{not json".to_vec(),
        )
        .await;
    assert_envelope(s, &b, 400);
    let (s, b) = app
        .post_raw("/api/v1/auth/register", None, "text/plain", b"{}".to_vec())
        .await;
    assert_envelope(s, &b, 400);
    let big = format!(
        r#"{{"email":"a@b.vn","password":"{}","full_name":"x"}}"#,
        "x".repeat(10_000)
    );
    let (s, b) = app
        .post_raw(
            "/api/v1/auth/register",
            None,
            "application/json",
            big.into_bytes(),
        )
        .await;
    assert_envelope(s, &b, 413);
    let (s, b) = app.get("/api/v1/nothing-here", None).await;
    assert_eq!(assert_envelope(s, &b, 404), "Route not found");
    assert_eq!(b["path"], "/api/v1/nothing-here");
    let (s, b) = app
        .call(
            reqwest::Method::PATCH,
            "/api/v1/auth/login",
            None,
            Some(json!({})),
        )
        .await;
    assert_envelope(s, &b, 405);
    let (s, b) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email":"a@b.vn","password":"x","extra":1}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).contains("extra"));
}

fn moviehub(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_moviehub"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run moviehub")
}

#[tokio::test]
async fn backup_while_serving_then_check_passes() {
    let app = spawn_app().await;
    app.post(
        "/api/v1/auth/register",
        None,
        json!({"email":"b@b.vn","password":"secret123","full_name":"B"}),
    )
    .await;
    let data = app
        .state
        .settings
        .storage
        .data_dir
        .to_string_lossy()
        .to_string();
    let target = app.dir.path().join("backup");
    let target = target.to_string_lossy().to_string();
    let out = moviehub(&["--data-dir", &data, "backup", &target]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = moviehub(&["--data-dir", &target, "check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        text.matches(" ok ").count(),
        moviehub::db::NAMES.len(),
        "{text}"
    );
    // The copy holds the account.
    let out = moviehub(&["--data-dir", &target, "user", "list"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("b@b.vn"));
}

#[test]
fn check_fails_on_a_damaged_file() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().to_string_lossy().to_string();
    assert!(moviehub(&["--data-dir", &data, "init"]).status.success());
    // Delete a role that user_roles would need? Simpler: a foreign-key violation.
    let conn = rusqlite::Connection::open(dir.path().join("users.db")).expect("open");
    conn.execute_batch("PRAGMA foreign_keys=OFF; INSERT INTO user_roles VALUES ('ghost', 999);")
        .expect("insert");
    drop(conn);
    let out = moviehub(&["--data-dir", &data, "check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("foreign key"));
}

#[test]
fn bad_setting_stops_start_up_naming_it() {
    let dir = tempfile::tempdir().expect("dir");
    let out = Command::new(env!("CARGO_BIN_EXE_moviehub"))
        .args(["--data-dir", &dir.path().to_string_lossy(), "check"])
        .env("MOVIEHUB_HOLDS__MAX_PER_USER", "0")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds.max_per_user"));
}

#[test]
fn init_writes_secrets_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let out = moviehub(&["--data-dir", &dir.path().to_string_lossy(), "init"]);
    assert!(out.status.success());
    for f in ["jwt.key", "ticket-signing.key"] {
        let mode = std::fs::metadata(dir.path().join(f))
            .expect("exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{f}");
    }
    for db in ["users", "catalog", "cinemas", "bookings"] {
        assert!(dir.path().join(format!("{db}.db")).exists());
    }
}

#[test]
fn cli_user_add_list_grant_revoke() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path().to_string_lossy().to_string();
    let out = moviehub(&[
        "--data-dir",
        &d,
        "user",
        "add",
        "--role",
        "admin",
        "--email",
        "boss@x.vn",
        "--name",
        "Boss",
        "--password",
        "secret123",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        moviehub(&["--data-dir", &d, "user", "grant", "boss@x.vn", "usher"])
            .status
            .success()
    );
    let list = moviehub(&["--data-dir", &d, "user", "list"]);
    assert!(
        String::from_utf8_lossy(&list.stdout).contains("admin,usher")
            || String::from_utf8_lossy(&list.stdout).contains("usher,admin")
    );
    assert!(
        moviehub(&["--data-dir", &d, "user", "revoke", "boss@x.vn", "usher"])
            .status
            .success()
    );
    let bad = moviehub(&["--data-dir", &d, "user", "grant", "boss@x.vn", "wizard"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("role"));
}

#[tokio::test]
async fn every_database_is_in_wal_mode_with_foreign_keys() {
    let app = spawn_app().await;
    for db in app.state.dbs.all() {
        let (mode, fk): (String, i64) = db
            .blocking(|c| {
                let mode = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
                let fk = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
                Ok::<_, moviehub::db::DbError>((mode, fk))
            })
            .expect("pragmas");
        assert_eq!((mode.as_str(), fk), ("wal", 1), "{}", db.name());
    }
}

#[test]
fn roles_are_listed_and_shown_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data").display().to_string();
    assert!(moviehub(&["--data-dir", &data, "init"]).status.success());
    let out = moviehub(&["--data-dir", &data, "role", "list"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    for role in ["admin", "manager", "cashier", "usher", "customer"] {
        assert!(
            text.lines().any(|l| l.starts_with(role)),
            "{role} in {text}"
        );
    }
    let out = moviehub(&["--data-dir", &data, "role", "show", "cashier"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let perms: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(perms, ["booking:create", "booking:sell", "ticket:scan"]);
    let out = moviehub(&["--data-dir", &data, "role", "show", "owner"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no role \"owner\""));
}

#[test]
fn every_command_answers_help() {
    let top = moviehub(&["--help"]);
    assert!(top.status.success());
    let text = String::from_utf8_lossy(&top.stdout).to_string();
    let commands: Vec<String> = text
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 10, "{text}");
    for c in &commands {
        let out = moviehub(&[c, "--help"]);
        assert!(out.status.success(), "{c} --help: {out:?}");
        assert!(!out.stdout.is_empty(), "{c} --help says something");
    }
}

#[tokio::test]
async fn health_counts_the_seats_held_in_the_hold_cache() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let (_, body) = app.get("/api/health", None).await;
    assert_eq!(body["data"]["holds"]["held_seats"], 0, "{body}");
    assert_eq!(body["data"]["holds"]["ttl_secs"], 300);
    let (_, list) = app.get("/api/v1/showtimes", None).await;
    let show = list["data"]["items"]
        .as_array()
        .or_else(|| list["data"].as_array())
        .expect("showtimes")
        .iter()
        .find(|s| s["status"] == "SELLING")
        .expect("on sale")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{show}/seats"), None)
        .await;
    let seats: Vec<String> = map["data"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| r["seats"].as_array().expect("seats").clone())
        .filter(|s| s["couple_with"].is_null() && s["status"] == "AVAILABLE")
        .map(|s| s["id"].as_str().expect("id").to_string())
        .take(2)
        .collect();
    let customer = app.token("customer").await;
    for seat in &seats {
        let (s, b) = app
            .post(
                &format!("/api/v1/showtimes/{show}/holds"),
                Some(&customer),
                serde_json::json!({"seat_id": seat}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
    }
    let (_, body) = app.get("/api/health", None).await;
    assert_eq!(body["data"]["holds"]["held_seats"], 2, "{body}");
    app.stop().await;
}
