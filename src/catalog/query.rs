//! The movie list query: raw query-string parameters, their validation, and the normalized
//! form used both for SQL and as the cache key.

use super::search::{fts_query, lower};
use super::{AgeRating, CatalogError};
use serde::Deserialize;

/// `GET /api/v1/movies` parameters exactly as given. Every value is a string so that a bad
/// value is answered by [`MovieQuery::parse`] naming the parameter, not by a generic
/// deserializer message. Empty values count as absent (HTML forms send them).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Genre name (case-insensitive).
    pub genre: Option<String>,
    /// P, K, T13, T16, T18 or C.
    pub age_rating: Option<String>,
    /// `now_showing` or `coming_soon`.
    pub status: Option<String>,
    /// Full-text search over titles, overview, director and cast.
    pub q: Option<String>,
    /// `release_date`, `title` or `runtime`.
    pub sort: Option<String>,
    /// `asc` or `desc`.
    pub order: Option<String>,
    /// 1-based page number.
    pub page: Option<String>,
    /// Page size, 1 to `catalog.max_page_limit`.
    pub limit: Option<String>,
}

/// Where a movie is in its theatrical life, relative to the cinema's today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MovieStatus {
    /// A release window contains today (an open end counts as still running).
    NowShowing,
    /// Not showing today, and its release date or some release window starts after today.
    ComingSoon,
}

/// Sort keys of the movie list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// Release date.
    ReleaseDate,
    /// Title, diacritics-folded so "Đào…" sorts among the D's.
    Title,
    /// Runtime in minutes.
    Runtime,
    /// Full-text relevance (bm25); only with a search and no explicit `sort`.
    Relevance,
}

/// A validated, normalized movie list query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MovieQuery {
    /// Genre name key ([`lower`]: matched regardless of case).
    pub genre: Option<String>,
    /// Exact rating.
    pub age_rating: Option<AgeRating>,
    /// Theatrical status.
    pub status: Option<MovieStatus>,
    /// FTS5 match expression built by [`fts_query`].
    pub fts: Option<String>,
    /// Sort key.
    pub sort: SortKey,
    /// Descending?
    pub descending: bool,
    /// 1-based page.
    pub page: u32,
    /// Page size.
    pub limit: u32,
}

impl Default for MovieQuery {
    fn default() -> Self {
        MovieQuery {
            genre: None,
            age_rating: None,
            status: None,
            fts: None,
            sort: SortKey::ReleaseDate,
            descending: true,
            page: 1,
            limit: 20,
        }
    }
}

/// Treat `Some("")` / whitespace as absent.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn number(name: &str, v: &Option<String>, default: u32, max: u32) -> Result<u32, CatalogError> {
    let Some(s) = given(v) else {
        return Ok(default.min(max));
    };
    match s.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(CatalogError::invalid(
            name,
            format!("must be a whole number between 1 and {max}"),
        )),
    }
}

/// `page`/`limit` parameters as given (for lists other than movies).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageParams {
    /// 1-based page number.
    pub page: Option<String>,
    /// Page size, 1 to `catalog.max_page_limit`.
    pub limit: Option<String>,
}

impl PageParams {
    /// Validate to (page, limit); defaults 1 and 20.
    pub fn resolve(&self, max_limit: u32) -> Result<(u32, u32), CatalogError> {
        Ok((
            number("page", &self.page, 1, 1_000_000)?,
            number("limit", &self.limit, 20, max_limit)?,
        ))
    }
}

