//! The chain's catalog between head office and a site: central hands out the films changed
//! since a cursor; a site applies head office's copy as it is (same ids), in one transaction.

use super::{store, CatalogError, NewMovie};
use crate::catalog::Catalog;
use serde::{Deserialize, Serialize};

/// One film as head office holds it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChainMovie {
    /// Its id on every site.
    pub id: String,
    /// Head office's last change, RFC 3339 (the pull's cursor).
    pub updated_at: String,
    /// Every field.
    pub movie: NewMovie,
}

impl Catalog {
    /// Films changed at or after `since` (all of them when empty), oldest change first.
    pub async fn changed_since(&self, since: &str) -> Result<Vec<ChainMovie>, CatalogError> {
        let since = since.to_string();
        self.db()
            .call(move |c| {
                let mut out = Vec::new();
                for id in store::ids_changed_since(c, &since)? {
                    if let Some(m) = store::movie_by_id(c, &id)? {
                        out.push(ChainMovie {
                            id: m.id.clone(),
                            updated_at: m.updated_at.clone(),
                            movie: NewMovie {
                                title: m.title,
                                original_title: m.original_title,
                                overview: m.overview,
                                poster_url: m.poster_url,
                                trailer_url: m.trailer_url,
                                backdrop_url: m.backdrop_url,
                                runtime_minutes: m.runtime_minutes,
                                release_date: m.release_date,
                                age_rating: m.age_rating,
                                original_language: m.original_language,
                                spoken_languages: m.spoken_languages,
                                production_country: m.production_country,
                                language_type: m.language_type,
                                director: m.director,
                                cast: m.cast,
                                genres: m.genres.into_iter().map(|g| g.name).collect(),
                                releases: m.releases,
                            },
                        });
                    }
                }
                Ok(out)
            })
            .await
    }

    /// Apply head office's copy of these films (inserted or replaced, keeping their ids and
    /// change times) in one transaction; a film already at that change is left alone, one
    /// this binary's rules refuse is skipped (and logged).
    /// Returns how many changed.
    pub async fn apply_chain(&self, movies: Vec<ChainMovie>) -> Result<usize, CatalogError> {
        let mut valid = Vec::with_capacity(movies.len());
        for m in movies {
            // One film this binary refuses must not stop the rest (nor every later pull).
            match super::service::validate(m.movie) {
                Ok(movie) => valid.push(ChainMovie { movie, ..m }),
                Err(e) => {
                    tracing::warn!(movie = %m.id, error = %e, "film from head office skipped")
                }
            }
        }
        let changed = self
            .db()
            .write(move |tx| {
                let mut n = 0;
                for m in &valid {
                    match store::updated_at_of(tx, &m.id)? {
                        Some(at) if at == m.updated_at => continue,
                        Some(_) => {
                            store::replace_movie(tx, &m.id, &m.movie, &m.updated_at)?;
                        }
                        None => store::insert_movie(tx, &m.id, &m.movie, &m.updated_at)?,
                    }
                    n += 1;
                }
                Ok::<_, CatalogError>(n)
            })
            .await?;
        if changed > 0 {
            self.invalidate();
        }
        Ok(changed)
    }
}
