//! Movie and genre writes: CRUD, permissions, cache invalidation, delete cascade, bad bodies.

use super::*;
use crate::helpers::*;
use serde_json::{json, Value};

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
