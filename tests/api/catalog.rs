//! Catalog: movie CRUD, filters, sort, paging, diacritics-insensitive search, cache
//! invalidation, delete cascade, permissions, bad input, `movie import`, demo data.
//! The test clock starts on 2026-11-24 (Ho Chi Minh City).

use crate::helpers::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// A minimal valid create body.
fn movie(title: &str) -> Value {
    json!({
        "title": title,
        "runtime_minutes": 100,
        "release_date": "2026-11-01",
        "age_rating": "T13",
    })
}

/// `base` with some fields replaced.
fn with(mut base: Value, fields: Value) -> Value {
    if let (Some(b), Some(f)) = (base.as_object_mut(), fields.as_object()) {
        for (k, v) in f {
            b.insert(k.clone(), v.clone());
        }
    }
    base
}

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let (s, b) = app.post("/api/v1/movies", Some(token), body).await;
    assert_eq!(s, 201, "{b}");
    b["data"].clone()
}

fn titles(body: &Value) -> Vec<String> {
    body["data"]["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {body}"))
        .iter()
        .map(|m| m["title"].as_str().expect("title").to_string())
        .collect()
}

fn title_set(body: &Value) -> BTreeSet<String> {
    titles(body).into_iter().collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

async fn list(app: &TestApp, query: &str) -> Value {
    let (s, b) = app.get(&format!("/api/v1/movies{query}"), None).await;
    assert_eq!(s, 200, "{query}: {b}");
    b
}

#[tokio::test]
async fn create_get_replace_delete() {
    let app = spawn_app().await;
    let t = app.token("manager").await;
    let body = with(
        movie("Mai"),
        json!({
            "original_title": "Mai", "overview": "Một câu chuyện tình.",
            "director": "Trấn Thành", "language_type": "SUBTITLE",
            "cast": [{"name": "Phương Anh Đào", "role": "Mai"}],
            "genres": ["Drama", "Romance"], "spoken_languages": ["vi"],
            "releases": [{"start_date": "2026-11-20", "end_date": "2026-12-20", "note": "Toàn quốc"}],
        }),
    );
    let created = create(&app, &t, body).await;
    let id = created["id"].as_str().expect("id").to_string();
    assert_eq!(created["age_rating"], "T13");
    assert_eq!(created["language_type"], "SUBTITLE");

    let (s, got) = app.get(&format!("/api/v1/movies/{id}"), None).await;
    assert_eq!(s, 200, "{got}");
    let names: Vec<&str> = got["data"]["genres"]
        .as_array()
        .expect("genres")
        .iter()
        .map(|g| g["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Drama", "Romance"]);
    assert_eq!(got["data"]["releases"][0]["start_date"], "2026-11-20");
    assert_eq!(got["data"]["releases"][0]["note"], "Toàn quốc");
    assert_eq!(got["data"]["cast"][0]["name"], "Phương Anh Đào");

    // PUT replaces everything: genres and releases too.
    let replacement = with(
        movie("Mai (bản đặc biệt)"),
        json!({"runtime_minutes": 135, "age_rating": "T18", "genres": ["Drama"],
               "releases": [{"start_date": "2026-12-01"}]}),
    );
    let (s, put) = app
        .put(&format!("/api/v1/movies/{id}"), Some(&t), replacement)
        .await;
    assert_eq!(s, 200, "{put}");
    let (_, got) = app.get(&format!("/api/v1/movies/{id}"), None).await;
    let m = &got["data"];
    assert_eq!(m["title"], "Mai (bản đặc biệt)");
    assert_eq!(m["runtime_minutes"], 135);
    assert_eq!(m["age_rating"], "T18");
    assert_eq!(m["cast"], json!([]));
    assert_eq!(m["genres"].as_array().expect("genres").len(), 1);
    assert_eq!(m["releases"].as_array().expect("releases").len(), 1);
    assert_eq!(m["releases"][0]["end_date"], Value::Null);
    assert_eq!(m["created_at"], created["created_at"]);

    let (s, del) = app.delete(&format!("/api/v1/movies/{id}"), Some(&t)).await;
    assert_eq!(s, 200, "{del}");
    let (s, b) = app.get(&format!("/api/v1/movies/{id}"), None).await;
    assert!(assert_envelope(s, &b, 404).contains(&id));
    let (s, b) = app.delete(&format!("/api/v1/movies/{id}"), Some(&t)).await;
    assert_envelope(s, &b, 404);
    let (s, b) = app
        .put(&format!("/api/v1/movies/{id}"), Some(&t), movie("X"))
        .await;
    assert_envelope(s, &b, 404);
}

#[tokio::test]
async fn every_write_route_needs_movie_manage() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let mut tokens = Vec::new();
    for role in ["customer", "usher", "cashier", "manager", "admin"] {
        tokens.push((role, app.token(role).await));
    }
    for (i, (role, token)) in std::iter::once(("anonymous", String::new()))
        .chain(tokens.into_iter())
        .enumerate()
    {
        let token = (!token.is_empty()).then_some(token.as_str());
        let expected = match role {
            "anonymous" => 401,
            "customer" | "usher" | "cashier" => 403,
            _ => 0,
        };
        let target = create(&app, &admin, movie(&format!("Target {i}"))).await;
        let path = format!("/api/v1/movies/{}", target["id"].as_str().expect("id"));
        let genre = json!({"name": format!("Genre {i}")});
        let answers = [
            app.post("/api/v1/movies", token, movie("New")).await,
            app.put(&path, token, movie("Renamed")).await,
            app.post("/api/v1/genres", token, genre).await,
            app.delete(&path, token).await,
        ];
        for (route, (s, b)) in ["POST movies", "PUT movie", "POST genres", "DELETE movie"]
            .iter()
            .zip(answers)
        {
            if expected == 0 {
                assert!(s.is_success(), "{role} {route}: {s} {b}");
            } else {
                assert_envelope(s, &b, expected);
                assert!(!s.is_success(), "{role} {route}");
            }
        }
        let (s, _) = app.get(&path, None).await;
        assert_eq!(
            s == 404,
            expected == 0,
            "{role}: delete took effect only if allowed"
        );
    }
    // Reads are public.
    assert_eq!(app.get("/api/v1/movies", None).await.0, 200);
    assert_eq!(app.get("/api/v1/genres", None).await.0, 200);
}

