//! The demo data set: one account per role and, from each domain, a believable cinema site.
//! Loaded by `seed --demo` and `serve --demo`, only into an empty data dir.

use crate::state::AppState;
use crate::users::service::NewUser;

/// Password of every demo account. Demo only: never use these accounts in production.
pub const DEMO_PASSWORD: &str = "moviehub";

/// Demo accounts: (e-mail, name, role).
pub const DEMO_ACCOUNTS: [(&str, &str, &str); 5] = [
    ("admin@moviehub.local", "Demo Admin", "admin"),
    ("manager@moviehub.local", "Demo Manager", "manager"),
    ("cashier@moviehub.local", "Demo Cashier", "cashier"),
    ("usher@moviehub.local", "Demo Usher", "usher"),
    ("customer@moviehub.local", "Demo Customer", "customer"),
];

/// Is the data dir free of data (no accounts)?
pub async fn is_empty(state: &AppState) -> Result<bool, String> {
    Ok(state.users.count().await.map_err(|e| e.to_string())? == 0)
}

/// Load the demo data set; returns a summary to print.
pub async fn seed(state: &AppState) -> Result<String, String> {
    let mut summary = String::from("Demo accounts (demo only; password for all: moviehub):\n");
    for (email, name, role) in DEMO_ACCOUNTS {
        let new = NewUser {
            email: email.into(),
            password: DEMO_PASSWORD.into(),
            full_name: name.into(),
            phone: None,
        };
        state
            .users
            .create(new, role)
            .await
            .map_err(|e| format!("demo account {email}: {e}"))?;
        summary.push_str(&format!("  {role:<9} {email}\n"));
    }
    let movies = demo_movies(state).await?;
    summary.push_str(&crate::cinemas::demo::seed(state, &movies).await?);
    Ok(summary)
}

/// A few now-showing movies for the cinemas demo, until the catalog's demo set takes over.
async fn demo_movies(state: &AppState) -> Result<Vec<crate::catalog::MovieBrief>, String> {
    use crate::catalog::{AgeRating, LanguageType, NewMovie};
    let today = state.clock.now().date_naive();
    let films = [
        ("Lật Mặt 7: Một Điều Ước", 138, AgeRating::K, "vi", "Lý Hải"),
        (
            "Dune: Part Two",
            166,
            AgeRating::T13,
            "en",
            "Denis Villeneuve",
        ),
        ("Inside Out 2", 96, AgeRating::P, "en", "Kelsey Mann"),
    ];
    let mut out = Vec::new();
    for (title, runtime, rating, lang, director) in films {
        let m = NewMovie {
            title: title.into(),
            original_title: None,
            overview: String::new(),
            poster_url: None,
            trailer_url: None,
            backdrop_url: None,
            runtime_minutes: runtime,
            release_date: today - chrono::Duration::days(14),
            age_rating: rating,
            original_language: lang.into(),
            spoken_languages: vec![lang.into()],
            production_country: String::new(),
            language_type: LanguageType::Original,
            director: director.into(),
            cast: vec![],
            genres: vec![],
            releases: vec![],
        };
        let created = state
            .catalog
            .create(m)
            .await
            .map_err(|e| format!("demo movie {title}: {e}"))?;
        out.extend(
            state
                .catalog
                .brief(&created.id)
                .await
                .map_err(|e| e.to_string())?,
        );
    }
    Ok(out)
}
