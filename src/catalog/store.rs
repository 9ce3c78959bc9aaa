//! SQL of the catalog (catalog.db). The only file here that speaks SQL.

use super::search::fold;
use super::{AgeRating, CatalogError, Genre, LanguageType, Movie, MovieBrief, NewMovie, Release};
use rusqlite::{named_params, Connection, OptionalExtension, Row};

const MOVIE_COLUMNS: &str =
    "id, title, original_title, overview, poster_url, trailer_url, backdrop_url,
    runtime_minutes, release_date, age_rating, original_language, spoken_languages,
    production_country, language_type, director, cast_json, created_at, updated_at";

/// A movie row without genres and releases (filled by [`movie_by_id`]).
fn movie_from_row(row: &Row<'_>) -> rusqlite::Result<Movie> {
    let json_err = |i: usize, e: serde_json::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    };
    let bad = |i: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            what.to_string().into(),
        )
    };
    let spoken: String = row.get("spoken_languages")?;
    let cast: String = row.get("cast_json")?;
    let rating: String = row.get("age_rating")?;
    let lang: String = row.get("language_type")?;
    Ok(Movie {
        id: row.get("id")?,
        title: row.get("title")?,
        original_title: row.get("original_title")?,
        overview: row.get("overview")?,
        poster_url: row.get("poster_url")?,
        trailer_url: row.get("trailer_url")?,
        backdrop_url: row.get("backdrop_url")?,
        runtime_minutes: row.get("runtime_minutes")?,
        release_date: row.get("release_date")?,
        age_rating: AgeRating::parse(&rating).ok_or_else(|| bad(9, "age_rating"))?,
        original_language: row.get("original_language")?,
        spoken_languages: serde_json::from_str(&spoken).map_err(|e| json_err(11, e))?,
        production_country: row.get("production_country")?,
        language_type: LanguageType::parse(&lang).ok_or_else(|| bad(13, "language_type"))?,
        director: row.get("director")?,
        cast: serde_json::from_str(&cast).map_err(|e| json_err(15, e))?,
        genres: Vec::new(),
        releases: Vec::new(),
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

/// Insert a validated movie with its genres (created when new), releases and search text.
pub fn insert_movie(
    conn: &Connection,
    id: &str,
    m: &NewMovie,
    now: &str,
) -> Result<(), CatalogError> {
    let spoken = serde_json::to_string(&m.spoken_languages).unwrap_or_else(|_| "[]".into());
    let cast = serde_json::to_string(&m.cast).unwrap_or_else(|_| "[]".into());
    conn.prepare_cached(&format!(
        "INSERT INTO movies ({MOVIE_COLUMNS}) VALUES (:id, :title, :otitle, :overview, :poster,
         :trailer, :backdrop, :runtime, :release, :rating, :olang, :spoken, :country, :ltype,
         :director, :cast, :now, :now)"
    ))?
    .execute(named_params! {
        ":id": id, ":title": m.title, ":otitle": m.original_title, ":overview": m.overview,
        ":poster": m.poster_url, ":trailer": m.trailer_url, ":backdrop": m.backdrop_url,
        ":runtime": m.runtime_minutes, ":release": m.release_date, ":rating": m.age_rating.as_str(),
        ":olang": m.original_language, ":spoken": spoken, ":country": m.production_country,
        ":ltype": m.language_type.as_str(), ":director": m.director, ":cast": cast, ":now": now,
    })?;
    write_children(conn, id, m)
}

/// Genres, releases and the search row of a movie (after insert or replace).
pub fn write_children(conn: &Connection, id: &str, m: &NewMovie) -> Result<(), CatalogError> {
    for name in &m.genres {
        let genre_id = ensure_genre(conn, name.trim())?;
        conn.prepare_cached(
            "INSERT OR IGNORE INTO movie_genres (movie_id, genre_id) VALUES (:m, :g)",
        )?
        .execute(named_params! {":m": id, ":g": genre_id})?;
    }
    for r in &m.releases {
        conn.prepare_cached(
            "INSERT INTO movie_releases (id, movie_id, start_date, end_date, note)
             VALUES (:id, :m, :s, :e, :n)",
        )?
        .execute(named_params! {
            ":id": uuid::Uuid::now_v7().to_string(), ":m": id, ":s": r.start_date,
            ":e": r.end_date, ":n": r.note,
        })?;
    }
    let cast_names: Vec<&str> = m.cast.iter().map(|c| c.name.as_str()).collect();
    conn.prepare_cached(
        "INSERT INTO movies_fts (movie_id, title, original_title, overview, director, cast_names)
         VALUES (:id, :t, :ot, :o, :d, :c)",
    )?
    .execute(named_params! {
        ":id": id, ":t": fold(&m.title), ":ot": fold(m.original_title.as_deref().unwrap_or("")),
        ":o": fold(&m.overview), ":d": fold(&m.director), ":c": fold(&cast_names.join(" ")),
    })?;
    Ok(())
}

/// The id of a genre by name, creating it if needed.
pub fn ensure_genre(conn: &Connection, name: &str) -> Result<String, CatalogError> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM genres WHERE name = :n")?
        .query_row(named_params! {":n": name}, |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok(id);
    }
    let id = uuid::Uuid::now_v7().to_string();
    conn.prepare_cached("INSERT INTO genres (id, name) VALUES (:id, :n)")?
        .execute(named_params! {":id": id, ":n": name})?;
    Ok(id)
}

/// A movie with genres and releases.
pub fn movie_by_id(conn: &Connection, id: &str) -> Result<Option<Movie>, CatalogError> {
    let movie = conn
        .prepare_cached(&format!(
            "SELECT {MOVIE_COLUMNS} FROM movies WHERE id = :id"
        ))?
        .query_row(named_params! {":id": id}, movie_from_row)
        .optional()?;
    let Some(mut movie) = movie else {
        return Ok(None);
    };
    movie.genres = genres_of(conn, id)?;
    movie.releases = releases_of(conn, id)?;
    Ok(Some(movie))
}

/// Genres of a movie, by name.
pub fn genres_of(conn: &Connection, movie_id: &str) -> Result<Vec<Genre>, CatalogError> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.name FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id
          WHERE mg.movie_id = :m ORDER BY g.name",
    )?;
    let rows = stmt.query_map(named_params! {":m": movie_id}, |r| {
        Ok(Genre {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Releases of a movie, earliest first.
pub fn releases_of(conn: &Connection, movie_id: &str) -> Result<Vec<Release>, CatalogError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, start_date, end_date, note FROM movie_releases WHERE movie_id = :m ORDER BY start_date",
    )?;
    let rows = stmt.query_map(named_params! {":m": movie_id}, |r| {
        Ok(Release {
            id: r.get(0)?,
            start_date: r.get(1)?,
            end_date: r.get(2)?,
            note: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The few fields other domains need.
pub fn brief(conn: &Connection, id: &str) -> Result<Option<MovieBrief>, CatalogError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, title, runtime_minutes, age_rating, poster_url FROM movies WHERE id = :id",
        )?
        .query_row(named_params! {":id": id}, |r| {
            let rating: String = r.get(3)?;
            Ok(MovieBrief {
                id: r.get(0)?,
                title: r.get(1)?,
                runtime_minutes: r.get(2)?,
                age_rating: AgeRating::parse(&rating).unwrap_or(AgeRating::P),
                poster_url: r.get(4)?,
            })
        })
        .optional()?)
}
