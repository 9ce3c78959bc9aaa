//! The HTML pages over HTTP: rendering with the demo data, availability marks, the session
//! cookie, cross-site form posts, hashed assets.

use crate::helpers::{spawn_app, TestApp};
use moviehub::cinemas::ShowtimeStatus;
use reqwest::header;

async fn demo_app() -> TestApp {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    app
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let res = app
        .client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("get");
    (res.status().as_u16(), res.text().await.expect("body"))
}

#[tokio::test]
async fn home_shows_sections_search_and_genre_filter() {
    let app = demo_app().await;
    let (status, html) = page(&app, "/").await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"now-showing\"") && html.contains("id=\"coming-soon\""));
    assert!(html.contains("Lật Mặt 7: Một Điều Ước"));
    let (_, html) = page(&app, "/?q=lat+mat").await;
    assert!(html.contains("id=\"results\"") && html.contains("Lật Mặt 7"));
    assert!(!html.contains("Deadpool"), "search narrows the list");
    let (_, html) = page(&app, "/?genre=Horror").await;
    assert!(html.contains("Kẻ Ăn Hồn"));
    assert!(!html.contains(">Mai<"), "genre filter drops other genres");
    app.stop().await;
}

#[tokio::test]
async fn movie_page_marks_sold_out_and_almost_full_showtimes() {
    let app = demo_app().await;
    let movie = app
        .state
        .catalog
        .now_showing()
        .await
        .expect("now showing")
        .remove(0);
    let upcoming = app
        .state
        .cinemas
        .upcoming_for_movie(&movie.id)
        .await
        .expect("showtimes");
    let selling: Vec<_> = upcoming
        .iter()
        .filter(|s| s.status == ShowtimeStatus::Selling)
        .collect();
    assert!(selling.len() >= 2, "need two showtimes on sale");
    let (full, nearly) = (selling[0], selling[1]);
    let cinemas = &app.state.cinemas;
    cinemas
        .set_seats_taken(&full.id, full.total_seats)
        .await
        .expect("sell out");
    // One seat left of at least 18 is under 10%.
    cinemas
        .set_seats_taken(&nearly.id, nearly.total_seats - 1)
        .await
        .expect("nearly full");

    let (status, html) = page(&app, &format!("/movies/{}", movie.id)).await;
    assert_eq!(status, 200);
    let meaning = moviehub::i18n::text(
        moviehub::i18n::Lang::Vi,
        &format!("rating-{}", movie.age_rating.as_str()),
        &[],
    );
    assert!(html.contains(&meaning), "rating meaning in Vietnamese");
    assert!(html.contains("Hết vé"));
    assert!(html.contains("Sắp hết vé"));
    assert!(
        !html.contains(&format!("href=\"/showtimes/{}\"", full.id)),
        "a sold-out showtime is not a link"
    );
    assert!(html.contains(&format!("href=\"/showtimes/{}\"", nearly.id)));
    app.stop().await;
}

#[tokio::test]
async fn unknown_movie_and_showtime_are_html_404_pages() {
    let app = spawn_app().await;
    for path in ["/movies/nope", "/showtimes/nope"] {
        let res = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), 404, "{path}");
        let ct = res.headers()[header::CONTENT_TYPE].to_str().expect("ct");
        assert!(ct.starts_with("text/html"), "{path}: {ct}");
    }
    // Pages may run only the site's own scripts; nothing is content-sniffed.
    let res = app
        .client
        .get(format!("{}/login", app.base))
        .send()
        .await
        .expect("login page");
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .expect("csp");
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'self'"));
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    // Any unknown address people type gets the HTML page; the API keeps its JSON envelope.
    let (s, html) = page(&app, "/no/such/page").await;
    assert_eq!(s, 404);
    assert!(html.contains("Không có trang nào ở địa chỉ này"), "{html}");
    let (s, v) = app.get("/api/v1/no-such-route", None).await;
    assert_eq!(s, 404);
    assert_eq!(v["success"], false, "{v}");
    app.stop().await;
}

