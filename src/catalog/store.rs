//! SQL of the catalog (catalog.db). The only file here that speaks SQL.

use super::query::{MovieQuery, MovieStatus, SortKey};
use super::search::{fold, lower};
use super::{AgeRating, CatalogError, Genre, LanguageType, Movie, MovieBrief, NewMovie, Release};
use rusqlite::types::ToSql;
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
        "INSERT INTO movies ({MOVIE_COLUMNS}, sort_title) VALUES (:id, :title, :otitle, :overview,
         :poster, :trailer, :backdrop, :runtime, :release, :rating, :olang, :spoken, :country,
         :ltype, :director, :cast, :now, :now, :sort)"
    ))?
    .execute(named_params! {
        ":id": id, ":title": m.title, ":otitle": m.original_title, ":overview": m.overview,
        ":poster": m.poster_url, ":trailer": m.trailer_url, ":backdrop": m.backdrop_url,
        ":runtime": m.runtime_minutes, ":release": m.release_date, ":rating": m.age_rating.as_str(),
        ":olang": m.original_language, ":spoken": spoken, ":country": m.production_country,
        ":ltype": m.language_type.as_str(), ":director": m.director, ":cast": cast, ":now": now,
        ":sort": fold(&m.title),
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
        .prepare_cached("SELECT id FROM genres WHERE name_key = :k")?
        .query_row(named_params! {":k": lower(name)}, |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok(id);
    }
    let id = uuid::Uuid::now_v7().to_string();
    conn.prepare_cached("INSERT INTO genres (id, name, name_key) VALUES (:id, :n, :k)")?
        .execute(named_params! {":id": id, ":n": name, ":k": lower(name)})?;
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
        "SELECT g.id AS id, g.name AS name FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id
          WHERE mg.movie_id = :m ORDER BY g.name",
    )?;
    let rows = stmt.query_map(named_params! {":m": movie_id}, genre_from_row)?;
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

fn genre_from_row(r: &Row<'_>) -> rusqlite::Result<Genre> {
    Ok(Genre {
        id: r.get("id")?,
        name: r.get("name")?,
    })
}

fn brief_from_row(r: &Row<'_>) -> rusqlite::Result<MovieBrief> {
    let rating: String = r.get("age_rating")?;
    Ok(MovieBrief {
        id: r.get("id")?,
        title: r.get("title")?,
        runtime_minutes: r.get("runtime_minutes")?,
        age_rating: AgeRating::parse(&rating).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                "age_rating".to_string().into(),
            )
        })?,
        poster_url: r.get("poster_url")?,
    })
}

/// The few fields other domains need.
pub fn brief(conn: &Connection, id: &str) -> Result<Option<MovieBrief>, CatalogError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, title, runtime_minutes, age_rating, poster_url FROM movies WHERE id = :id",
        )?
        .query_row(named_params! {":id": id}, brief_from_row)
        .optional()?)
}

/// Replace every field, genre, release and the search row of a movie; false if it is gone.
pub fn replace_movie(
    conn: &Connection,
    id: &str,
    m: &NewMovie,
    now: &str,
) -> Result<bool, CatalogError> {
    let spoken = serde_json::to_string(&m.spoken_languages).unwrap_or_else(|_| "[]".into());
    let cast = serde_json::to_string(&m.cast).unwrap_or_else(|_| "[]".into());
    let changed = conn
        .prepare_cached(
            "UPDATE movies SET title = :title, original_title = :otitle, overview = :overview,
             poster_url = :poster, trailer_url = :trailer, backdrop_url = :backdrop,
             runtime_minutes = :runtime, release_date = :release, age_rating = :rating,
             original_language = :olang, spoken_languages = :spoken,
             production_country = :country, language_type = :ltype, director = :director,
             cast_json = :cast, updated_at = :now, sort_title = :sort
             WHERE id = :id",
        )?
        .execute(named_params! {
            ":id": id, ":title": m.title, ":otitle": m.original_title, ":overview": m.overview,
            ":poster": m.poster_url, ":trailer": m.trailer_url, ":backdrop": m.backdrop_url,
            ":runtime": m.runtime_minutes, ":release": m.release_date,
            ":rating": m.age_rating.as_str(), ":olang": m.original_language, ":spoken": spoken,
            ":country": m.production_country, ":ltype": m.language_type.as_str(),
            ":director": m.director, ":cast": cast, ":now": now, ":sort": fold(&m.title),
        })?;
    if changed == 0 {
        return Ok(false);
    }
    for sql in [
        "DELETE FROM movie_genres WHERE movie_id = :id",
        "DELETE FROM movie_releases WHERE movie_id = :id",
        "DELETE FROM movies_fts WHERE movie_id = :id",
    ] {
        conn.prepare_cached(sql)?
            .execute(named_params! {":id": id})?;
    }
    write_children(conn, id, m)?;
    Ok(true)
}

/// Delete a movie: its releases and genre links go with it (foreign-key cascade), its search
/// row explicitly (FTS tables have no foreign keys). False if there was no such movie.
pub fn delete_movie(conn: &Connection, id: &str) -> Result<bool, CatalogError> {
    conn.prepare_cached("DELETE FROM movies_fts WHERE movie_id = :id")?
        .execute(named_params! {":id": id})?;
    let n = conn
        .prepare_cached("DELETE FROM movies WHERE id = :id")?
        .execute(named_params! {":id": id})?;
    Ok(n > 0)
}