/// Movies around today (2026-11-24) for the filter tests: (title, body).
fn filter_fixture() -> Vec<Value> {
    let rel = |start: &str, end: Value| json!([{"start_date": start, "end_date": end}]);
    vec![
        with(
            movie("Showing Drama"),
            json!({"genres": ["Drama"], "age_rating": "T13",
            "releases": rel("2026-11-10", json!("2026-12-10"))}),
        ),
        with(
            movie("Ends Today"),
            json!({"genres": ["Comedy"], "age_rating": "P",
            "releases": rel("2026-11-01", json!("2026-11-24"))}),
        ),
        with(
            movie("Starts Today"),
            json!({"genres": ["Drama", "Comedy"], "age_rating": "T18",
            "releases": rel("2026-11-24", Value::Null)}),
        ),
        with(
            movie("Open Ended"),
            json!({"genres": ["Horror"], "age_rating": "T16",
            "releases": rel("2026-10-01", Value::Null)}),
        ),
        with(
            movie("Ended"),
            json!({"genres": ["Drama"], "age_rating": "T18",
            "releases": rel("2026-10-01", json!("2026-11-23"))}),
        ),
        with(
            movie("Opens Tomorrow"),
            json!({"genres": ["Horror"], "age_rating": "K",
            "release_date": "2026-11-25", "releases": rel("2026-11-25", json!("2026-12-25"))}),
        ),
        with(
            movie("Dated Only"),
            json!({"genres": ["Comedy"], "age_rating": "C",
            "release_date": "2027-02-14"}),
        ),
        with(
            movie("Re-release"),
            json!({"age_rating": "P", "release_date": "2020-01-01",
            "releases": [{"start_date": "2020-01-01", "end_date": "2020-02-01"},
                         {"start_date": "2026-12-20", "end_date": "2027-01-10"}]}),
        ),
    ]
}

