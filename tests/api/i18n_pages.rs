//! Vietnamese first, English second: every key a template, page or script names is in both
//! message files; pages follow the switch (cookie) over `Accept-Language` over the site's
//! setting; no page shows a raw key; staff land on their tool after signing in.

use crate::helpers::{spawn_app, spawn_app_with, TestApp};
use moviehub::i18n::{keys, Lang};
use reqwest::header;
use std::collections::BTreeSet;
use std::path::Path;

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

async fn page_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut req = app.client.get(format!("{}{path}", app.base));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.expect("get");
    (res.status().as_u16(), res.text().await.expect("body"))
}

fn files(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
}

/// Literal message keys in `text` after any of `calls` (e.g. `layout.t("`).
fn keys_named(text: &str, calls: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for call in calls {
        for (i, _) in text.match_indices(call) {
            let rest = &text[i + call.len()..];
            if let Some(end) = rest.find('"') {
                let key = &rest[..end];
                let is_key = !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if is_key {
                    out.push(key.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn every_key_the_code_names_is_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let vi: BTreeSet<String> = keys(Lang::Vi).into_iter().collect();
    let en: BTreeSet<String> = keys(Lang::En).into_iter().collect();
    let mut named = Vec::new();
    let mut templates = Vec::new();
    files(&root.join("templates"), "html", &mut templates);
    for f in &templates {
        let text = std::fs::read_to_string(f).expect("template");
        let calls = [".t(\"", ".tn(\"", ".ts(\""];
        named.extend(
            keys_named(&text, &calls)
                .into_iter()
                .map(|k| (k, f.clone())),
        );
    }
    let mut sources = Vec::new();
    files(&root.join("src/web"), "rs", &mut sources);
    files(&root.join("src/app"), "rs", &mut sources);
    for f in &sources {
        let text = std::fs::read_to_string(f).expect("source");
        let calls = ["tr(\"", "tr_with(\"", "Layout::new(\"", ".layout(\""];
        named.extend(
            keys_named(&text, &calls)
                .into_iter()
                .map(|k| (k, f.clone())),
        );
    }
    let mut scripts = Vec::new();
    files(&root.join("assets"), "js", &mut scripts);
    for f in &scripts {
        let text = std::fs::read_to_string(f).expect("script");
        let found = keys_named(&text, &["t(\"js-"]);
        named.extend(found.into_iter().map(|k| (format!("js-{k}"), f.clone())));
    }
    assert!(
        named.len() > 100,
        "the scan found only {} keys",
        named.len()
    );
    let missing: Vec<String> = named
        .iter()
        .filter(|(k, _)| !vi.contains(k) || !en.contains(k))
        .map(|(k, f)| format!("{k} ({})", f.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "keys missing from a message file: {missing:?}"
    );
}

/// The text a person reads (not attributes, scripts or styles).
fn visible_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let mut out = String::new();
    for node in doc.root_element().descendants() {
        if let Some(text) = node.value().as_text() {
            let in_code = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style"))
            });
            if !in_code {
                out.push_str(text);
                out.push(' ');
            }
        }
    }
    out
}

fn assert_no_raw_keys(html: &str, what: &str) {
    let text = visible_text(html);
    let words: BTreeSet<&str> = text
        .split(|c: char| c.is_whitespace() || "()“”,.:".contains(c))
        .collect();
    for key in keys(Lang::Vi) {
        assert!(
            !words.contains(key.as_str()),
            "{what} shows the raw key {key}"
        );
    }
}

#[tokio::test]
async fn pages_speak_vietnamese_by_default_and_english_when_asked() {
    let app = demo_app().await;
    let movie = app.state.catalog.now_showing().await.expect("movies")[0]
        .id
        .clone();
    let paths = [
        "/".to_string(),
        format!("/movies/{movie}"),
        "/login".into(),
        "/register".into(),
        "/no/such/page".into(),
    ];
    for path in &paths {
        let (_, vi) = page_with(&app, path, &[]).await;
        assert!(
            vi.contains("<html lang=\"vi\">"),
            "{path} is not Vietnamese"
        );
        assert_no_raw_keys(&vi, path);
        let (_, en) = page_with(&app, path, &[("accept-language", "en-US,en;q=0.9")]).await;
        assert!(en.contains("<html lang=\"en\">"), "{path} is not English");
        assert_no_raw_keys(&en, path);
    }
    let (_, home) = page_with(&app, "/", &[]).await;
    assert!(home.contains("Phim đang chiếu") && home.contains("Phim sắp chiếu"));
    assert!(home.contains("Đăng nhập") && !home.contains(">Tiếng Việt<"));
    assert!(home.contains(">English<"), "the switch offers English");
    let (_, en) = page_with(&app, "/", &[("accept-language", "en")]).await;
    assert!(en.contains("Now showing") && en.contains(">Tiếng Việt<"));
    let (_, moviepage) = page_with(&app, &format!("/movies/{movie}"), &[]).await;
    assert!(moviepage.contains("Lịch chiếu") && moviepage.contains("Thời lượng"));
    assert!(
        moviepage.contains("Hôm nay") || moviepage.contains("Ngày mai"),
        "showtime days are relative"
    );
    let (status, missing) = page_with(&app, "/no/such/page", &[]).await;
    assert_eq!(status, 404);
    assert!(missing.contains("Không có trang nào ở địa chỉ này."));
    app.stop().await;
}

#[tokio::test]
async fn the_switch_cookie_wins_over_the_browser_which_wins_over_the_setting() {
    let app = spawn_app_with(|s| s.server.language = Lang::En).await;
    let (_, site) = page_with(&app, "/login", &[]).await;
    assert!(
        site.contains("<html lang=\"en\">"),
        "the site setting applies"
    );
    let (_, browser) = page_with(&app, "/login", &[("accept-language", "vi-VN,vi")]).await;
    assert!(browser.contains("<html lang=\"vi\">") && browser.contains("Mật khẩu"));
    let (_, chosen) = page_with(
        &app,
        "/login",
        &[("accept-language", "vi-VN,vi"), ("cookie", "lang=en")],
    )
    .await;
    assert!(chosen.contains("<html lang=\"en\">") && chosen.contains("Password"));

    let res = no_redirects()
        .get(format!("{}/lang/vi?next=%2Fmovies%2Fx%3Fa%3D1", app.base))
        .send()
        .await
        .expect("switch");
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[header::LOCATION], "/movies/x?a=1");
    let cookie = res.headers()[header::SET_COOKIE].to_str().expect("cookie");
    assert!(cookie.starts_with("lang=vi;") && cookie.contains("Max-Age=31536000"));
    let res = no_redirects()
        .get(format!("{}/lang/en?next=https://evil.example", app.base))
        .send()
        .await
        .expect("switch");
    assert_eq!(res.headers()[header::LOCATION], "/", "no open redirect");
    app.stop().await;
}

#[tokio::test]
async fn form_errors_are_sentences_in_the_page_language() {
    let app = demo_app().await;
    let client = no_redirects();
    let res = client
        .post(format!("{}/register", app.base))
        .header(header::ORIGIN, &app.base)
        .form(&[
            ("full_name", "Nguyễn Văn A"),
            ("email", "a@b.vn"),
            ("password", "short"),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("register");
    assert_eq!(res.status(), 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("Mật khẩu cần từ 8 ký tự trở lên"), "{html}");
    assert!(!html.contains("password:"), "never the API's field message");
    let res = client
        .post(format!("{}/login", app.base))
        .header(header::ORIGIN, &app.base)
        .header(header::ACCEPT_LANGUAGE, "en")
        .form(&[
            ("email", "nobody@x.vn"),
            ("password", "wrongpass"),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 401);
    assert!(res
        .text()
        .await
        .expect("body")
        .contains("Wrong e-mail or password."));
    app.stop().await;
}

#[tokio::test]
async fn staff_land_on_their_tool_and_the_header_links_to_it() {
    let app = demo_app().await;
    let client = no_redirects();
    for (who, lands) in [
        ("cashier", "/kiosk"),
        ("usher", "/scan"),
        ("manager", "/kiosk/cashups"),
        ("customer", "/"),
    ] {
        let res = client
            .post(format!("{}/login", app.base))
            .header(header::ORIGIN, &app.base)
            .form(&[
                ("email", format!("{who}@moviehub.local").as_str()),
                ("password", moviehub::demo::DEMO_PASSWORD),
                ("next", "/"),
            ])
            .send()
            .await
            .expect("login");
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()[header::LOCATION], lands, "{who}");
        let cookie = res.headers()[header::SET_COOKIE]
            .to_str()
            .expect("cookie")
            .split(';')
            .next()
            .expect("pair")
            .to_string();
        let (_, home) = page_with(&app, "/", &[("cookie", &cookie)]).await;
        let links_kiosk = home.contains("href=\"/kiosk\"");
        assert_eq!(links_kiosk, who != "usher" && who != "customer", "{who}");
        assert!(home.contains("Đăng xuất"), "{who} can always sign out");
    }
    app.stop().await;
}
