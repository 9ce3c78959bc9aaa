//! `/metrics`: Prometheus text from loopback, counting requests by route pattern (never the
//! raw path), and the gauges of holds, bookings, payments and the outbox.

use crate::helpers::*;

fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_show_the_domain_gauges() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let get = |path: &'static str| {
        let client = app.client.clone();
        let url = format!("{}{path}", app.base);
        async move {
            let res = client.get(url).send().await.expect("get");
            let ct = res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            (res.status().as_u16(), ct, res.text().await.expect("body"))
        }
    };
    let (s, ct, before) = get("/metrics").await;
    assert_eq!(s, 200);
    assert!(ct.starts_with("text/plain; version=0.0.4"), "{ct}");
    let series =
        "moviehub_http_requests_total{method=\"GET\",route=\"/api/v1/movies/{id}\",status=\"404\"}";
    let was = value(&before, series).unwrap_or(0.0);
    for _ in 0..3 {
        get("/api/v1/movies/no-such-film").await;
    }
    let (_, _, after) = get("/metrics").await;
    assert_eq!(value(&after, series), Some(was + 3.0), "{after}");
    assert!(
        !after.contains("no-such-film"),
        "routes are patterns, never raw paths"
    );
    let bucket = "moviehub_http_request_seconds_bucket{method=\"GET\",route=\"/api/v1/movies/{id}\",status=\"404\",le=\"+Inf\"}";
    assert_eq!(value(&after, bucket), Some(was + 3.0));
    for gauge in [
        "moviehub_holds_active",
        "moviehub_ws_connections",
        "moviehub_outbox_pending",
        "moviehub_outbox_oldest_seconds",
        "moviehub_uptime_seconds",
    ] {
        assert!(value(&after, gauge).is_some(), "{gauge} in {after}");
    }
    assert!(after.contains("# TYPE moviehub_bookings gauge"), "{after}");
    assert!(after.contains("# TYPE moviehub_payments gauge"), "{after}");
    app.stop().await;
}

#[tokio::test]
async fn metrics_count_each_files_writes_queue_waits_and_transactions() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let scrape = || async {
        app.client
            .get(format!("{}/metrics", app.base))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("body")
    };
    let before = scrape().await;
    let queued = "moviehub_sqlite_writes_queued_total{db=\"catalog\"}";
    let started = "moviehub_sqlite_writes_started_total{db=\"catalog\"}";
    let txs = "moviehub_sqlite_transactions_total{db=\"catalog\"}";
    let tx_time = "moviehub_sqlite_transaction_seconds_total{db=\"catalog\"}";
    let q0 = value(&before, queued).expect("queued series");
    let t0 = value(&before, txs).expect("transactions series");
    for name in ["Noir", "Western", "Musical"] {
        let (s, _) = app
            .post(
                "/api/v1/genres",
                Some(&admin),
                serde_json::json!({ "name": name }),
            )
            .await;
        assert_eq!(s.as_u16(), 201);
    }
    let after = scrape().await;
    assert_eq!(value(&after, queued), Some(q0 + 3.0), "{after}");
    assert_eq!(value(&after, started), value(&after, queued), "queue empty");
    let t1 = value(&after, txs).expect("transactions");
    assert!(t1 > t0 && t1 <= t0 + 3.0, "{t0} → {t1}");
    assert!(value(&after, tx_time).expect("time") > 0.0);
    for db in ["users", "catalog", "cinemas", "bookings"] {
        let wait = format!("moviehub_sqlite_write_queue_wait_seconds_total{{db=\"{db}\"}}");
        assert!(value(&after, &wait).is_some(), "{wait} in {after}");
    }
    app.stop().await;
}