#[tokio::test]
async fn filters_by_genre_rating_and_status() {
    let app = spawn_app().await;
    let t = app.token("manager").await;
    for body in filter_fixture() {
        create(&app, &t, body).await;
    }
    let cases: [(&str, &[&str]); 9] = [
        ("?genre=Drama", &["Showing Drama", "Starts Today", "Ended"]),
        (
            "?genre=comedy",
            &["Ends Today", "Starts Today", "Dated Only"],
        ),
        ("?genre=Western", &[]),
        ("?age_rating=T18", &["Starts Today", "Ended"]),
        ("?age_rating=c", &["Dated Only"]),
        (
            "?status=now_showing",
            &["Showing Drama", "Ends Today", "Starts Today", "Open Ended"],
        ),
        (
            "?status=coming_soon",
            &["Opens Tomorrow", "Dated Only", "Re-release"],
        ),
        (
            "?status=now_showing&genre=drama",
            &["Showing Drama", "Starts Today"],
        ),
        (
            "?status=coming_soon&age_rating=K&genre=Horror",
            &["Opens Tomorrow"],
        ),
    ];
    for (query, expected) in cases {
        let b = list(&app, query).await;
        assert_eq!(title_set(&b), set(expected), "{query}");
        assert_eq!(b["data"]["total"], expected.len(), "{query}");
    }

    // "Today" follows the clock in the cinema's time zone: 2026-11-24 17:30 UTC is already
    // 00:30 on the 25th in Ho Chi Minh City.
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-11-24T17:30:00Z")
            .expect("time")
            .into(),
    );
    let b = list(&app, "?status=now_showing").await;
    assert_eq!(
        title_set(&b),
        set(&[
            "Showing Drama",
            "Starts Today",
            "Open Ended",
            "Opens Tomorrow"
        ])
    );
    let b = list(&app, "?status=coming_soon").await;
    assert_eq!(title_set(&b), set(&["Dated Only", "Re-release"]));
}

#[tokio::test]
async fn sorts_and_orders() {
    let app = spawn_app().await;
    let t = app.token("manager").await;
    for (title, runtime, date) in [
        ("Elio", 95, "2026-11-10"),
        ("Đào, Phở và Piano", 100, "2026-11-20"),
        ("Avatar", 190, "2026-11-01"),
        ("Cám", 120, "2026-11-15"),
    ] {
        let body = with(
            movie(title),
            json!({"runtime_minutes": runtime, "release_date": date}),
        );
        create(&app, &t, body).await;
    }
    let by_title = ["Avatar", "Cám", "Đào, Phở và Piano", "Elio"];
    let newest = ["Đào, Phở và Piano", "Cám", "Elio", "Avatar"];
    let shortest = ["Elio", "Đào, Phở và Piano", "Cám", "Avatar"];
    let rev = |a: &[&str]| a.iter().rev().map(|s| s.to_string()).collect::<Vec<_>>();
    let own = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let cases = [
        ("", own(&newest)),
        ("?sort=release_date", own(&newest)),
        ("?sort=release_date&order=asc", rev(&newest)),
        ("?sort=title", own(&by_title)),
        ("?sort=title&order=desc", rev(&by_title)),
        ("?sort=runtime", own(&shortest)),
        ("?sort=runtime&order=desc", rev(&shortest)),
        ("?order=asc", rev(&newest)),
    ];
    for (query, expected) in cases {
        assert_eq!(titles(&list(&app, query).await), expected, "{query}");
    }
}

#[tokio::test]
async fn pages_and_caps_the_limit() {
    let app = spawn_app_with(|s| s.catalog.max_page_limit = 3).await;
    let t = app.token("manager").await;
    for i in 1..=5 {
        let body = with(
            movie(&format!("Movie {i}")),
            json!({"release_date": format!("2026-11-0{i}")}),
        );
        create(&app, &t, body).await;
    }
    let mut seen = Vec::new();
    for (page, count) in [(1, 2), (2, 2), (3, 1), (4, 0)] {
        let b = list(&app, &format!("?limit=2&page={page}&order=asc")).await;
        assert_eq!(b["data"]["total"], 5);
        assert_eq!(b["data"]["page"], page);
        assert_eq!(b["data"]["limit"], 2);
        assert_eq!(titles(&b).len(), count, "page {page}");
        seen.extend(titles(&b));
    }
    assert_eq!(
        seen,
        ["Movie 1", "Movie 2", "Movie 3", "Movie 4", "Movie 5"]
    );
    let b = list(&app, "?limit=3").await;
    assert_eq!(titles(&b).len(), 3);
    let b = list(&app, "").await;
    assert_eq!(b["data"]["limit"], 3, "the default limit is capped too");
    let (s, b) = app.get("/api/v1/movies?limit=4", None).await;
    assert!(assert_envelope(s, &b, 422).starts_with("limit:"));
}