impl MovieQuery {
    /// Validate raw parameters. Defaults: page 1, limit 20, newest release first; with `q`
    /// and no `sort`, best match first. `order` defaults to `desc` for release_date and
    /// `asc` for title and runtime.
    pub fn parse(p: &ListParams, max_limit: u32) -> Result<MovieQuery, CatalogError> {
        let age_rating = match given(&p.age_rating) {
            None => None,
            Some(s) => Some(AgeRating::parse(&s.to_ascii_uppercase()).ok_or_else(|| {
                CatalogError::invalid("age_rating", "must be one of P, K, T13, T16, T18, C")
            })?),
        };
        let status = match given(&p.status) {
            None => None,
            Some("now_showing") => Some(MovieStatus::NowShowing),
            Some("coming_soon") => Some(MovieStatus::ComingSoon),
            Some(_) => {
                return Err(CatalogError::invalid(
                    "status",
                    "must be now_showing or coming_soon",
                ))
            }
        };
        let fts = match given(&p.q) {
            None => None,
            Some(q) if q.chars().count() > 200 => {
                return Err(CatalogError::invalid("q", "must be at most 200 characters"))
            }
            // Nothing searchable (only punctuation) matches nothing rather than everything.
            Some(q) => Some(fts_query(q).unwrap_or_else(|| "\"\"".into())),
        };
        let sort = match given(&p.sort) {
            None if fts.is_some() => SortKey::Relevance,
            None | Some("release_date") => SortKey::ReleaseDate,
            Some("title") => SortKey::Title,
            Some("runtime") => SortKey::Runtime,
            Some(_) => {
                return Err(CatalogError::invalid(
                    "sort",
                    "must be release_date, title or runtime",
                ))
            }
        };
        let descending = match given(&p.order) {
            None => sort == SortKey::ReleaseDate,
            Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(CatalogError::invalid("order", "must be asc or desc")),
        };
        let genre = match given(&p.genre) {
            Some(g) if g.chars().count() > 50 => {
                return Err(CatalogError::invalid(
                    "genre",
                    "must be at most 50 characters",
                ))
            }
            g => g.map(lower),
        };
        let (page, limit) = PageParams {
            page: p.page.clone(),
            limit: p.limit.clone(),
        }
        .resolve(max_limit)?;
        Ok(MovieQuery {
            genre,
            age_rating,
            status,
            fts,
            sort,
            descending,
            page,
            limit,
        })
    }

    /// A key equal for queries that must return the same page on the same day.
    pub fn cache_key(&self, today: chrono::NaiveDate) -> String {
        format!(
            "{today}|{}|{}|{:?}|{}|{:?}|{}|{}|{}",
            self.genre.as_deref().unwrap_or_default(),
            self.age_rating.map(AgeRating::as_str).unwrap_or_default(),
            self.status,
            self.fts.as_deref().unwrap_or_default(),
            self.sort,
            self.descending,
            self.page,
            self.limit
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> ListParams {
        let map: serde_json::Map<String, serde_json::Value> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
            .collect();
        serde_json::from_value(serde_json::Value::Object(map)).expect("params")
    }

    #[test]
    fn defaults_are_newest_first_and_relevance_with_a_search() {
        let q = MovieQuery::parse(&ListParams::default(), 100).expect("ok");
        assert_eq!(q, MovieQuery::default());
        let q = MovieQuery::parse(&params(&[("q", "lật mặt")]), 100).expect("ok");
        assert_eq!(q.sort, SortKey::Relevance);
        assert_eq!(q.fts.as_deref(), Some("\"lat\"* \"mat\"*"));
        let q = MovieQuery::parse(&params(&[("q", "mai"), ("sort", "title")]), 100).expect("ok");
        assert_eq!((q.sort, q.descending), (SortKey::Title, false));
    }

    #[test]
    fn bad_values_name_the_parameter() {
        for (k, v) in [
            ("status", "showing"),
            ("age_rating", "R"),
            ("sort", "rating"),
            ("order", "up"),
            ("page", "0"),
            ("page", "x"),
            ("limit", "101"),
            ("limit", "-1"),
        ] {
            let err = MovieQuery::parse(&params(&[(k, v)]), 100).expect_err(k);
            assert!(err.to_string().starts_with(&format!("{k}:")), "{err}");
        }
    }

    #[test]
    fn empty_values_are_absent_and_ratings_are_case_insensitive() {
        let q =
            MovieQuery::parse(&params(&[("genre", ""), ("age_rating", "t16")]), 100).expect("ok");
        assert_eq!(q.genre, None);
        assert_eq!(q.age_rating, Some(AgeRating::T16));
    }

    #[test]
    fn cache_key_differs_by_day_and_by_filter() {
        let d1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let d2 = d1.succ_opt().expect("date");
        let a = MovieQuery::default();
        let b = MovieQuery {
            status: Some(MovieStatus::NowShowing),
            ..MovieQuery::default()
        };
        assert_ne!(a.cache_key(d1), a.cache_key(d2));
        assert_ne!(a.cache_key(d1), b.cache_key(d1));
        assert_eq!(a.cache_key(d1), a.clone().cache_key(d1));
    }
}
