//! The admin pages: each valid HTML for a manager in both languages and in its states (a
//! form refused, a check with clashes, a seat chosen), and the permission matrix: signed out
//! → the login form, a cashier or a customer → 403 on every page and every form, a form
//! posted from another site → 403, with nothing changed.

use super::Pages;
use crate::helpers::*;
use reqwest::header;

/// Every admin route (`src/web/admin`); all answer pages except the preview fragment.
pub const ROUTES: [&str; 25] = [
    "/admin",
    "/admin/cinemas",
    "/admin/cinemas/{id}/halls/new",
    "/admin/halls/{id}",
    "/admin/seats/{id}/status",
    "/admin/pricing",
    "/admin/halls/{id}/prices",
    "/admin/holidays",
    "/admin/holidays/{date}/delete",
    "/admin/planner",
    "/admin/showtimes/{id}/cancel",
    "/admin/reports/heatmap",
    "/admin/layout/preview",
    "/admin/films",
    "/admin/films/new",
    "/admin/films/import",
    "/admin/films/{id}",
    "/admin/genres",
    "/admin/concessions",
    "/admin/concessions/{id}/stock",
    "/admin/promotions",
    "/admin/promotions/{id}/active",
    "/admin/users",
    "/admin/users/{id}/roles",
    "/admin/users/{id}/disabled",
];

struct Ids {
    item: String,
    user: String,
    cinema: String,
    hall: String,
    seat: String,
    show: String,
    movie: String,
}

async fn ids(app: &TestApp) -> Ids {
    let cinema = app
        .state
        .cinemas
        .list_cinemas(&Default::default())
        .await
        .expect("cinemas")
        .remove(0);
    let hall = app
        .state
        .cinemas
        .halls(&cinema.id)
        .await
        .expect("halls")
        .remove(0);
    let seat = app.state.cinemas.hall(&hall.id).await.expect("hall").seats[0]
        .id
        .clone();
    let show = app
        .state
        .cinemas
        .list_showtimes(None, None, Some(hall.id.clone()), None)
        .await
        .expect("showtimes")
        .remove(0);
    let item = app.state.concessions.on_sale().await.expect("menu");
    let item = item
        .iter()
        .find(|i| i.kind != moviehub::concessions::Kind::Combo)
        .expect("an item with stock")
        .id
        .clone();
    let user = app
        .state
        .users
        .by_email("customer@moviehub.local")
        .await
        .expect("customer")
        .id;
    Ids {
        item,
        user,
        cinema: cinema.id,
        hall: hall.id,
        seat,
        movie: show.movie_id.clone(),
        show: show.id,
    }
}

#[tokio::test]
async fn admin_pages_are_valid_html_in_vietnamese() {
    admin_pages_are_valid_html("vi-VN,vi").await;
}

#[tokio::test]
async fn admin_pages_are_valid_html_in_english() {
    admin_pages_are_valid_html("en-US,en").await;
}