#[tokio::test]
async fn bad_list_parameters_are_named() {
    let app = spawn_app().await;
    for (query, field, status) in [
        ("status=showing", "status", 422),
        ("age_rating=R", "age_rating", 422),
        ("sort=rating", "sort", 422),
        ("order=sideways", "order", 422),
        ("page=0", "page", 422),
        ("page=abc", "page", 422),
        ("limit=0", "limit", 422),
        ("limit=-5", "limit", 422),
        ("limit=1000", "limit", 422),
        ("colour=red", "colour", 400),
    ] {
        let (s, b) = app.get(&format!("/api/v1/movies?{query}"), None).await;
        let msg = assert_envelope(s, &b, status);
        assert!(msg.contains(field), "{query} -> {msg}");
    }
    let (s, b) = app.get("/api/v1/genres?limit=x", None).await;
    assert!(assert_envelope(s, &b, 422).starts_with("limit:"));
}

#[tokio::test]
async fn search_ignores_diacritics_and_ranks_titles_first() {
    let app = spawn_app().await;
    let t = app.token("manager").await;
    create(
        &app,
        &t,
        with(
            movie("Lật Mặt 7: Một Điều Ước"),
            json!({"director": "Lý Hải", "overview": "Bà Hai và năm người con."}),
        ),
    )
    .await;
    create(
        &app,
        &t,
        with(
            movie("Nhà Bà Nữ"),
            json!({"director": "Someone Else",
                   "cast": [{"name": "Trấn Thành", "role": "Trấn"}, {"name": "Lê Giang"}]}),
        ),
    )
    .await;
    create(
        &app,
        &t,
        with(
            movie("Mai"),
            json!({"overview": "Tình yêu ở Sài Gòn.", "director": "Đạo diễn A"}),
        ),
    )
    .await;
    create(
        &app,
        &t,
        with(
            movie("Ngày Xưa"),
            json!({"overview": "Cô gái tên Mai trở về."}),
        ),
    )
    .await;
    create(&app, &t, movie("Dune: Part Two")).await;

    for (q, expected) in [
        ("lat%20mat", vec!["Lật Mặt 7: Một Điều Ước"]),
        ("L%E1%BA%ADt%20M%E1%BA%B7t", vec!["Lật Mặt 7: Một Điều Ước"]), // "Lật Mặt"
        ("LAT%20MAT%207", vec!["Lật Mặt 7: Một Điều Ước"]),
        ("mot%20dieu%20uoc", vec!["Lật Mặt 7: Một Điều Ước"]),
        ("tran%20thanh", vec!["Nhà Bà Nữ"]),
        ("ly%20hai", vec!["Lật Mặt 7: Một Điều Ước"]),
        ("dao%20dien", vec!["Mai"]),
        ("dune", vec!["Dune: Part Two"]),
        // Title matches rank above overview matches.
        ("mai", vec!["Mai", "Ngày Xưa"]),
        ("nothing%20like%20this", vec![]),
        ("%22%29%28*", vec![]),
    ] {
        let b = list(&app, &format!("?q={q}")).await;
        assert_eq!(titles(&b), expected, "q={q}");
    }
    // Search combines with filters and an explicit sort.
    let b = list(&app, "?q=mai&sort=title&order=desc").await;
    assert_eq!(titles(&b), ["Ngày Xưa", "Mai"]);
    let b = list(&app, "?q=mai&age_rating=P").await;
    assert_eq!(titles(&b), Vec::<String>::new());
}

