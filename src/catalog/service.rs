//! Rules of the catalog: validation, writes, cached reads.
//!
//! Reads are cached in moka (single movies by id, list pages by normalized query). Every
//! write bumps a generation number that is part of every cache key, then clears the caches:
//! a read that raced the write can only store its stale answer under the old generation,
//! which nobody looks up again.

use super::query::MovieQuery;
use super::{store, CatalogError, Genre, Movie, MovieBrief, NewMovie};
use crate::clock::Clock;
use crate::db::Db;
use crate::http::Page;
use moka::sync::Cache;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The catalog service.
#[derive(Clone)]
pub struct Catalog {
    db: Db,
    clock: Clock,
    tz: chrono_tz::Tz,
    generation: Arc<AtomicU64>,
    movies: Cache<(u64, String), Option<Movie>>,
    lists: Cache<(u64, String), Page<Movie>>,
    briefs: Cache<(u64, String), Option<MovieBrief>>,
    /// Head office's URL when this site takes its catalog from it: local edits are refused.
    chain: Option<Arc<str>>,
}

impl Catalog {
    /// Build the service over catalog.db; "today" is the clock's date in `cinema.timezone`.
    pub fn new(db: Db, settings: &crate::config::Settings, clock: Clock) -> Catalog {
        let ttl = Duration::from_secs(settings.catalog.cache_ttl_secs.max(1));
        Catalog {
            db,
            clock,
            tz: settings.timezone(),
            generation: Arc::new(AtomicU64::new(0)),
            movies: Cache::builder()
                .max_capacity(10_000)
                .time_to_live(ttl)
                .build(),
            lists: Cache::builder()
                .max_capacity(2_000)
                .time_to_live(ttl)
                .build(),
            briefs: Cache::builder()
                .max_capacity(10_000)
                .time_to_live(ttl)
                .build(),
            chain: None,
        }
    }

    /// The same catalog, its films and genres managed by head office at `central_url`.
    pub fn managed_by(mut self, central_url: &str) -> Catalog {
        self.chain = Some(central_url.into());
        self
    }

    /// The same catalog without the guard: for the pull that applies head office's copy and
    /// the demo loader.
    pub fn unmanaged(&self) -> Catalog {
        Catalog {
            chain: None,
            ..self.clone()
        }
    }

    pub(super) fn db(&self) -> &Db {
        &self.db
    }

    /// Refuse a local edit of chain data.
    fn guard(&self) -> Result<(), CatalogError> {
        match &self.chain {
            Some(url) => Err(CatalogError::ChainManaged(url.to_string())),
            None => Ok(()),
        }
    }

