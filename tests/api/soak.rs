//! The soak: `moviehub-load soak` against a real `serve --demo` process, sampling its RSS and
//! open files; the load generator fails when they keep growing after the warm-up. 120 s when
//! `CI` is set, 15 s otherwise; `SOAK_SECS` overrides (the README gives the 30-minute run).

use crate::sync::procs::Proc;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mixed_load_leaves_rss_and_open_files_flat() {
    let secs: u64 = std::env::var("SOAK_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if std::env::var_os("CI").is_some() {
            120
        } else {
            15
        });
    let root = tempfile::tempdir().expect("temp dir");
    let env = vec![(
        "MOVIEHUB_AUTH__LOGIN_MAX_ATTEMPTS_PER_IP".to_string(),
        "10000".to_string(),
    )];
    let server = Proc::start(&root.path().join("site"), env).await;
    let pid = server.pid().expect("running").to_string();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_moviehub-load"))
        .args(["--url", &server.base, "--json", "--server-pid", &pid])
        .args(["soak", "--secs", &secs.to_string(), "--pace-ms", "20"])
        .output()
        .await
        .expect("run moviehub-load");
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stderr}");
    assert!(out.status.success(), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON summary");
    println!("{v}");
    let note = v["note"].as_str().expect("note");
    assert!(note.starts_with("flat: after the warm-up"), "{v}");
    // The load did something: sales and cancellations happened, viewers got messages.
    assert!(!note.contains(" 0 confirmed"), "{v}");
    assert!(!note.contains(" 0 cancelled"), "{v}");
    assert!(!note.contains(" 0 viewer messages"), "{v}");
}
