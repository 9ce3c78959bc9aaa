//! Demo mode says so, a data dir with the public demo accounts does not serve real customers,
//! and a backup carries the keys a restored site needs to recognise the tickets it sold.

use super::*;
use std::time::Duration;

#[tokio::test]
async fn demo_mode_is_announced_on_health() {
    let app = spawn_app_with(|s| s.demo_mode = true).await;
    let (s, b) = app.get("/api/health", None).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["demo"], true);
    assert!(
        b["data"]["warnings"].to_string().contains("DEMO MODE"),
        "{b}"
    );
    app.stop().await;
    let app = spawn_app().await;
    let (_, b) = app.get("/api/health", None).await;
    assert_eq!(b["data"]["demo"], false);
    assert!(
        !b["data"]["warnings"].to_string().contains("DEMO MODE"),
        "{b}"
    );
    app.stop().await;
}

/// Run `moviehub serve` on `dir` (not in demo mode), its log on a pipe.
fn serve(dir: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_moviehub"))
        .args(["--data-dir", dir, "serve", "--listen", "127.0.0.1:0"])
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn serve")
}

#[test]
fn a_data_dir_with_demo_accounts_refuses_production_until_init_production() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path().to_string_lossy().to_string();
    assert!(moviehub(&["--data-dir", &d, "seed", "--demo"])
        .status
        .success());
    let out = serve(&d).wait_with_output().expect("serve exits");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("admin@moviehub.local") && err.contains("init --production"),
        "{err}"
    );
    let out = moviehub(&["--data-dir", &d, "init", "--production"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("deleted 5 demo account(s)"));
    let out = moviehub(&["--data-dir", &d, "user", "list"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 account(s)"));
    // Now it serves; and while it does, restore is refused.
    let backup = dir.path().join("backup");
    let backup = backup.to_string_lossy().to_string();
    assert!(moviehub(&["--data-dir", &d, "backup", &backup])
        .status
        .success());
    let mut server = serve(&d);
    // The server holds the lock from before it listens: wait for its "listening" line.
    let stderr = server.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if line.contains("listening on") {
                let _ = tx.send(());
            }
        }
    });
    let listening = rx.recv_timeout(Duration::from_secs(30)).is_ok();
    let out = moviehub(&["--data-dir", &d, "restore", &backup]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    let refused = !out.status.success() && err.contains("server is running");
    server.kill().expect("kill");
    server.wait().expect("reaped");
    assert!(listening, "serve did not start");
    assert!(refused, "restore went ahead while a server ran: {err}");
    let out = moviehub(&["--data-dir", &d, "restore", &backup]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn backup_carries_the_keys_and_restore_brings_back_data_and_ticket_keys() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_role("customer").await;
    let src = data_dir(&app);
    let backup = app.dir.path().join("backup");
    let out = moviehub(&["--data-dir", &src, "backup", &backup.to_string_lossy()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for key in ["jwt.key", "ticket-signing.key"] {
        let original = std::fs::read(app.state.settings.storage.data_dir.join(key)).expect("key");
        assert_eq!(
            std::fs::read(backup.join(key)).expect("copied"),
            original,
            "{key}"
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(backup.join(key))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{key}");
    }
    // An incomplete backup is refused and changes nothing.
    let partial = app.dir.path().join("partial");
    std::fs::create_dir_all(&partial).expect("dir");
    std::fs::copy(backup.join("users.db"), partial.join("users.db")).expect("copy");
    let fresh = app.dir.path().join("restored");
    let fresh_s = fresh.to_string_lossy().to_string();
    let out = moviehub(&[
        "--data-dir",
        &fresh_s,
        "restore",
        &partial.to_string_lossy(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("catalog.db is missing"));
    assert!(!fresh.join("users.db").exists());
    // A full one restores onto a new box: same accounts, same keys.
    let out = moviehub(&["--data-dir", &fresh_s, "restore", &backup.to_string_lossy()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut settings = (*app.state.settings).clone();
    settings.storage.data_dir = fresh.clone();
    let restored =
        moviehub::app::state::AppState::open(settings, app.state.clock.clone()).expect("open");
    assert_eq!(
        restored.tickets.signer().public_key_hex(),
        app.state.tickets.signer().public_key_hex()
    );
    // The session signed before the backup is known to the restored site.
    assert!(restored.users.authenticate(&token).await.is_ok());
    app.stop().await;
}

#[test]
fn the_vnpay_sandbox_only_serves_in_demo_mode() {
    // The sandbox answers "paid" for any booking: configured on a real site, it would hand
    // out tickets for nothing.
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path().to_string_lossy().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_moviehub"))
        .args(["--data-dir", &d, "serve", "--listen", "127.0.0.1:0"])
        .env_remove("RUST_LOG")
        .env("MOVIEHUB_PAYMENTS__VNPAY__SANDBOX", "true")
        .output()
        .expect("serve");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("payments.vnpay.sandbox"), "{err}");
}
