//! The movie list: filters, status by date, sort, paging, parameter errors, search.

use super::*;
use crate::helpers::*;
use serde_json::{json, Value};

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