async fn admin_pages_are_valid_html(accept_language: &'static str) {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let manager = app.token("manager").await;
    let id = ids(&app).await;
    let mut p = Pages::new(&app, accept_language);
    let m = Some(manager.as_str());

    p.get("/admin", "/admin", m, 200).await;
    let list = p.get("/admin/cinemas", "/admin/cinemas", m, 200).await;
    let new = format!("/admin/cinemas/{}/halls/new", id.cinema);
    assert!(list.contains(&new), "the list links to the editor");
    p.get("/admin/cinemas/{id}/halls/new", &new, m, 200).await;
    let route = "/admin/cinemas/{id}/halls/new";
    let layout = |aisles: &'static str, action: &'static str| {
        vec![
            ("name", "Phòng 9"),
            ("hall_type", "STANDARD"),
            ("layout_type", "STANDARD"),
            ("rows", "A-F"),
            ("seats_per_row", "10"),
            ("aisles_after", aisles),
            ("couple", "F"),
            ("action", action),
        ]
    };
    p.post(route, &new, m, &layout("4", "preview"), 200).await;
    p.post(route, &new, m, &layout("5", "save"), 422).await;
    p.post(route, &new, m, &[("rows", "a-"), ("action", "save")], 422)
        .await;
    let hall = format!("/admin/halls/{}", id.hall);
    p.get("/admin/halls/{id}", &hall, m, 200).await;
    p.get(
        "/admin/halls/{id}",
        &format!("{hall}?seat={}", id.seat),
        m,
        200,
    )
    .await;
    p.post(
        "/admin/seats/{id}/status",
        &format!("/admin/seats/{}/status", id.seat),
        m,
        &[("status", "SOMEWHERE")],
        422,
    )
    .await;
    p.get("/admin/pricing", "/admin/pricing", m, 200).await;
    p.post(
        "/admin/halls/{id}/prices",
        &format!("/admin/halls/{}/prices", id.hall),
        m,
        &[("STANDARD.WEEKDAY", "lots")],
        422,
    )
    .await;
    p.post(
        "/admin/holidays",
        "/admin/holidays",
        m,
        &[("date", "24/12"), ("name", "Giáng sinh")],
        422,
    )
    .await;
    p.post(
        "/admin/holidays/{date}/delete",
        "/admin/holidays/2031-01-01/delete",
        m,
        &[],
        422,
    )
    .await;
    let planner = p.get("/admin/planner", "/admin/planner", m, 200).await;
    assert!(planner.contains("tl-block"), "the demo day has showtimes");
    p.get(
        "/admin/planner",
        &format!("/admin/planner?cinema={}&date=2026-11-30", id.cinema),
        m,
        200,
    )
    .await;
    let batch = |times: &'static str, action: &'static str| {
        vec![
            ("cinema", id.cinema.clone()),
            ("movie_id", id.movie.clone()),
            ("hall_id", id.hall.clone()),
            ("format", "2D".into()),
            ("language", "Tiếng Việt".into()),
            ("from_date", "2026-12-10".into()),
            ("to_date", "2026-12-11".into()),
            ("times", times.into()),
            ("action", action.into()),
        ]
    };
    let form = |v: &Vec<(&'static str, String)>| {
        v.iter()
            .map(|(k, x)| (*k, x.clone()))
            .collect::<Vec<(&str, String)>>()
    };
    let checked = form(&batch("09:00, 10:00", "check"));
    let pairs: Vec<(&str, &str)> = checked.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let html = p
        .post("/admin/planner", "/admin/planner", m, &pairs, 200)
        .await;
    assert!(html.contains("data-ok=\"false\""), "a clash shown");
    let saved = form(&batch("09:00, 10:00", "save"));
    let pairs: Vec<(&str, &str)> = saved.iter().map(|(k, v)| (*k, v.as_str())).collect();
    p.post("/admin/planner", "/admin/planner", m, &pairs, 409)
        .await;
    let bad = form(&batch("nine", "check"));
    let pairs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    p.post("/admin/planner", "/admin/planner", m, &pairs, 422)
        .await;
    p.post(
        "/admin/showtimes/{id}/cancel",
        "/admin/showtimes/no-such-showtime/cancel",
        m,
        &[("reason", "x")],
        404,
    )
    .await;
    p.get("/admin/reports/heatmap", "/admin/reports/heatmap", m, 200)
        .await;
    p.get(
        "/admin/reports/heatmap",
        &format!(
            "/admin/reports/heatmap?hall={}&from=2026-11-01&to=2026-12-31",
            id.hall
        ),
        m,
        200,
    )
    .await;
    p.get(
        "/admin/reports/heatmap",
        "/admin/reports/heatmap?from=2026-12-31&to=2026-11-01",
        m,
        422,
    )
    .await;
    // Films: the list, a search, the forms and an import with a bad row.
    p.get("/admin/films", "/admin/films", m, 200).await;
    p.get("/admin/films", "/admin/films?q=lat+mat&imported=x", m, 200)
        .await;
    p.get("/admin/films/new", "/admin/films/new", m, 200).await;
    p.post(
        "/admin/films/new",
        "/admin/films/new",
        m,
        &[
            ("title", "Phim Thử"),
            ("runtime_minutes", "0"),
            ("release_date", "2026-12-01"),
            ("age_rating", "P"),
        ],
        422,
    )
    .await;
    p.get(
        "/admin/films/{id}",
        &format!("/admin/films/{}", id.movie),
        m,
        200,
    )
    .await;
    p.post(
        "/admin/films/{id}",
        &format!("/admin/films/{}", id.movie),
        m,
        &[
            ("title", ""),
            ("runtime_minutes", "90"),
            ("release_date", "2026-12-01"),
            ("age_rating", "P"),
        ],
        422,
    )
    .await;
    let bad = r#"[{"title": "Tốt", "runtime_minutes": 90, "release_date": "2026-12-01", "age_rating": "P"},
                  {"title": "Xấu", "runtime_minutes": -1}]"#;
    let html = p
        .post(
            "/admin/films/import",
            "/admin/films/import",
            m,
            &[("json", bad)],
            422,
        )
        .await;
    assert!(
        html.contains("id=\"import-errors\""),
        "the bad row is listed"
    );
    p.post(
        "/admin/films/import",
        "/admin/films/import",
        m,
        &[("json", "{")],
        422,
    )
    .await;
    p.post("/admin/genres", "/admin/genres", m, &[("name", "")], 422)
        .await;
    // Concessions and stock; a write-off must say why.
    p.get(
        "/admin/concessions",
        "/admin/concessions?below=1000",
        m,
        200,
    )
    .await;
    p.get(
        "/admin/concessions",
        &format!("/admin/concessions?item={}", id.item),
        m,
        200,
    )
    .await;
    p.post(
        "/admin/concessions/{id}/stock",
        &format!("/admin/concessions/{}/stock", id.item),
        m,
        &[("change", "write_off"), ("qty", "2"), ("note", "")],
        422,
    )
    .await;
    // Promotions: the list, a refused code, and switching one that does not exist.
    p.get("/admin/promotions", "/admin/promotions?saved=1", m, 200)
        .await;
    p.post(
        "/admin/promotions",
        "/admin/promotions",
        m,
        &[("code", "X"), ("kind", "PERCENTAGE"), ("value", "lots")],
        422,
    )
    .await;
    p.post(
        "/admin/promotions/{id}/active",
        "/admin/promotions/no-such-code/active",
        m,
        &[],
        404,
    )
    .await;
    // Users: the list, and a role the manager may not hand out.
    let admin = app.token("admin").await;
    p.get("/admin/users", "/admin/users", Some(&admin), 200)
        .await;
    p.post(
        "/admin/users/{id}/roles",
        &format!("/admin/users/{}/roles", id.user),
        Some(&admin),
        &[("role", "nobody"), ("change", "grant")],
        422,
    )
    .await;
    p.post(
        "/admin/users/{id}/disabled",
        &format!("/admin/users/{}/disabled", id.user),
        Some(&admin),
        &[("change", "sideways")],
        422,
    )
    .await;

    // The preview fragment answers the editor's script, not a page of its own.
    let res = p
        .request(
            reqwest::Method::GET,
            "/admin/layout/preview?rows=A-C&seats_per_row=4",
            m,
        )
        .send()
        .await
        .expect("preview");
    assert_eq!(res.status(), 200);
    let body = res.text().await.expect("body");
    assert!(body.contains("data-capacity=\"12\""), "{body}");
    p.covered.insert("/admin/layout/preview");

    let missed: Vec<_> = ROUTES.iter().filter(|r| !p.covered.contains(*r)).collect();
    assert!(missed.is_empty(), "admin routes never fetched: {missed:?}");
    assert!(
        p.failures.is_empty(),
        "{} admin page(s) are not valid HTML:\n{}",
        p.failures.len(),
        p.failures.join("\n")
    );
    app.stop().await;
}