#[tokio::test]
async fn writes_invalidate_cached_reads() {
    let app = spawn_app().await;
    let t = app.token("manager").await;
    let m = create(
        &app,
        &t,
        with(movie("Old Title"), json!({"genres": ["Drama"]})),
    )
    .await;
    let path = format!("/api/v1/movies/{}", m["id"].as_str().expect("id"));
    // Fill the caches.
    assert_eq!(titles(&list(&app, "?genre=Drama").await), ["Old Title"]);
    assert_eq!(app.get(&path, None).await.1["data"]["title"], "Old Title");
    assert_eq!(titles(&list(&app, "?q=new").await).len(), 0);

    let (s, _) = app
        .put(
            &path,
            Some(&t),
            with(movie("New Title"), json!({"genres": ["Drama"]})),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(titles(&list(&app, "?genre=Drama").await), ["New Title"]);
    assert_eq!(app.get(&path, None).await.1["data"]["title"], "New Title");
    assert_eq!(titles(&list(&app, "?q=new").await), ["New Title"]);
    assert_eq!(
        titles(&list(&app, "?q=old").await).len(),
        0,
        "FTS row replaced"
    );

    create(
        &app,
        &t,
        with(movie("Second"), json!({"genres": ["Drama"]})),
    )
    .await;
    assert_eq!(list(&app, "?genre=Drama").await["data"]["total"], 2);

    app.delete(&path, Some(&t)).await;
    assert_eq!(titles(&list(&app, "?genre=Drama").await), ["Second"]);
    assert_eq!(app.get(&path, None).await.0, 404);

    // A missing movie is cached as missing, and creating one is still seen at once.
    let (s, _) = app.get("/api/v1/movies/not-yet", None).await;
    assert_eq!(s, 404);
    let before = list(&app, "").await["data"]["total"].clone();
    create(&app, &t, movie("Third")).await;
    assert_eq!(
        list(&app, "").await["data"]["total"],
        before.as_i64().expect("n") + 1
    );
}

#[tokio::test]
async fn delete_removes_releases_genre_links_and_search_entry() {
    let app = spawn_app().await;
    let t = app.token("admin").await;
    let body = with(
        movie("Kẻ Ăn Hồn"),
        json!({"genres": ["Horror", "Mystery"],
               "releases": [{"start_date": "2026-11-01"}, {"start_date": "2027-01-01"}]}),
    );
    let m = create(&app, &t, body).await;
    let keep = create(
        &app,
        &t,
        with(movie("Keeper"), json!({"genres": ["Horror"]})),
    )
    .await;
    let id = m["id"].as_str().expect("id").to_string();
    let counts = |id: String| {
        app.state.dbs.catalog.blocking(move |c| {
            let n = |sql: &str| -> Result<i64, moviehub::db::DbError> {
                Ok(c.query_row(sql, [&id], |r| r.get(0))?)
            };
            Ok::<_, moviehub::db::DbError>([
                n("SELECT COUNT(*) FROM movies WHERE id = ?1")?,
                n("SELECT COUNT(*) FROM movie_genres WHERE movie_id = ?1")?,
                n("SELECT COUNT(*) FROM movie_releases WHERE movie_id = ?1")?,
                n("SELECT COUNT(*) FROM movies_fts WHERE movie_id = ?1")?,
            ])
        })
    };
    assert_eq!(counts(id.clone()).expect("counts"), [1, 2, 2, 1]);
    assert_eq!(titles(&list(&app, "?q=ke%20an%20hon").await), ["Kẻ Ăn Hồn"]);

    let (s, b) = app.delete(&format!("/api/v1/movies/{id}"), Some(&t)).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["id"], id.as_str());
    assert_eq!(counts(id).expect("counts"), [0, 0, 0, 0]);
    assert_eq!(titles(&list(&app, "?q=ke%20an%20hon").await).len(), 0);
    assert_eq!(titles(&list(&app, "?genre=Horror").await), ["Keeper"]);
    let keep_id = keep["id"].as_str().expect("id").to_string();
    assert_eq!(counts(keep_id).expect("counts"), [1, 1, 0, 1]);
    // Genres themselves stay.
    let (_, g) = app.get("/api/v1/genres?limit=100", None).await;
    let names: Vec<&str> = g["data"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|g| g["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Horror", "Mystery"]);
}

