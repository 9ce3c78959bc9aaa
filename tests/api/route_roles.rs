//! The route × role table: every API route (method and path, as the routers under `src/`
//! declare them), every role, and the status each gets for a request naming things that do not
//! exist, with an empty JSON body. It pins who may reach what: a signed-out caller gets 401 on
//! a protected route, a role without the permission 403, and a role with it gets past the
//! guard (to a 404 for the missing thing, a 422 for the empty body, or the answer itself).
//! A route added without a line here fails `every_api_route_is_in_the_table`.
//!
//! Columns: signed out, customer, usher, cashier, manager, admin. Routes that only head office
//! serves (`server.role = "central"`) answer 404 on a site, which is what this table shows.

use crate::helpers::*;
use reqwest::Method;
use std::collections::BTreeSet;

pub(crate) type Row = (&'static str, &'static str, [u16; 6]);

const ROLES: [&str; 5] = ["customer", "usher", "cashier", "manager", "admin"];

#[rustfmt::skip]
pub(crate) const TABLE: &[Row] = &[
    // (method, path, [signed out, customer, usher, cashier, manager, admin])
    ("DELETE", "/api/v1/cinemas/{id}", [401, 403, 403, 403, 404, 404]),
    ("DELETE", "/api/v1/holidays/{date}", [401, 403, 403, 403, 404, 404]),
    ("DELETE", "/api/v1/movies/{id}", [401, 403, 403, 403, 404, 404]),
    ("DELETE", "/api/v1/showtimes/{id}/holds/{seat_id}", [401, 404, 403, 404, 404, 404]),
    ("DELETE", "/api/v1/users/{id}/disabled", [401, 403, 403, 403, 404, 404]),
    ("DELETE", "/api/v1/users/{id}/roles/{role}", [401, 403, 403, 403, 404, 404]),
    ("GET", "/api/health", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/docs", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/openapi.json", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/bookings", [401, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/bookings/cancellation-policy", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/bookings/{id}", [401, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/bookings/{id}/refund-quote", [401, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/bookings/{id}/refunds", [401, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/central/figures", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/central/figures.csv", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/central/loyalty/overdrawn", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/central/sites", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/cinemas", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/cinemas/{id}", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/cinemas/{id}/halls", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/concessions", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/concessions/all", [401, 403, 403, 403, 200, 200]),
    ("GET", "/api/v1/concessions/{id}", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/concessions/{id}/movements", [401, 403, 403, 403, 404, 404]),
    ("GET", "/api/v1/days", [401, 403, 403, 403, 200, 200]),
    ("GET", "/api/v1/days/{id}", [401, 403, 403, 403, 404, 404]),
    ("GET", "/api/v1/genres", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/halls/{id}", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/halls/{id}/prices", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/holidays", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/loyalty", [401, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/loyalty/members", [401, 403, 403, 400, 400, 400]),
    ("GET", "/api/v1/loyalty/program", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/me", [401, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/movies", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/movies/{id}", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/movies/{id}/showtimes", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/payments/refund-required", [401, 403, 403, 403, 200, 200]),
    ("GET", "/api/v1/payments/vnpay/ipn", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/promotions", [401, 403, 403, 403, 200, 200]),
    ("GET", "/api/v1/promotions/{id}", [401, 403, 403, 403, 404, 404]),
    ("GET", "/api/v1/refunds", [401, 403, 403, 200, 200, 200]),
    ("GET", "/api/v1/refunds/{id}", [401, 403, 403, 404, 404, 404]),
    ("GET", "/api/v1/reports/concessions", [401, 403, 403, 403, 200, 200]),
    ("GET", "/api/v1/reports/concessions.csv", [401, 403, 403, 403, 200, 200]),
    ("GET", "/api/v1/reports/figures", [401, 403, 403, 403, 200, 200]),
    ("GET", "/api/v1/reports/figures.csv", [401, 403, 403, 403, 400, 400]),
    ("GET", "/api/v1/showtimes", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/showtimes/{id}", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/showtimes/{id}/seats", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/sync/cursor", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/sync/pull", [404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/sync/status", [401, 403, 403, 403, 200, 200]),
    ("GET", "/api/v1/tickets/public-key", [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/tickets/{code}", [401, 422, 422, 422, 422, 422]),
    ("GET", "/api/v1/tickets/{code}/qr.png", [401, 422, 422, 422, 422, 422]),
    ("GET", "/api/v1/tickets/{code}/qr.svg", [401, 422, 422, 422, 422, 422]),
    ("GET", "/api/v1/tills", [401, 403, 403, 200, 200, 200]),
    ("GET", "/api/v1/tills/current", [401, 403, 403, 404, 404, 404]),
    ("GET", "/api/v1/tills/current/movements", [401, 403, 403, 200, 200, 200]),
    ("GET", "/api/v1/users", [401, 403, 403, 403, 200, 200]),
    ("POST", "/api/v1/auth/login", [422, 422, 422, 422, 422, 422]),
    ("POST", "/api/v1/auth/logout", [401, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/auth/register", [422, 422, 422, 422, 422, 422]),
    ("POST", "/api/v1/bookings", [401, 422, 403, 422, 403, 422]),
    ("POST", "/api/v1/bookings/quote", [200, 422, 422, 200, 200, 200]),
    ("POST", "/api/v1/bookings/{id}/cancel", [401, 404, 404, 404, 404, 404]),
    ("POST", "/api/v1/bookings/{id}/pay/box-office", [401, 403, 403, 422, 422, 422]),
    ("POST", "/api/v1/bookings/{id}/payments/vnpay", [401, 404, 404, 404, 404, 404]),
    ("POST", "/api/v1/checkin", [401, 403, 422, 422, 422, 422]),
    ("POST", "/api/v1/cinemas", [401, 403, 403, 403, 422, 422]),
    ("POST", "/api/v1/cinemas/{id}/halls", [401, 403, 403, 403, 422, 422]),
    ("POST", "/api/v1/concessions", [401, 403, 403, 403, 422, 422]),
    ("POST", "/api/v1/concessions/{id}/stock", [401, 403, 403, 403, 422, 422]),
    ("POST", "/api/v1/days/close", [401, 403, 403, 403, 422, 422]),
    ("POST", "/api/v1/genres", [401, 403, 403, 403, 422, 422]),
    ("POST", "/api/v1/holidays", [401, 403, 403, 403, 422, 422]),
    ("POST", "/api/v1/me/password", [401, 422, 422, 422, 422, 422]),
    ("POST", "/api/v1/movies", [401, 403, 403, 403, 422, 422]),
    ("POST", "/api/v1/payments/{id}/refund", [401, 403, 403, 403, 404, 404]),
    ("POST", "/api/v1/promotions", [401, 403, 403, 403, 422, 422]),
    ("POST", "/api/v1/promotions/validate", [422, 422, 422, 422, 422, 422]),
    ("POST", "/api/v1/refunds/{id}/approve", [401, 403, 403, 403, 404, 404]),
    ("POST", "/api/v1/refunds/{id}/pay-out", [401, 403, 403, 404, 404, 404]),
    ("POST", "/api/v1/refunds/{id}/reject", [401, 403, 403, 403, 404, 404]),
    ("POST", "/api/v1/refunds/{id}/retry", [401, 403, 403, 403, 404, 404]),
    ("POST", "/api/v1/sales/concessions", [401, 403, 403, 422, 422, 422]),
    ("POST", "/api/v1/showtimes/batch", [401, 403, 403, 403, 422, 422]),
    ("POST", "/api/v1/showtimes/{id}/cancel", [401, 403, 403, 403, 404, 404]),
    ("POST", "/api/v1/showtimes/{id}/holds", [401, 422, 403, 422, 422, 422]),
    ("POST", "/api/v1/sync/balances", [404, 404, 404, 404, 404, 404]),
    ("POST", "/api/v1/sync/push", [404, 404, 404, 404, 404, 404]),
    ("POST", "/api/v1/tills", [401, 403, 403, 422, 422, 422]),
    ("POST", "/api/v1/tills/current/close", [401, 403, 403, 422, 422, 422]),
    ("POST", "/api/v1/tills/current/movements", [401, 403, 403, 422, 422, 422]),
    ("POST", "/api/v1/users", [401, 403, 403, 403, 422, 422]),
    ("POST", "/api/v1/users/{id}/disabled", [401, 403, 403, 403, 404, 404]),
    ("POST", "/api/v1/users/{id}/roles", [401, 403, 403, 403, 422, 422]),
    ("PUT", "/api/v1/bookings/cancellation-policy", [401, 403, 403, 403, 422, 422]),
    ("PUT", "/api/v1/cinemas/{id}", [401, 403, 403, 403, 422, 422]),
    ("PUT", "/api/v1/concessions/{id}", [401, 403, 403, 403, 422, 422]),
    ("PUT", "/api/v1/halls/{id}/prices", [401, 403, 403, 403, 422, 422]),
    ("PUT", "/api/v1/loyalty/program", [401, 403, 403, 403, 422, 422]),
    ("PUT", "/api/v1/me/pin", [401, 422, 422, 422, 422, 422]),
    ("PUT", "/api/v1/movies/{id}", [401, 403, 403, 403, 422, 422]),
    ("PUT", "/api/v1/promotions/{id}", [401, 403, 403, 403, 422, 422]),
    ("PUT", "/api/v1/seats/{id}/status", [401, 403, 403, 403, 422, 422]),
];

/// Every (method, path) the routers under `src/` declare, pages and assets left out.
pub(crate) fn declared() -> BTreeSet<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut BTreeSet<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                let skip = path.ends_with("web") || path.ends_with("bin");
                if !skip {
                    walk(&path, out);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let src = std::fs::read_to_string(&path).expect("source");
            for piece in src.split(".route(").skip(1) {
                let Some(rest) = piece.trim_start().strip_prefix('"') else {
                    continue;
                };
                let route = rest.split('"').next().unwrap_or_default();
                if !route.starts_with("/api/") {
                    continue;
                }
                let tail = &rest[route.len()..];
                let end = ["\n}", ".route(", ".merge("]
                    .iter()
                    .filter_map(|m| tail.find(m))
                    .min()
                    .unwrap_or(tail.len());
                let chunk = &tail[..end];
                for m in ["get", "post", "put", "delete", "patch"] {
                    let called = chunk.match_indices(&format!("{m}(")).any(|(i, _)| {
                        i == 0 || !chunk[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
                    });
                    if called {
                        out.insert((m.to_uppercase(), route.to_string()));
                    }
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut out,
    );
    out
}

#[test]
fn every_api_route_is_in_the_table() {
    let listed: BTreeSet<(String, String)> = TABLE
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    let declared = declared();
    let missing: Vec<_> = declared.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&declared).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes missing from tests/api/route_roles.rs: {missing:?}; listed but gone: {stale:?}"
    );
}

/// A path with every `{…}` filled by something that does not exist.
fn concrete(path: &str) -> String {
    path.replace("{id}", "00000000-0000-7000-8000-000000000000")
        .replace("{seat_id}", "00000000-0000-7000-8000-000000000001")
        .replace("{date}", "2031-01-01")
        .replace("{code}", "NO-SUCH-TICKET")
        .replace("{role}", "usher")
}

#[tokio::test]
async fn each_role_gets_the_status_the_table_says() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let mut tokens = Vec::new();
    for role in ROLES {
        tokens.push(app.token(role).await);
    }
    // Signing out ends the session: those rows go last.
    let mut rows: Vec<(String, String)> = declared().into_iter().collect();
    rows.sort_by_key(|(_, p)| p.ends_with("/logout"));
    let mut wrong = Vec::new();
    let mut printed = Vec::new();
    for (method, path) in &rows {
        let (method, path) = (method.as_str(), path.as_str());
        let m: Method = method.parse().expect("method");
        let body = (m == Method::POST || m == Method::PUT).then(|| serde_json::json!({}));
        let mut got = [0u16; 6];
        let (s, _) = app
            .call(m.clone(), &concrete(path), None, body.clone())
            .await;
        got[0] = s.as_u16();
        for (i, t) in tokens.iter().enumerate() {
            let (s, _) = app
                .call(m.clone(), &concrete(path), Some(t), body.clone())
                .await;
            got[i + 1] = s.as_u16();
        }
        printed.push(format!("    ({method:?}, {path:?}, {got:?}),"));
        if let Some((_, _, want)) = TABLE
            .iter()
            .find(|(tm, tp, _)| *tm == method && *tp == path)
        {
            if *want != got {
                wrong.push(format!("{method} {path}: want {want:?}, got {got:?}"));
            }
        }
        assert!(
            !got.contains(&500),
            "{method} {path} answered 500 for a role: {got:?}"
        );
    }
    if std::env::var_os("ROUTE_TABLE_PRINT").is_some() {
        printed.sort();
        println!("{}", printed.join("\n"));
    }
    assert!(!TABLE.is_empty(), "the table is empty");
    assert!(
        wrong.is_empty(),
        "{} route(s) answer other than the table says (anon, customer, usher, cashier, manager, admin):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    app.stop().await;
}