/// Each admin route as (method, path): the pages and the forms.
fn every_request(id: &Ids) -> Vec<(reqwest::Method, String)> {
    use reqwest::Method;
    vec![
        (Method::GET, "/admin".into()),
        (Method::GET, "/admin/cinemas".into()),
        (
            Method::GET,
            format!("/admin/cinemas/{}/halls/new", id.cinema),
        ),
        (
            Method::POST,
            format!("/admin/cinemas/{}/halls/new", id.cinema),
        ),
        (Method::GET, format!("/admin/halls/{}", id.hall)),
        (Method::POST, format!("/admin/seats/{}/status", id.seat)),
        (Method::GET, "/admin/pricing".into()),
        (Method::POST, format!("/admin/halls/{}/prices", id.hall)),
        (Method::POST, "/admin/holidays".into()),
        (Method::POST, "/admin/holidays/2026-12-24/delete".into()),
        (Method::GET, "/admin/planner".into()),
        (Method::POST, "/admin/planner".into()),
        (Method::POST, format!("/admin/showtimes/{}/cancel", id.show)),
        (Method::GET, "/admin/reports/heatmap".into()),
        (
            Method::GET,
            "/admin/layout/preview?rows=A&seats_per_row=2".into(),
        ),
    ]
}

#[tokio::test]
async fn cashiers_and_customers_get_403_on_every_admin_page_and_form_and_nothing_changes() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let id = ids(&app).await;
    let cashier = app.token("cashier").await;
    let customer = app.token("customer").await;
    let usher = app.token("usher").await;
    let manager = app.token("manager").await;
    let client = super::no_redirects();
    let seat_before = app.state.cinemas.hall(&id.hall).await.expect("hall").seats[0].status;
    let stock_before = app
        .state
        .concessions
        .get(&id.item)
        .await
        .expect("item")
        .stock;
    // A body that would change something if it were read: a seat broken, a showtime cancelled.
    let body = [
        ("status", "BROKEN"),
        ("reason", "x"),
        ("STANDARD.WEEKDAY", "1"),
        ("date", "2026-12-24"),
        ("name", "x"),
        ("rows", "A"),
        ("seats_per_row", "2"),
        ("action", "save"),
        ("change", "write_off"),
        ("qty", "5"),
        ("role", "admin"),
        ("title", "Phim Lạ"),
        ("runtime_minutes", "90"),
        ("release_date", "2026-12-01"),
        ("age_rating", "P"),
        ("json", "[]"),
    ];
    let send = |method: reqwest::Method, path: &str, token: Option<&str>, origin: bool| {
        let mut req = client.request(method.clone(), format!("{}{path}", app.base));
        if origin {
            req = req.header(header::ORIGIN, &app.base);
        }
        if let Some(t) = token {
            req = req.header(header::COOKIE, format!("mh_session={t}"));
        }
        if method == reqwest::Method::POST {
            req = req.form(&body);
        }
        req.send()
    };
    for (method, path) in every_request(&id) {
        for (who, token) in [
            ("cashier", &cashier),
            ("customer", &customer),
            ("usher", &usher),
        ] {
            let res = send(method.clone(), &path, Some(token), true)
                .await
                .expect("request");
            assert_eq!(res.status(), 403, "{who} {method} {path}");
            let text = res.text().await.expect("body");
            assert!(
                text.contains("<html lang=\"vi\">"),
                "{who} {path}: an HTML page"
            );
        }
        let res = send(method.clone(), &path, None, true)
            .await
            .expect("request");
        if method == reqwest::Method::GET {
            assert_eq!(res.status(), 303, "signed out {path}");
            let to = res.headers()[header::LOCATION].to_str().expect("location");
            assert!(
                to.starts_with("/login?next=") && to.contains("admin"),
                "{path} → {to}"
            );
        } else {
            assert_eq!(res.status(), 303, "signed out POST {path}");
        }
        if method == reqwest::Method::POST {
            let res = send(method.clone(), &path, Some(&manager), false)
                .await
                .expect("request");
            assert_eq!(res.status(), 403, "cross-site POST {path}");
        }
    }
    // Nothing changed: the seat is in service, the showtime on, no price of 1 ₫, no holiday.
    let hall = app.state.cinemas.hall(&id.hall).await.expect("hall");
    let seat = hall.seats.iter().find(|s| s.id == id.seat).expect("seat");
    assert_eq!(seat.status, seat_before);
    assert!(hall.prices.iter().all(|p| p.price > 1));
    let user = app.state.users.get(&id.user).await.expect("customer");
    assert_eq!(user.roles, vec!["customer".to_string()], "no role granted");
    let item = app.state.concessions.get(&id.item).await.expect("item");
    let stock_now = item.stock;
    assert_eq!(stock_now, stock_before, "no stock written off");
    let films = app
        .state
        .catalog
        .list(Default::default())
        .await
        .expect("films");
    assert!(
        films.items.iter().all(|f| f.title != "Phim Lạ"),
        "no film made"
    );
    let show = app.state.cinemas.showtime(&id.show).await.expect("show");
    assert_ne!(show.status, moviehub::cinemas::ShowtimeStatus::Cancelled);
    assert!(app
        .state
        .cinemas
        .holidays()
        .await
        .expect("holidays")
        .iter()
        .all(|h| h.date.to_string() != "2026-12-24"));
    app.stop().await;
}