#[tokio::test]
async fn login_sets_a_strict_httponly_session_cookie_that_the_api_accepts() {
    let app = demo_app().await;
    let client = no_redirects();
    let res = client
        .post(format!("{}/login", app.base))
        .header(header::ORIGIN, &app.base)
        .form(&[
            ("email", "customer@moviehub.local"),
            ("password", moviehub::demo::DEMO_PASSWORD),
            ("next", "/movies/x"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[header::LOCATION], "/movies/x");
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_string();
    assert!(cookie.starts_with("mh_session="), "{cookie}");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attr), "{attr} missing: {cookie}");
    }
    let pair = cookie.split(';').next().expect("pair").to_string();
    let me = client
        .get(format!("{}/api/v1/me", app.base))
        .header(header::COOKIE, &pair)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), 200);
    let (_, html) = {
        let res = client
            .get(format!("{}/", app.base))
            .header(header::COOKIE, &pair)
            .send()
            .await
            .expect("home");
        (res.status(), res.text().await.expect("body"))
    };
    assert!(
        html.contains("Demo Customer"),
        "signed-in name in the header"
    );

    // A seat chosen before signing out goes back on sale at sign-out.
    let (_, list) = app.get("/api/v1/showtimes?limit=100", None).await;
    let show = list["data"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|s| s["status"] == "SELLING")
        .expect("a selling showtime")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{show}/seats"), None)
        .await;
    let seat = map["data"]["rows"][0]["seats"]
        .as_array()
        .expect("seats")
        .iter()
        .find(|s| s["couple_with"].is_null() && s["status"] == "AVAILABLE")
        .expect("a free seat")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let held = client
        .post(format!("{}/api/v1/showtimes/{show}/holds", app.base))
        .header(header::ORIGIN, &app.base)
        .header(header::COOKIE, &pair)
        .json(&serde_json::json!({ "seat_id": seat }))
        .send()
        .await
        .expect("hold");
    assert_eq!(held.status(), 200);
    let me = app
        .state
        .users
        .authenticate(pair.trim_start_matches("mh_session="))
        .await
        .expect("session user")
        .user_id;
    assert_eq!(app.state.holds.held_by(&show, &me), vec![seat.clone()]);

    let out = client
        .post(format!("{}/logout", app.base))
        .header(header::ORIGIN, &app.base)
        .header(header::COOKIE, &pair)
        .send()
        .await
        .expect("logout");
    assert_eq!(out.status(), 303);
    let cleared = out.headers()[header::SET_COOKIE].to_str().expect("cookie");
    assert!(cleared.starts_with("mh_session=;") && cleared.contains("Max-Age=0"));
    assert!(
        app.state.holds.held_by(&show, &me).is_empty(),
        "hold released"
    );
    app.stop().await;
}

#[tokio::test]
async fn wrong_password_rerenders_the_form_and_cross_site_posts_are_refused() {
    let app = demo_app().await;
    let client = no_redirects();
    let res = client
        .post(format!("{}/login", app.base))
        .header(header::ORIGIN, &app.base)
        .form(&[
            ("email", "customer@moviehub.local"),
            ("password", "wrong-one"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 401);
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("E-mail hoặc mật khẩu không đúng."));

    for (path, form) in [
        (
            "/login",
            vec![
                ("email", "customer@moviehub.local"),
                ("password", moviehub::demo::DEMO_PASSWORD),
            ],
        ),
        (
            "/register",
            vec![
                ("email", "evil@example.com"),
                ("full_name", "Evil"),
                ("password", "long enough"),
            ],
        ),
        ("/logout", vec![]),
    ] {
        let res = client
            .post(format!("{}{path}", app.base))
            .header(header::ORIGIN, "https://evil.example")
            .form(&form)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), 403, "{path}");
        assert!(res.headers().get(header::SET_COOKIE).is_none(), "{path}");
        // No Origin and no Referer is refused too.
        let res = client
            .post(format!("{}{path}", app.base))
            .form(&form)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), 403, "{path} without origin");
    }
    let taken = app.state.users.by_email("evil@example.com").await;
    assert!(
        taken.is_err(),
        "the cross-site registration created nothing"
    );
    app.stop().await;
}

#[tokio::test]
async fn register_creates_a_customer_and_signs_in() {
    let app = spawn_app().await;
    let res = no_redirects()
        .post(format!("{}/register", app.base))
        .header(header::REFERER, format!("{}/register", app.base))
        .form(&[
            ("email", "lan@example.com"),
            ("full_name", "Nguyễn Lan"),
            ("password", "short"),
        ])
        .send()
        .await
        .expect("register");
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("Mật khẩu cần từ 8 ký tự"));
    let res = no_redirects()
        .post(format!("{}/register", app.base))
        .header(header::REFERER, format!("{}/register", app.base))
        .form(&[
            ("email", "lan@example.com"),
            ("full_name", "Nguyễn Lan"),
            ("password", "long enough"),
            ("next", "//evil.example"),
        ])
        .send()
        .await
        .expect("register");
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[header::LOCATION], "/", "no open redirect");
    assert!(res.headers().get(header::SET_COOKIE).is_some());
    let user = app
        .state
        .users
        .by_email("lan@example.com")
        .await
        .expect("user");
    assert_eq!(user.roles, vec!["customer".to_string()]);
    app.stop().await;
}

#[tokio::test]
async fn assets_are_served_at_hashed_urls_with_immutable_caching() {
    let app = spawn_app().await;
    let (_, html) = page(&app, "/").await;
    let start = html.find("/assets/app.").expect("css link");
    let url = &html[start..html[start..].find('"').expect("end") + start];
    assert!(url.ends_with(".css"), "{url}");
    let res = app
        .client
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .expect("asset");
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .expect("ct")
        .starts_with("text/css"));
    let (status, _) = page(&app, "/assets/app.0123456789.css").await;
    assert_eq!(status, 404, "a stale hash is not served");
    app.stop().await;
}
