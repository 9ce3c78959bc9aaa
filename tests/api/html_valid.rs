//! Every HTML page the binary serves is valid HTML: fetched through the real router on the
//! demo data as the user who sees it (signed out, customer, cashier, manager, usher), in each
//! of its states, and checked by `check::problems`. A route added under `src/web` without
//! being listed here fails `every_web_route_is_listed`.

mod admin;
mod check;

use crate::helpers::*;
use reqwest::header;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Every `.route(...)` path in `src/web` that answers an HTML page; the walk below fetches
/// each at least once.
const PAGE_ROUTES: [&str; 32] = [
    "/cinemas",
    "/cinemas/{id}",
    "/",
    "/movies/{id}",
    "/showtimes/{id}",
    "/scan",
    "/login",
    "/register",
    "/bookings/{id}",
    "/my/bookings",
    "/points",
    "/api/v1/payments/vnpay/return",
    "/kiosk",
    "/kiosk/till/open",
    "/kiosk/showtimes/{id}",
    "/kiosk/bookings/{id}/print",
    "/kiosk/bookings/{id}/receipt",
    "/kiosk/concessions",
    "/kiosk/till/close",
    "/kiosk/cashups",
    "/kiosk/find",
    "/kiosk/bookings/{id}/refund",
    "/kiosk/day",
    "/kiosk/day/close",
    "/kiosk/days/{id}",
    "/kiosk/till/movements",
    "/kiosk/refunds",
    "/kiosk/refunds/{id}/approve",
    "/kiosk/refunds/{id}/reject",
    "/kiosk/refunds/{id}/retry",
    "/kiosk/payments/{id}/refund",
    "/figures",
];

/// Routes in `src/web` that never answer a page, and why.
const NOT_PAGES: [(&str, &str); 6] = [
    ("/logout", "POST only; always a redirect"),
    (
        "/bookings/{id}/cancel",
        "POST only; back to the booking page",
    ),
    (
        "/kiosk/bookings/{id}/refund/pay-out",
        "POST only; back to the refund page",
    ),
    ("/lang/{code}", "the language switch; always a redirect"),
    ("/assets/{file}", "CSS, JS and icons"),
    ("/assets/menu/{file}", "menu pictures"),
];

/// The `.route("...")` paths written in the files under `dir`.
fn routes_in(dir: &std::path::Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            routes_in(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let src = std::fs::read_to_string(&path).expect("read source");
            // `.route("…"` and rustfmt's `.route(\n    "…"` alike.
            for piece in src.split(".route(").skip(1) {
                if let Some(rest) = piece.trim_start().strip_prefix('"') {
                    out.insert(rest.split('"').next().unwrap_or_default().to_string());
                }
            }
        }
    }
}

#[test]
fn every_web_route_is_listed() {
    let mut found = BTreeSet::new();
    routes_in(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web"),
        &mut found,
    );
    let listed: BTreeSet<String> = PAGE_ROUTES
        .iter()
        .chain(NOT_PAGES.iter().map(|(r, _)| r))
        .chain(admin::ROUTES.iter())
        .map(|r| r.to_string())
        .collect();
    assert_eq!(
        found, listed,
        "src/web routes vs the lists in tests/api/html_valid.rs: check every new page there"
    );
}