#[tokio::test]
async fn genres_list_and_create() {
    let app = spawn_app().await;
    let t = app.token("manager").await;
    let (s, b) = app
        .post("/api/v1/genres", Some(&t), json!({"name": " Hoạt hình "}))
        .await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["data"]["name"], "Hoạt hình");
    let (s, b) = app
        .post("/api/v1/genres", Some(&t), json!({"name": "HOẠT HÌNH"}))
        .await;
    assert!(assert_envelope(s, &b, 409).starts_with("name:"));
    for bad in [json!({"name": ""}), json!({"name": "x".repeat(51)})] {
        let (s, b) = app.post("/api/v1/genres", Some(&t), bad).await;
        assert!(assert_envelope(s, &b, 422).starts_with("name:"));
    }
    let (s, b) = app
        .post("/api/v1/genres", Some(&t), json!({"name": 5}))
        .await;
    assert!(assert_envelope(s, &b, 422).contains("name"));
    // A movie's new genre name joins the list; a known one (any case) is reused.
    create(
        &app,
        &t,
        with(movie("A"), json!({"genres": ["hoạt hình", "Action"]})),
    )
    .await;
    let (_, g) = app.get("/api/v1/genres", None).await;
    assert_eq!(g["data"]["total"], 2);
    assert_eq!(
        titles(&list(&app, "?genre=Ho%E1%BA%A1t%20h%C3%ACnh").await),
        ["A"]
    );
    let (_, g) = app.get("/api/v1/genres?limit=1&page=2", None).await;
    assert_eq!(g["data"]["items"][0]["name"], "Hoạt hình");
}

#[tokio::test]
async fn bad_movie_bodies_get_400_413_422_naming_the_field() {
    let app = spawn_app_with(|s| s.server.body_limit_bytes = 4096).await;
    let t = app.token("manager").await;
    let (s, b) = app
        .post_raw(
            "/api/v1/movies",
            Some(&t),
            "application/json",
            b"{\"title\": ".to_vec(),
        )
        .await;
    assert_envelope(s, &b, 400);
    let (s, b) = app
        .post_raw("/api/v1/movies", Some(&t), "text/plain", b"{}".to_vec())
        .await;
    assert_envelope(s, &b, 400);
    let big = with(movie("Big"), json!({"overview": "x".repeat(8000)}));
    let (s, b) = app
        .post_raw(
            "/api/v1/movies",
            Some(&t),
            "application/json",
            big.to_string().into_bytes(),
        )
        .await;
    assert_envelope(s, &b, 413);
    let cases = [
        (json!({"runtime_minutes": "long"}), "runtime_minutes"),
        (json!({"runtime_minutes": -3}), "runtime_minutes"),
        (json!({"runtime_minutes": 0}), "runtime_minutes"),
        (json!({"runtime_minutes": 601}), "runtime_minutes"),
        (json!({"age_rating": "R"}), "age_rating"),
        (json!({"language_type": "FRENCH"}), "language_type"),
        (json!({"release_date": "24/11/2026"}), "release_date"),
        (json!({"title": "   "}), "title"),
        (json!({"title": 7}), "title"),
        (json!({"rating": 5}), "rating"),
        (json!({"poster_url": "javascript:alert(1)"}), "poster_url"),
        (json!({"cast": [{"name": ""}]}), "cast[0].name"),
        (json!({"genres": ["ok", ""]}), "genres[1]"),
        (
            json!({"releases": [{"start_date": "2026-11-01"},
                                {"start_date": "2026-12-01", "end_date": "2026-11-30"}]}),
            "releases[1].end_date",
        ),
    ];
    for (fields, field) in cases {
        let (s, b) = app
            .post(
                "/api/v1/movies",
                Some(&t),
                with(movie("Bad"), fields.clone()),
            )
            .await;
        let msg = assert_envelope(s, &b, 422);
        assert!(msg.contains(field), "{fields} -> {msg}");
    }
    let (s, b) = app
        .post("/api/v1/movies", Some(&t), json!({"runtime_minutes": 90}))
        .await;
    assert!(assert_envelope(s, &b, 422).contains("title"));
    assert_eq!(
        list(&app, "").await["data"]["total"],
        0,
        "nothing was stored"
    );
}

