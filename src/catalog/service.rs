//! Rules of the catalog: validation, writes, cached reads.

use super::{store, CatalogError, Movie, MovieBrief, NewMovie};
use crate::clock::Clock;
use crate::db::Db;
use moka::sync::Cache;
use std::time::Duration;

/// The catalog service.
#[derive(Clone)]
pub struct Catalog {
    db: Db,
    clock: Clock,
    movies: Cache<String, Option<Movie>>,
}

impl Catalog {
    /// Build the service over catalog.db.
    pub fn new(db: Db, settings: &crate::config::Catalog, clock: Clock) -> Catalog {
        Catalog {
            db,
            clock,
            movies: Cache::builder()
                .max_capacity(10_000)
                .time_to_live(Duration::from_secs(settings.cache_ttl_secs.max(1)))
                .build(),
        }
    }

    /// Drop every cached read (after any write).
    fn invalidate(&self) {
        self.movies.invalidate_all();
    }

    /// Validate and store a new movie.
    pub async fn create(&self, movie: NewMovie) -> Result<Movie, CatalogError> {
        let movie = validate(movie)?;
        let id = uuid::Uuid::now_v7().to_string();
        let now = self.clock.now().to_rfc3339();
        let created = self
            .db
            .write(move |tx| {
                store::insert_movie(tx, &id, &movie, &now)?;
                store::movie_by_id(tx, &id)?.ok_or(CatalogError::MovieNotFound(id))
            })
            .await?;
        self.invalidate();
        Ok(created)
    }

    /// One movie with genres and releases (cached).
    pub async fn get(&self, id: &str) -> Result<Movie, CatalogError> {
        if let Some(hit) = self.movies.get(id) {
            return hit.ok_or_else(|| CatalogError::MovieNotFound(id.to_string()));
        }
        let key = id.to_string();
        let found = self.db.call(move |c| store::movie_by_id(c, &key)).await?;
        self.movies.insert(id.to_string(), found.clone());
        found.ok_or_else(|| CatalogError::MovieNotFound(id.to_string()))
    }

    /// Title, runtime and rating of a movie, for other domains (scheduling, tickets).
    pub async fn brief(&self, id: &str) -> Result<Option<MovieBrief>, CatalogError> {
        let key = id.to_string();
        self.db.call(move |c| store::brief(c, &key)).await
    }
}

/// Check every field of a create/replace body; the error names the field.
pub fn validate(mut m: NewMovie) -> Result<NewMovie, CatalogError> {
    m.title = m.title.trim().to_string();
    if m.title.is_empty() || m.title.chars().count() > 300 {
        return Err(CatalogError::invalid(
            "title",
            "must be 1 to 300 characters",
        ));
    }
    if !(1..=600).contains(&m.runtime_minutes) {
        return Err(CatalogError::invalid(
            "runtime_minutes",
            "must be between 1 and 600",
        ));
    }
    for (field, url) in [
        ("poster_url", &m.poster_url),
        ("trailer_url", &m.trailer_url),
        ("backdrop_url", &m.backdrop_url),
    ] {
        if let Some(u) = url {
            if !(u.starts_with("https://") || u.starts_with("http://") || u.starts_with('/'))
                || u.len() > 2000
            {
                return Err(CatalogError::invalid(
                    field,
                    "must be an http(s) URL or a path",
                ));
            }
        }
    }
    for (i, c) in m.cast.iter().enumerate() {
        if c.name.trim().is_empty() {
            return Err(CatalogError::invalid(
                format!("cast[{i}].name"),
                "must not be empty",
            ));
        }
    }
    for (i, g) in m.genres.iter().enumerate() {
        if g.trim().is_empty() || g.chars().count() > 50 {
            return Err(CatalogError::invalid(
                format!("genres[{i}]"),
                "must be 1 to 50 characters",
            ));
        }
    }
    for (i, r) in m.releases.iter().enumerate() {
        if r.end_date.is_some_and(|e| e < r.start_date) {
            return Err(CatalogError::invalid(
                format!("releases[{i}].end_date"),
                "must not be before start_date",
            ));
        }
    }
    Ok(m)
}
