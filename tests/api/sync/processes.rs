//! A site and central as two real processes: totals equal while central is up, after it was
//! down for 200 sales, and after the site was killed in the middle of a push.

use super::procs::{cli, Pair};
use std::time::{Duration, Instant};

#[tokio::test]
async fn central_equals_the_site_while_up_and_after_being_down_for_200_sales() {
    let mut pair = Pair::start(500).await;
    pair.sell(20);
    pair.assert_central_equals_site().await;

    pair.central.kill9();
    let before = pair.site.sync_state().await;
    let sold = pair.sell(200);
    assert!(sold.contains("refusals: 0"), "{sold}");
    // The site sold on; its rows wait, and the failure is on record.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let waiting = pair.site.sync_state().await;
    assert!(waiting["pending"].as_i64().unwrap_or(0) > 0, "{waiting}");
    assert!(waiting["last_seq"].as_i64() > before["last_seq"].as_i64());
    assert!(
        waiting["last_error"]
            .as_str()
            .unwrap_or("")
            .contains("reached"),
        "{waiting}"
    );

    pair.central.restart().await;
    pair.assert_central_equals_site().await;

    // The command line prints the same CSV as the API, on the site and on head office.
    let args = [
        "report",
        "revenue",
        "--from",
        "2024-01-01",
        "--to",
        "2033-12-31",
        "--by",
        "tender",
        "--format",
        "csv",
    ];
    let path = "/api/v1/reports/figures.csv?from=2024-01-01&to=2033-12-31&by=tender";
    let api = pair.site.text(path, &pair.site.manager().await).await;
    assert_eq!(cli(&pair.site.dir, &[], &args), api);
    let at_hq = cli(
        &pair.central.dir,
        &[("MOVIEHUB_SERVER__ROLE", "central")],
        &args,
    );
    assert_eq!(at_hq, api);
}

#[tokio::test]
async fn a_site_killed_in_the_middle_of_a_push_resumes_without_gap_or_duplicate() {
    // Three rows per push, so draining the backlog takes many pushes to interrupt.
    let mut pair = Pair::start(3).await;
    pair.central.kill9();
    pair.sell(60);
    let total = pair.site.sync_state().await["last_seq"]
        .as_i64()
        .unwrap_or(0);
    pair.central.restart().await;
    let token = pair.central.manager().await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let applied = loop {
        let (_, sites) = pair.central.get("/api/v1/central/sites", &token).await;
        let applied = sites["data"][0]["last_seq"].as_i64().unwrap_or(0);
        if applied > 0 {
            break applied;
        }
        assert!(Instant::now() < deadline, "nothing pushed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    pair.site.kill9();
    assert!(
        applied < total,
        "the push was over before the kill ({applied} of {total})"
    );
    pair.site.restart().await;
    pair.assert_central_equals_site().await;
}

#[tokio::test]
async fn a_site_whose_outbox_is_behind_head_office_stops_instead_of_losing_its_sales() {
    let mut pair = Pair::start(500).await;
    pair.sell(10);
    pair.assert_central_equals_site().await;
    let token = pair.central.manager().await;
    let (_, before) = pair.central.get("/api/v1/central/sites", &token).await;
    // The site's data dir is lost and the box comes back empty with the old id and secret.
    pair.site.kill9();
    std::fs::remove_dir_all(&pair.site.dir).expect("wipe the site");
    pair.site.restart().await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let state = loop {
        let s = pair.site.sync_state().await;
        if s["last_error"]
            .as_str()
            .unwrap_or("")
            .contains("not the history")
        {
            break s;
        }
        assert!(Instant::now() < deadline, "never refused: {s}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // Its new rows stay unsent, and head office holds what it held.
    assert_eq!(state["acked_seq"], 0, "{state}");
    let (_, after) = pair.central.get("/api/v1/central/sites", &token).await;
    assert_eq!(
        before["data"][0]["rows_applied"],
        after["data"][0]["rows_applied"]
    );
}