const NOW_SHOWING: &str = "EXISTS (SELECT 1 FROM movie_releases r WHERE r.movie_id = m.id
    AND r.start_date <= :today AND (r.end_date IS NULL OR r.end_date >= :today))";

/// One page of movies matching `q` (with genres and releases) and the total match count.
pub fn list_movies(
    conn: &Connection,
    q: &MovieQuery,
    today: chrono::NaiveDate,
) -> Result<(Vec<Movie>, i64), CatalogError> {
    let mut from = String::from("movies m");
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<(&str, &dyn ToSql)> = Vec::new();
    if let Some(fts) = &q.fts {
        from.push_str(
            " JOIN (SELECT movie_id, bm25(movies_fts, 0.0, 10.0, 8.0, 1.0, 4.0, 4.0) AS rank
               FROM movies_fts WHERE movies_fts MATCH :fts) h ON h.movie_id = m.id",
        );
        params.push((":fts", fts));
    }
    if let Some(genre) = &q.genre {
        conds.push(
            "EXISTS (SELECT 1 FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id
             WHERE mg.movie_id = m.id AND g.name_key = :genre)"
                .into(),
        );
        params.push((":genre", genre));
    }
    let rating = q.age_rating.map(AgeRating::as_str);
    if let Some(rating) = &rating {
        conds.push("m.age_rating = :rating".into());
        params.push((":rating", rating));
    }
    match q.status {
        Some(MovieStatus::NowShowing) => conds.push(NOW_SHOWING.into()),
        Some(MovieStatus::ComingSoon) => conds.push(format!(
            "NOT {NOW_SHOWING} AND (m.release_date > :today OR EXISTS (SELECT 1 FROM
             movie_releases r2 WHERE r2.movie_id = m.id AND r2.start_date > :today))"
        )),
        None => {}
    }
    if q.status.is_some() {
        params.push((":today", &today));
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM {from}{filter}"))?
        .query_row(params.as_slice(), |r| r.get(0))?;

    let column = match q.sort {
        SortKey::ReleaseDate => "m.release_date",
        SortKey::Title => "m.sort_title",
        SortKey::Runtime => "m.runtime_minutes",
        SortKey::Relevance => "h.rank",
    };
    let dir = if q.descending { "DESC" } else { "ASC" };
    let offset = i64::from(q.page.saturating_sub(1)) * i64::from(q.limit);
    let limit = i64::from(q.limit);
    params.push((":limit", &limit));
    params.push((":offset", &offset));
    let sql = format!(
        "SELECT {MOVIE_COLUMNS} FROM {from}{filter}
         ORDER BY {column} {dir}, m.sort_title ASC, m.id ASC LIMIT :limit OFFSET :offset"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut movies: Vec<Movie> = stmt
        .query_map(params.as_slice(), movie_from_row)?
        .collect::<Result<_, _>>()?;
    for m in &mut movies {
        m.genres = genres_of(conn, &m.id)?;
        m.releases = releases_of(conn, &m.id)?;
    }
    Ok((movies, total))
}

/// Brief facts of every movie showing today, by title.
pub fn now_showing(
    conn: &Connection,
    today: chrono::NaiveDate,
) -> Result<Vec<MovieBrief>, CatalogError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, title, runtime_minutes, age_rating, poster_url FROM movies m
          WHERE {NOW_SHOWING} ORDER BY sort_title, id"
    ))?;
    let rows = stmt.query_map(named_params! {":today": today}, brief_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One page of genres by name, and how many there are.
pub fn list_genres(
    conn: &Connection,
    page: u32,
    limit: u32,
) -> Result<(Vec<Genre>, i64), CatalogError> {
    let total: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM genres")?
        .query_row([], |r| r.get(0))?;
    let mut stmt = conn
        .prepare_cached("SELECT id, name FROM genres ORDER BY name LIMIT :limit OFFSET :offset")?;
    let offset = i64::from(page.saturating_sub(1)) * i64::from(limit);
    let rows = stmt.query_map(
        named_params! {":limit": limit, ":offset": offset},
        genre_from_row,
    )?;
    Ok((rows.collect::<Result<_, _>>()?, total))
}

/// Create a genre; a name already taken (case-insensitively) is [`CatalogError::GenreExists`].
pub fn insert_genre(conn: &Connection, id: &str, name: &str) -> Result<Genre, CatalogError> {
    let res = conn
        .prepare_cached("INSERT INTO genres (id, name, name_key) VALUES (:id, :name, :k)")?
        .execute(named_params! {":id": id, ":name": name, ":k": lower(name)});
    match res {
        Ok(_) => Ok(Genre {
            id: id.to_string(),
            name: name.to_string(),
        }),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            Err(CatalogError::GenreExists(name.to_string()))
        }
        Err(e) => Err(e.into()),
    }
}

/// Ids of the movies changed at or after `since` (every one when empty), oldest change first.
pub fn ids_changed_since(conn: &Connection, since: &str) -> Result<Vec<String>, CatalogError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM movies WHERE updated_at >= :since ORDER BY updated_at, id",
    )?;
    let rows = stmt.query_map(named_params! {":since": since}, |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A movie's last change, if it exists.
pub fn updated_at_of(conn: &Connection, id: &str) -> Result<Option<String>, CatalogError> {
    Ok(conn
        .prepare_cached("SELECT updated_at FROM movies WHERE id = :id")?
        .query_row(named_params! {":id": id}, |r| r.get(0))
        .optional()?)
}
