//! Smoke runs of `moviehub-load` against a test server (small scale, no timing assertions).

use super::*;

async fn load(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_moviehub-load"))
        .arg("--url")
        .arg(&app.base)
        .args(args)
        .output()
        .await
        .expect("run moviehub-load");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_generator_smoke_runs_every_scenario() {
    let app = holds_app().await;
    let common = [
        "--json",
        "--showtime",
        "st1",
        "--seat-ids",
        "a1,a2,a3,a4,a5",
    ];
    let runs: [&[&str]; 3] = [
        &["holds", "--users", "3", "--ops", "10"],
        &["fanout", "--viewers", "5", "--events", "3"],
        &["contention", "--users", "4", "--seats", "3"],
    ];
    for scenario in runs {
        let args: Vec<&str> = common.iter().chain(scenario).copied().collect();
        let (ok, stdout, stderr) = load(&app, &args).await;
        assert!(ok, "{scenario:?}: {stderr}");
        let v: Value = serde_json::from_str(stdout.trim()).expect("JSON summary");
        assert!(v["samples"].as_u64().expect("samples") > 0, "{v}");
        for key in ["p50_ms", "p90_ms", "p99_ms", "max_ms", "throughput_per_s"] {
            assert!(v[key].is_number(), "{key} in {v}");
        }
        if scenario[0] == "contention" {
            // 4 users × 3 seats, one winner per seat: 9 refusals.
            assert_eq!(v["refusals"]["seat_taken"], 9, "{v}");
        }
    }
}

#[tokio::test]
async fn load_generator_says_what_is_missing() {
    // No showtimes exist (the default facts source) and no showtime listing route yet.
    let app = spawn_app().await;
    let (ok, _, stderr) = load(&app, &["holds"]).await;
    assert!(!ok);
    assert!(stderr.contains("--showtime"), "{stderr}");
    let (ok, _, stderr) = load(&app, &["--showtime", "x", "--seat-ids", "a1", "holds"]).await;
    assert!(!ok);
    assert!(stderr.contains("x"), "{stderr}");
    let (ok, _, stderr) = load(&app, &["--showtime", "x", "holds"]).await;
    assert!(!ok);
    assert!(stderr.contains("--seat-ids"), "{stderr}");
}