fn moviehub(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_moviehub"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run moviehub")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn movie_import_is_all_or_nothing_and_names_index_and_field() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data").to_string_lossy().to_string();
    let file = dir.path().join("movies.json");
    let path = file.to_string_lossy().to_string();
    let mut movies: Vec<Value> = (0..5)
        .map(|i| {
            with(
                movie(&format!("Imported {i}")),
                json!({"genres": ["Drama"]}),
            )
        })
        .collect();

    movies[3]["runtime_minutes"] = json!(0);
    std::fs::write(&file, Value::Array(movies.clone()).to_string()).expect("write");
    let out = moviehub(&["--data-dir", &data, "movie", "import", &path]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("movies[3].runtime_minutes: must be between 1 and 600"),
        "{}",
        stderr(&out)
    );

    movies[3]["runtime_minutes"] = json!(90);
    movies[1]["age_rating"] = json!("X");
    std::fs::write(&file, Value::Array(movies.clone()).to_string()).expect("write");
    let out = moviehub(&["--data-dir", &data, "movie", "import", &path]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("movies[1].age_rating"),
        "{}",
        stderr(&out)
    );

    std::fs::write(&file, "[{\"title\": \"Half\",").expect("write");
    let out = moviehub(&["--data-dir", &data, "movie", "import", &path]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("line 1"), "{}", stderr(&out));

    let out = moviehub(&["--data-dir", &data, "movie", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("0 movie(s)"), "{}", stdout(&out));

    movies[1]["age_rating"] = json!("T16");
    std::fs::write(&file, Value::Array(movies).to_string()).expect("write");
    let out = moviehub(&["--data-dir", &data, "movie", "import", &path]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("imported 5"), "{}", stdout(&out));

    let out = moviehub(&[
        "--data-dir",
        &data,
        "movie",
        "add",
        "--title",
        "Đào, Phở và Piano",
        "--runtime",
        "100",
        "--release-date",
        "2024-02-10",
        "--age-rating",
        "t13",
        "--cast",
        "Cao Thùy Linh:Thục Hương",
        "--genre",
        "History",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = moviehub(&[
        "--data-dir",
        &data,
        "movie",
        "add",
        "--title",
        "X",
        "--runtime",
        "90",
        "--release-date",
        "2024-02-10",
        "--age-rating",
        "R",
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--age-rating"), "{}", stderr(&out));

    let out = moviehub(&["--data-dir", &data, "movie", "list", "--q", "dao pho"]);
    assert!(
        stdout(&out).contains("Đào, Phở và Piano"),
        "{}",
        stdout(&out)
    );
    let out = moviehub(&["--data-dir", &data, "movie", "list"]);
    assert!(stdout(&out).contains("6 movie(s)"), "{}", stdout(&out));
}

#[tokio::test]
async fn demo_movies_cover_every_rating_and_both_statuses() {
    let app = spawn_app().await;
    let movies = moviehub::demo::seed(&app.state).await.expect("seed");
    assert!(movies.contains("Movies: "), "{movies}");
    let b = list(&app, "?limit=100").await;
    assert!(b["data"]["total"].as_i64().expect("total") >= 12);
    let ratings: BTreeSet<&str> = b["data"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["age_rating"].as_str().expect("rating"))
        .collect();
    assert_eq!(
        ratings,
        ["C", "K", "P", "T13", "T16", "T18"].into_iter().collect()
    );
    let showing = list(&app, "?status=now_showing&limit=100").await;
    let soon = list(&app, "?status=coming_soon&limit=100").await;
    assert!(titles(&showing).len() >= 4, "{showing}");
    assert!(titles(&soon).len() >= 3, "{soon}");
    for t in ["Lật Mặt 7: Một Điều Ước", "Mai", "Đào, Phở và Piano"] {
        assert!(titles(&showing).contains(&t.to_string()), "{t}");
    }
    assert_eq!(
        titles(&list(&app, "?q=tran%20thanh&limit=1").await),
        ["Mai"]
    );
    let now = app.state.catalog.now_showing().await.expect("now showing");
    assert_eq!(now.len(), titles(&showing).len());
}

#[tokio::test]
async fn seed_demo_command_loads_the_catalog() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let out = moviehub(&["--data-dir", &data.to_string_lossy(), "seed", "--demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let app = spawn_app_with(|s| s.storage.data_dir = data.clone()).await;
    let b = list(&app, "?limit=100").await;
    assert!(b["data"]["total"].as_i64().expect("total") >= 12, "{b}");
    let ratings: BTreeSet<&str> = b["data"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["age_rating"].as_str().expect("rating"))
        .collect();
    assert_eq!(ratings.len(), 6, "{ratings:?}");
}