    /// The cinema's business date now.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.now().with_timezone(&self.tz).date_naive()
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Drop every cached read (after any write).
    pub(super) fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.movies.invalidate_all();
        self.lists.invalidate_all();
        self.briefs.invalidate_all();
    }

    /// Validate and store a new movie.
    pub async fn create(&self, movie: NewMovie) -> Result<Movie, CatalogError> {
        self.guard()?;
        let movie = validate(movie)?;
        let id = uuid::Uuid::now_v7().to_string();
        let now = self.clock.now().to_rfc3339();
        let created = self
            .db
            .write(move |tx| {
                store::insert_movie(tx, &id, &movie, &now)?;
                store::movie_by_id(tx, &id)?.ok_or(CatalogError::MovieNotFound(id))
            })
            .await;
        self.invalidate();
        created
    }

    /// Validate and store many movies in one transaction: all or none. A validation error
    /// names the entry, e.g. `movies[3].runtime_minutes: must be between 1 and 600`.
    pub async fn import(&self, movies: Vec<NewMovie>) -> Result<usize, CatalogError> {
        self.guard()?;
        let mut valid = Vec::with_capacity(movies.len());
        for (i, m) in movies.into_iter().enumerate() {
            valid.push(validate(m).map_err(|e| match e {
                CatalogError::Invalid { field, problem } => {
                    CatalogError::invalid(format!("movies[{i}].{field}"), problem)
                }
                other => other,
            })?);
        }
        let now = self.clock.now().to_rfc3339();
        let n = valid.len();
        let res = self
            .db
            .write(move |tx| {
                for m in &valid {
                    store::insert_movie(tx, &uuid::Uuid::now_v7().to_string(), m, &now)?;
                }
                Ok::<_, CatalogError>(n)
            })
            .await;
        self.invalidate();
        res
    }

    /// Replace every field, genre and release of a movie.
    pub async fn replace(&self, id: &str, movie: NewMovie) -> Result<Movie, CatalogError> {
        self.guard()?;
        let movie = validate(movie)?;
        let key = id.to_string();
        let now = self.clock.now().to_rfc3339();
        let res = self
            .db
            .write(move |tx| {
                if !store::replace_movie(tx, &key, &movie, &now)? {
                    return Err(CatalogError::MovieNotFound(key));
                }
                store::movie_by_id(tx, &key)?.ok_or(CatalogError::MovieNotFound(key))
            })
            .await;
        self.invalidate();
        res
    }

    /// Delete a movie with its releases, genre links and search entry.
    pub async fn delete(&self, id: &str) -> Result<(), CatalogError> {
        self.guard()?;
        let key = id.to_string();
        let res = self
            .db
            .write(move |tx| match store::delete_movie(tx, &key)? {
                true => Ok(()),
                false => Err(CatalogError::MovieNotFound(key)),
            })
            .await;
        self.invalidate();
        res
    }

    /// One movie with genres and releases (cached).
    pub async fn get(&self, id: &str) -> Result<Movie, CatalogError> {
        let key = (self.generation(), id.to_string());
        if let Some(hit) = self.movies.get(&key) {
            return hit.ok_or_else(|| CatalogError::MovieNotFound(id.to_string()));
        }
        let owned = id.to_string();
        let found = self.db.call(move |c| store::movie_by_id(c, &owned)).await?;
        self.movies.insert(key, found.clone());
        found.ok_or_else(|| CatalogError::MovieNotFound(id.to_string()))
    }

    /// One page of movies matching a validated query (cached per query and day).
    pub async fn list(&self, query: MovieQuery) -> Result<Page<Movie>, CatalogError> {
        let today = self.today();
        let key = (self.generation(), query.cache_key(today));
        if let Some(hit) = self.lists.get(&key) {
            return Ok(hit);
        }
        let (page, limit) = (query.page, query.limit);
        let (items, total) = self
            .db
            .call(move |c| store::list_movies(c, &query, today))
            .await?;
        let out = Page {
            items,
            total,
            page,
            limit,
        };
        self.lists.insert(key, out.clone());
        Ok(out)
    }

    /// Title, runtime and rating of a movie, for other domains (scheduling, every booking).
    /// Cached like [`Catalog::get`]: a booking no longer waits on catalog.db for its title.
    pub async fn brief(&self, id: &str) -> Result<Option<MovieBrief>, CatalogError> {
        let key = (self.generation(), id.to_string());
        if let Some(hit) = self.briefs.get(&key) {
            return Ok(hit);
        }
        let movie = key.1.clone();
        let found = self.db.call(move |c| store::brief(c, &movie)).await?;
        self.briefs.insert(key, found.clone());
        Ok(found)
    }

    /// Every movie with a release window containing today, by title (for scheduling and
    /// the home page).
    pub async fn now_showing(&self) -> Result<Vec<MovieBrief>, CatalogError> {
        let today = self.today();
        self.db.call(move |c| store::now_showing(c, today)).await
    }

    /// One page of genres by name.
    pub async fn genres(&self, page: u32, limit: u32) -> Result<Page<Genre>, CatalogError> {
        let (items, total) = self
            .db
            .call(move |c| store::list_genres(c, page, limit))
            .await?;
        Ok(Page {
            items,
            total,
            page,
            limit,
        })
    }

    /// Create a genre; names are unique regardless of case.
    pub async fn create_genre(&self, name: &str) -> Result<Genre, CatalogError> {
        self.guard()?;
        let name = name.trim().to_string();
        if name.is_empty() || name.chars().count() > 50 {
            return Err(CatalogError::invalid("name", "must be 1 to 50 characters"));
        }
        let id = uuid::Uuid::now_v7().to_string();
        let res = self
            .db
            .write(move |tx| store::insert_genre(tx, &id, &name))
            .await;
        self.invalidate();
        res
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
    for (field, text, max) in [
        ("overview", &m.overview, 5_000),
        ("director", &m.director, 200),
        ("original_language", &m.original_language, 20),
        ("production_country", &m.production_country, 100),
    ] {
        if text.chars().count() > max {
            return Err(CatalogError::invalid(
                field,
                format!("must be at most {max} characters"),
            ));
        }
    }
    for (field, len, max) in [
        ("cast", m.cast.len(), 100),
        ("genres", m.genres.len(), 20),
        ("releases", m.releases.len(), 50),
        ("spoken_languages", m.spoken_languages.len(), 20),
    ] {
        if len > max {
            return Err(CatalogError::invalid(
                field,
                format!("must have at most {max} entries"),
            ));
        }
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