#[test]
fn the_checker_finds_each_kind_of_problem() {
    let bad = r#"<html><head><title> </title><title>Two</title></head><body>
<p id="x">a</p><p id="x">b</p>
<img src="a.png">
<input name="q"><select name="s"></select><textarea id="t"></textarea>
<label for="nowhere">L</label><span aria-describedby="gone">s</span>
<label for="x">not a control</label>
<a href="/"></a><button type="button"><a href="/in">in</a></button>
<div></span>
<span><div>block in inline</div></span><li>loose</li><ul><p>not an item</p></ul>
</body></html>"#;
    let found = check::problems(bad, false).join("\n");
    for expected in [
        "HTML parse error",
        "does not start with <!doctype html>",
        "rendered in Quirks mode",
        "<html> has no lang",
        "2 <title> elements",
        "duplicate id \"x\"",
        "<img src=\"a.png\"> has no alt",
        "<input name=\"q\"> has no accessible name",
        "<select name=\"s\"> has no accessible name",
        "<textarea id=\"t\"> has no accessible name",
        "for=\"nowhere\" names no id",
        "aria-describedby=\"gone\" names no id",
        "which a label cannot label",
        "<a href=\"/\"> has no text",
        "<a href=\"/in\"> is inside another interactive element",
        "may hold only phrasing content, not <div>",
        "<li> is misplaced in <",
        "<p> is misplaced in <ul>",
    ] {
        assert!(found.contains(expected), "missed {expected:?} in:\n{found}");
    }

    let good = r#"<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Ok</title></head>
<body><label for="q">Search</label><input id="q"><label>Genre <select><option>A</option></select></label>
<input type="hidden" name="n"><textarea aria-label="Note"></textarea>
<img src="a.png" alt=""><button type="submit" onclick="go()">Go</button></body></html>"#;
    assert_eq!(check::problems(good, false), Vec::<String>::new());
    let with_csp = check::problems(good, true).join("\n");
    assert!(with_csp.contains("inline handler onclick"), "{with_csp}");
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Fetches pages, checks each, and keeps every problem for one report at the end.
struct Pages<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    accept_language: &'static str,
    covered: BTreeSet<&'static str>,
    failures: Vec<String>,
}

impl<'a> Pages<'a> {
    fn new(app: &'a TestApp, accept_language: &'static str) -> Self {
        Pages {
            app,
            client: no_redirects(),
            accept_language,
            covered: BTreeSet::new(),
            failures: Vec::new(),
        }
    }

    fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        who: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.app.base))
            .header(header::ORIGIN, &self.app.base)
            .header(header::ACCEPT_LANGUAGE, self.accept_language);
        if let Some(token) = who {
            req = req.header(header::COOKIE, format!("mh_session={token}"));
        }
        req
    }

    /// GET `path` (an instance of `route`) as `who`, expect `status` and an HTML page.
    async fn get(
        &mut self,
        route: &'static str,
        path: &str,
        who: Option<&str>,
        status: u16,
    ) -> String {
        let res = self
            .request(reqwest::Method::GET, path, who)
            .send()
            .await
            .expect("get");
        self.inspect(route, &format!("GET {path}"), res, status)
            .await
    }

    /// POST a form to `path` as `who`, expect `status` and an HTML page.
    async fn post(
        &mut self,
        route: &'static str,
        path: &str,
        who: Option<&str>,
        form: &[(&str, &str)],
        status: u16,
    ) -> String {
        let res = self
            .request(reqwest::Method::POST, path, who)
            .form(form)
            .send()
            .await
            .expect("post");
        self.inspect(route, &format!("POST {path}"), res, status)
            .await
    }

    async fn inspect(
        &mut self,
        route: &'static str,
        page: &str,
        res: reqwest::Response,
        status: u16,
    ) -> String {
        self.covered.insert(route);
        let mut found = Vec::new();
        if res.status().as_u16() != status {
            found.push(format!("status {} (want {status})", res.status()));
        }
        let ct = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        if !ct.starts_with("text/html") {
            found.push(format!("content-type {ct:?} (want text/html)"));
        }
        let csp = res.headers().contains_key("content-security-policy");
        let body = res.text().await.expect("body");
        found.extend(check::problems(&body, csp));
        let lang = &self.accept_language[..2];
        if !body.contains(&format!("<html lang=\"{lang}\">")) {
            found.push(format!("not in the asked language {lang}"));
        }
        if !found.is_empty() {
            self.failures
                .push(format!("{page}:\n  - {}", found.join("\n  - ")));
        }
        body
    }

    /// GET `path`, expecting a redirect; returns where to.
    async fn redirect(&self, path: &str, who: Option<&str>) -> String {
        let res = self
            .request(reqwest::Method::GET, path, who)
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), 303, "GET {path}");
        res.headers()[header::LOCATION]
            .to_str()
            .expect("location")
            .to_string()
    }
}

