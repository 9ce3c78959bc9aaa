//! `movie import|add|list` and the demo data, through the real binary.

use super::*;
use crate::helpers::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

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