/// The first `href="{prefix}…"` in a page, without the prefix.
fn first_link(html: &str, prefix: &str) -> String {
    let start = html
        .find(&format!("href=\"{prefix}"))
        .unwrap_or_else(|| panic!("no link to {prefix}… in:\n{html}"))
        + 6
        + prefix.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// `n` free single seats of a showtime.
async fn free_seats(app: &TestApp, show: &str, n: usize) -> Vec<String> {
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
        .take(n)
        .collect();
    assert_eq!(seats.len(), n, "free seats of {show}");
    seats
}

/// Hold `seats` and book them as `token`; returns the booking JSON.
async fn book(app: &TestApp, token: &str, show: &str, seats: &[String]) -> Value {
    for seat in seats {
        let (s, b) = app
            .post(
                &format!("/api/v1/showtimes/{show}/holds"),
                Some(token),
                json!({"seat_id": seat}),
            )
            .await;
        assert_eq!(s, 200, "hold: {b}");
    }
    let key = uuid::Uuid::new_v4().to_string();
    let (s, b) = app
        .post(
            "/api/v1/bookings",
            Some(token),
            json!({"showtime_id": show, "seat_ids": seats, "idempotency_key": key}),
        )
        .await;
    assert_eq!(s, 201, "book: {b}");
    b["data"].clone()
}

/// VNPay's signed answer for a successful payment (what the return URL and the IPN get).
fn vnpay_paid(app: &TestApp, txn_ref: &str, amount_vnd: i64) -> String {
    let vnpay = &app.state.settings.payments.vnpay;
    let fields = vec![
        ("vnp_Amount", (amount_vnd * 100).to_string()),
        ("vnp_BankCode", "NCB".to_string()),
        ("vnp_OrderInfo", "Thanh toan ve".to_string()),
        ("vnp_PayDate", "20261124101500".to_string()),
        ("vnp_ResponseCode", "00".to_string()),
        ("vnp_TmnCode", vnpay.tmn_code.clone()),
        ("vnp_TransactionNo", "14422574".to_string()),
        ("vnp_TransactionStatus", "00".to_string()),
        ("vnp_TxnRef", txn_ref.to_string()),
    ];
    moviehub::payments::vnpay::signed_query(&fields, &vnpay.secret)
}

#[tokio::test]
async fn every_page_is_valid_html_in_vietnamese() {
    every_page_is_valid_html("vi-VN,vi").await;
}

#[tokio::test]
async fn every_page_is_valid_html_in_english() {
    every_page_is_valid_html("en-US,en").await;
}

async fn every_page_is_valid_html(accept_language: &'static str) {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let customer = app.token("customer").await;
    let cashier = app.token("cashier").await;
    let manager = app.token("manager").await;
    let usher = app.token("usher").await;
    let mut p = Pages::new(&app, accept_language);

    // The box office first: it picks a showtime on sale today at the till's cinema.
    let to = p.redirect("/kiosk", None).await;
    assert!(to.starts_with("/login?next="), "{to}");
    p.get("/login", &to, None, 200).await;
    p.get("/kiosk", "/kiosk", Some(&customer), 403).await;
    let chooser = p.get("/kiosk", "/kiosk", Some(&cashier), 200).await;
    let cinema = first_link(&chooser, "/kiosk?cinema=");
    p.get(
        "/kiosk",
        &format!("/kiosk?cinema={cinema}"),
        Some(&cashier),
        200,
    )
    .await;
    let open = [("cinema_id", cinema.as_str()), ("opening_float", "lots")];
    p.post(
        "/kiosk/till/open",
        "/kiosk/till/open",
        Some(&cashier),
        &open,
        422,
    )
    .await;
    let open = [
        ("cinema_id", cinema.as_str()),
        ("opening_float", "1.000.000"),
    ];
    let res = p
        .request(reqwest::Method::POST, "/kiosk/till/open", Some(&cashier))
        .form(&open)
        .send()
        .await
        .expect("open till");
    assert_eq!(res.status(), 303, "open till");
    let home = p.get("/kiosk", "/kiosk", Some(&cashier), 200).await;
    let show = first_link(&home, "/kiosk/showtimes/");
    p.get(
        "/kiosk/showtimes/{id}",
        &format!("/kiosk/showtimes/{show}"),
        Some(&cashier),
        200,
    )
    .await;
    let seats = free_seats(&app, &show, 3).await;
    let sold = book(&app, &cashier, &show, &seats[2..]).await;
    let sold_id = sold["id"].as_str().expect("id");
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{sold_id}/pay/box-office"),
            Some(&cashier),
            json!({"method": "CASH", "tendered": 500_000}),
        )
        .await;
    assert_eq!(s, 200, "cash sale: {b}");
    let print = format!("/kiosk/bookings/{sold_id}/print");
    p.get("/kiosk/bookings/{id}/print", &print, Some(&cashier), 200)
        .await;
    p.get(
        "/kiosk/bookings/{id}/print",
        "/kiosk/bookings/nope/print",
        Some(&cashier),
        404,
    )
    .await;
    p.get("/kiosk/find", "/kiosk/find", Some(&cashier), 200)
        .await;
    let found = format!("/kiosk/find?q={sold_id}");
    p.get("/kiosk/find", &found, Some(&cashier), 200).await;
    p.get("/kiosk/find", "/kiosk/find?q=hello", Some(&cashier), 422)
        .await;
    // The counter's refund: the quote and form, then the form refused (no reason).
    let refund = format!("/kiosk/bookings/{sold_id}/refund");
    p.get("/kiosk/bookings/{id}/refund", &refund, Some(&cashier), 200)
        .await;
    p.post(
        "/kiosk/bookings/{id}/refund",
        &refund,
        Some(&cashier),
        &[("reason_code", "")],
        422,
    )
    .await;
    p.get(
        "/kiosk/concessions",
        "/kiosk/concessions",
        Some(&cashier),
        200,
    )
    .await;
    let snack = kiosk_concessions_sale(&app, &cashier).await;
    let receipt = format!("/kiosk/bookings/{snack}/receipt");
    p.get(
        "/kiosk/bookings/{id}/receipt",
        &receipt,
        Some(&cashier),
        200,
    )
    .await;
    let found = format!("/kiosk/find?q={snack}");
    p.get("/kiosk/find", &found, Some(&cashier), 200).await;
    p.get(
        "/kiosk/bookings/{id}/receipt",
        "/kiosk/bookings/nope/receipt",
        Some(&cashier),
        404,
    )
    .await;

    // The booking site, signed out and signed in.
    for path in ["/", "/?q=lat+mat", "/?genre=Horror", "/?q=zzzz+nothing"] {
        p.get("/", path, None, 200).await;
    }
    p.get("/", "/", Some(&customer), 200).await;
    let movie = app
        .state
        .catalog
        .now_showing()
        .await
        .expect("movies")
        .remove(0);
    p.get("/movies/{id}", &format!("/movies/{}", movie.id), None, 200)
        .await;
    p.get("/movies/{id}", "/movies/nope", None, 404).await;
    p.get("/cinemas", "/cinemas", None, 200).await;
    let cinema = &app
        .state
        .cinemas
        .list_cinemas(&Default::default())
        .await
        .expect("cinemas")[0]
        .id;
    p.get("/cinemas/{id}", &format!("/cinemas/{cinema}"), None, 200)
        .await;
    let tomorrow = (app.state.catalog.today() + chrono::Duration::days(1)).format("%Y-%m-%d");
    let day = format!("/cinemas/{cinema}?date={tomorrow}");
    p.get("/cinemas/{id}", &day, Some(&customer), 200).await;
    p.get("/cinemas/{id}", "/cinemas/nope", None, 404).await;
    let bad = format!("/cinemas/{cinema}?date=2020-01-01");
    p.get("/cinemas/{id}", &bad, None, 400).await;
    let seatmap = format!("/showtimes/{show}");
    p.get("/showtimes/{id}", &seatmap, None, 200).await;
    let html = p
        .get("/showtimes/{id}", &seatmap, Some(&customer), 200)
        .await;
    assert!(html.contains("id=\"extras\""), "the snacks step: {html}");
    p.get("/login", "/login", None, 200).await;
    p.get("/register", "/register?next=/my/bookings", None, 200)
        .await;
    let wrong = [
        ("email", "customer@moviehub.local"),
        ("password", "wrong-one"),
    ];
    p.post("/login", "/login", None, &wrong, 401).await;
    let short = [
        ("email", "x@example.com"),
        ("full_name", "X"),
        ("password", "short"),
    ];
    p.post("/register", "/register", None, &short, 422).await;

    // Checkout: pending, VNPay's return before and after the IPN, then the tickets.
    let booking = book(&app, &customer, &show, &seats[..2]).await;
    let id = booking["id"].as_str().expect("id");
    let page = format!("/bookings/{id}");
    p.get("/bookings/{id}", &page, Some(&customer), 200).await;
    p.get("/bookings/{id}", "/bookings/nope", Some(&customer), 404)
        .await;
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{id}/payments/vnpay"),
            Some(&customer),
            json!({}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let txn = b["data"]["txn_ref"].as_str().expect("txn");
    let paid = vnpay_paid(&app, txn, booking["total"].as_i64().expect("total"));
    let ret = "/api/v1/payments/vnpay/return";
    let html = p.get(ret, &format!("{ret}?{paid}"), None, 200).await;
    assert!(html.contains("data-outcome=\"confirming\""), "{html}");
    p.get(
        "/bookings/{id}",
        &format!("{page}?confirming=1"),
        Some(&customer),
        200,
    )
    .await;
    let ipn = app
        .client
        .get(format!("{}/api/v1/payments/vnpay/ipn?{paid}", app.base))
        .send()
        .await
        .expect("ipn");
    let reply: Value = ipn.json().await.expect("ipn json");
    assert_eq!(reply["RspCode"], "00", "{reply}");
    let html = p.get(ret, &format!("{ret}?{paid}"), None, 200).await;
    assert!(html.contains("data-outcome=\"paid\""), "{html}");
    let html = p.get("/bookings/{id}", &page, Some(&customer), 200).await;
    assert!(
        html.contains("id=\"tickets\""),
        "confirmed with tickets: {html}"
    );
    assert!(
        html.contains("id=\"cancel-form\""),
        "with its refund quote: {html}"
    );
    p.get(
        "/bookings/{id}",
        &format!("{page}?cancel_error=reason"),
        Some(&customer),
        200,
    )
    .await;
    let forged = paid.replace("vnp_ResponseCode=00", "vnp_ResponseCode=24");
    p.get(ret, &format!("{ret}?{forged}"), None, 200).await;
    p.get(ret, ret, None, 200).await;
    p.get("/my/bookings", "/my/bookings", Some(&customer), 200)
        .await;
    let fresh = app.token("customer").await;
    p.get("/my/bookings", "/my/bookings", Some(&fresh), 200)
        .await;
    // Points: with history (the paid booking above, completed), and a member with none.
    assert_eq!(p.redirect("/points", None).await, "/login?next=/points");
    p.get("/points", "/points", Some(&fresh), 200).await;

    // The door scanner.
    assert_eq!(p.redirect("/scan", None).await, "/login?next=/scan");
    p.get("/scan", "/scan", Some(&usher), 200).await;
    p.get("/scan", "/scan", Some(&customer), 403).await;

    // The till's movements, and a day that cannot close while the till is open.
    let cinema = app
        .state
        .tills
        .current(&cashier_user(&app, &cashier).await)
        .await
        .expect("till")
        .expect("an open till")
        .cinema_id;
    let moves = "/kiosk/till/movements";
    p.get(moves, moves, Some(&cashier), 200).await;
    let bad = [("kind", "DROP"), ("amount", "12a"), ("reason", "x")];
    p.post(moves, moves, Some(&cashier), &bad, 422).await;
    p.get("/kiosk/day", "/kiosk/day", Some(&manager), 200).await;
    let day = format!("/kiosk/day?cinema={cinema}");
    p.get("/kiosk/day", &day, Some(&manager), 200).await;
    let close_day = [("cinema_id", cinema.as_str())];
    p.post(
        "/kiosk/day/close",
        "/kiosk/day/close",
        Some(&manager),
        &close_day,
        409,
    )
    .await;

    // Closing the till, and the cash-ups.
    p.get(
        "/kiosk/till/close",
        "/kiosk/till/close",
        Some(&cashier),
        200,
    )
    .await;
    let count = [("counted_cash", "a bit")];
    p.post(
        "/kiosk/till/close",
        "/kiosk/till/close",
        Some(&cashier),
        &count,
        422,
    )
    .await;
    let count = [("counted_cash", "1.050.000")];
    let html = p
        .post(
            "/kiosk/till/close",
            "/kiosk/till/close",
            Some(&cashier),
            &count,
            200,
        )
        .await;
    assert!(html.contains("id=\"variance\""), "{html}");
    p.get("/kiosk/cashups", "/kiosk/cashups", Some(&cashier), 200)
        .await;
    p.get("/kiosk/cashups", "/kiosk/cashups", Some(&manager), 200)
        .await;

    // Refund approvals, then the day closed and its Z-report on A4 and 80 mm.
    let approvals = "/kiosk/refunds";
    p.get(approvals, approvals, Some(&manager), 200).await;
    p.get(
        approvals,
        "/kiosk/refunds?done=approved",
        Some(&manager),
        200,
    )
    .await;
    let nope = "/kiosk/refunds/nope";
    p.post(
        "/kiosk/refunds/{id}/approve",
        &format!("{nope}/approve"),
        Some(&manager),
        &[],
        404,
    )
    .await;
    p.post(
        "/kiosk/refunds/{id}/reject",
        &format!("{nope}/reject"),
        Some(&manager),
        &[("note", "")],
        422,
    )
    .await;
    p.post(
        "/kiosk/refunds/{id}/retry",
        &format!("{nope}/retry"),
        Some(&manager),
        &[],
        404,
    )
    .await;
    p.post(
        "/kiosk/payments/{id}/refund",
        "/kiosk/payments/nope/refund",
        Some(&manager),
        &[],
        404,
    )
    .await;
    let (s, closed) = app
        .post(
            "/api/v1/days/close",
            Some(&manager),
            json!({"cinema_id": cinema}),
        )
        .await;
    assert_eq!(s, 201, "{closed}");
    let z = format!(
        "/kiosk/days/{}",
        closed["data"]["id"].as_str().expect("day id")
    );
    p.get("/kiosk/days/{id}", &z, Some(&manager), 200).await;
    p.get(
        "/kiosk/days/{id}",
        &format!("{z}?paper=80mm"),
        Some(&manager),
        200,
    )
    .await;

    // The site's figures, for managers only; a bad range is a page too.
    p.get("/figures", "/figures", Some(&manager), 200).await;
    p.get(
        "/figures",
        "/figures?from=2026-11-01&to=2026-11-30",
        Some(&manager),
        200,
    )
    .await;
    p.get(
        "/figures",
        "/figures?from=2026-12-01&to=2026-11-01",
        Some(&manager),
        422,
    )
    .await;
    p.get("/figures", "/figures", Some(&cashier), 403).await;

    // The API's documentation page (served from src/app, beside the document it reads).
    p.get("/api/docs", "/api/docs", None, 200).await;

    // Any unknown address gets the HTML 404 page.
    p.get("(fallback)", "/no/such/page", None, 404).await;

    let missed: Vec<_> = PAGE_ROUTES
        .iter()
        .filter(|r| !p.covered.contains(*r))
        .collect();
    assert!(missed.is_empty(), "pages never fetched: {missed:?}");
    assert!(
        p.failures.is_empty(),
        "{} page(s) are not valid HTML:\n{}",
        p.failures.len(),
        p.failures.join("\n")
    );
    app.stop().await;
}

/// Head office's `/figures`: the chain's figures, its sites and overdrawn members, in both
/// languages.
#[tokio::test]
async fn head_office_figures_page_is_valid_html() {
    use moviehub::sales::{BookingFacts, SaleEvent};
    use moviehub::sync::batch::{Batch, PushedRow};
    let app = spawn_app_with(|s| s.server.role = moviehub::config::Role::Central).await;
    let site = app
        .state
        .central
        .add_site("MovieHub Hà Đông")
        .await
        .expect("site");
    let created = SaleEvent::BookingCreated(BookingFacts {
        id: "b1".into(),
        user_id: "u1".into(),
        showtime_id: "s1".into(),
        cinema_id: "c1".into(),
        channel: "ONLINE".into(),
        subtotal: 90_000,
        discount: 0,
        total: 90_000,
        seats: vec![],
        concessions: vec![],
        promo_code: None,
        points_redeemed: 0,
        member_id: None,
        movie_title: "Mai".into(),
        hall_name: "Phòng 1".into(),
        starts_at: "2026-11-24T12:00:00Z".into(),
        created_at: "2026-11-24T03:00:00Z".into(),
    });
    let batch = Batch {
        rows: vec![PushedRow {
            seq: 1,
            kind: created.kind().into(),
            version: moviehub::sales::EVENT_VERSION,
            payload: serde_json::to_string(&created).expect("json"),
            created_at: "2026-11-24T03:00:00Z".into(),
        }],
        pending_after: 0,
        members: vec![],
        showtimes: vec![],
    };
    let id = site.id.clone();
    app.state
        .dbs
        .central
        .blocking(move |c| {
            moviehub::sync::central_store::apply(c, &id, &batch, "2026-11-24T03:00:01Z")
                .map_err(|e| moviehub::db::DbError::Schema(e.to_string()))
        })
        .expect("applied");
    let manager = app.token("manager").await;
    for lang in ["vi-VN,vi;q=0.9", "en-GB,en;q=0.9"] {
        let mut p = Pages::new(&app, lang);
        let html = p.get("/figures", "/figures", Some(&manager), 200).await;
        assert!(
            html.contains("MovieHub Hà Đông") && html.contains("id=\"fig-sites\""),
            "{html}"
        );
        assert!(p.failures.is_empty(), "{}", p.failures.join("\n"));
    }
    app.stop().await;
}

/// Popcorn sold alone at the cashier's till, paid in cash; the sale's id.
async fn kiosk_concessions_sale(app: &TestApp, cashier: &str) -> String {
    let (_, menu) = app.get("/api/v1/concessions", None).await;
    let popcorn = menu["data"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["kind"] == "FOOD"))
        .and_then(|i| i["id"].as_str())
        .expect("popcorn on the demo menu")
        .to_string();
    let till = app
        .state
        .tills
        .current(&cashier_user(app, cashier).await)
        .await;
    let cinema = till.expect("till").expect("an open till").cinema_id;
    let (s, b) = app
        .post(
            "/api/v1/sales/concessions",
            Some(cashier),
            json!({"cinema_id": cinema, "idempotency_key": uuid::Uuid::new_v4().to_string(),
                "concessions": [{"id": popcorn, "qty": 2}]}),
        )
        .await;
    assert_eq!(s, 201, "concessions sale: {b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{id}/pay/box-office"),
            Some(cashier),
            json!({"method": "CASH", "tendered": 200_000}),
        )
        .await;
    assert_eq!(s, 200, "paid: {b}");
    id
}

/// The user id of a session token.
async fn cashier_user(app: &TestApp, token: &str) -> String {
    let (_, me) = app.get("/api/v1/me", Some(token)).await;
    me["data"]["id"].as_str().expect("me").to_string()
}
