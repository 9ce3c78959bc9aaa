//! The movie catalog (catalog.db): movies with every field of the seed's model, genres
//! (many-to-many), releases, full-text search.

pub mod chain;
pub mod cli;
pub mod demo;
pub mod query;
pub mod routes;
pub mod search;
pub mod service;
mod store;

pub use query::{ListParams, MovieQuery, MovieStatus, SortKey};
pub use service::Catalog;

use serde::{Deserialize, Serialize};

/// Vietnamese film classification.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, utoipa::ToSchema)]
pub enum AgeRating {
    /// General audiences.
    P,
    /// Under 13 with a parent or guardian.
    K,
    /// 13 and over.
    T13,
    /// 16 and over.
    T16,
    /// 18 and over.
    T18,
    /// Banned from distribution.
    C,
}

impl AgeRating {
    /// Code as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            AgeRating::P => "P",
            AgeRating::K => "K",
            AgeRating::T13 => "T13",
            AgeRating::T16 => "T16",
            AgeRating::T18 => "T18",
            AgeRating::C => "C",
        }
    }

    /// Parse a stored code.
    pub fn parse(s: &str) -> Option<AgeRating> {
        Some(match s {
            "P" => AgeRating::P,
            "K" => AgeRating::K,
            "T13" => AgeRating::T13,
            "T16" => AgeRating::T16,
            "T18" => AgeRating::T18,
            "C" => AgeRating::C,
            _ => return None,
        })
    }

    /// What the rating means, for badges.
    pub fn meaning(self) -> &'static str {
        match self {
            AgeRating::P => "All ages",
            AgeRating::K => "Under 13 with a parent or guardian",
            AgeRating::T13 => "13 and over",
            AgeRating::T16 => "16 and over",
            AgeRating::T18 => "18 and over",
            AgeRating::C => "Not permitted for release",
        }
    }
}

/// How the soundtrack is offered.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LanguageType {
    /// Original audio.
    #[default]
    Original,
    /// Original audio with subtitles.
    Subtitle,
    /// Dubbed.
    Dubbed,
}

impl LanguageType {
    /// Code as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            LanguageType::Original => "ORIGINAL",
            LanguageType::Subtitle => "SUBTITLE",
            LanguageType::Dubbed => "DUBBED",
        }
    }

    /// Parse a stored code.
    pub fn parse(s: &str) -> Option<LanguageType> {
        Some(match s {
            "ORIGINAL" => LanguageType::Original,
            "SUBTITLE" => LanguageType::Subtitle,
            "DUBBED" => LanguageType::Dubbed,
            _ => return None,
        })
    }
}

/// One cast member.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CastMember {
    /// Actor name.
    pub name: String,
    /// Character played.
    #[serde(default)]
    pub role: Option<String>,
    /// Photo URL.
    #[serde(default)]
    pub image: Option<String>,
}

/// A theatrical release window.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Release {
    /// Release id.
    #[serde(default)]
    pub id: String,
    /// First day (YYYY-MM-DD).
    pub start_date: chrono::NaiveDate,
    /// Last day, if known.
    #[serde(default)]
    pub end_date: Option<chrono::NaiveDate>,
    /// E.g. "Limited release".
    #[serde(default)]
    pub note: Option<String>,
}

/// A genre.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Genre {
    /// Genre id.
    pub id: String,
    /// Display name, unique.
    pub name: String,
}

/// A movie as the API shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Movie {
    pub id: String,
    pub title: String,
    pub original_title: Option<String>,
    pub overview: String,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
    pub backdrop_url: Option<String>,
    pub runtime_minutes: u32,
    pub release_date: chrono::NaiveDate,
    pub age_rating: AgeRating,
    pub original_language: String,
    pub spoken_languages: Vec<String>,
    pub production_country: String,
    pub language_type: LanguageType,
    pub director: String,
    pub cast: Vec<CastMember>,
    pub genres: Vec<Genre>,
    pub releases: Vec<Release>,
    pub created_at: String,
    pub updated_at: String,
}

/// The create/replace shape of the API and of `movie import`.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMovie {
    pub title: String,
    #[serde(default)]
    pub original_title: Option<String>,
    #[serde(default)]
    pub overview: String,
    #[serde(default)]
    pub poster_url: Option<String>,
    #[serde(default)]
    pub trailer_url: Option<String>,
    #[serde(default)]
    pub backdrop_url: Option<String>,
    pub runtime_minutes: u32,
    pub release_date: chrono::NaiveDate,
    pub age_rating: AgeRating,
    #[serde(default)]
    pub original_language: String,
    #[serde(default)]
    pub spoken_languages: Vec<String>,
    #[serde(default)]
    pub production_country: String,
    #[serde(default)]
    pub language_type: LanguageType,
    #[serde(default)]
    pub director: String,
    #[serde(default)]
    pub cast: Vec<CastMember>,
    /// Genre names; unknown names are created.
    #[serde(default)]
    pub genres: Vec<String>,
    #[serde(default)]
    pub releases: Vec<Release>,
}

/// What other domains need to know about a movie (e.g. scheduling needs the runtime).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MovieBrief {
    pub id: String,
    pub title: String,
    pub runtime_minutes: u32,
    pub age_rating: AgeRating,
    pub poster_url: Option<String>,
}

/// What can go wrong in the catalog.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// A field failed validation.
    #[error("{field}: {problem}")]
    Invalid {
        /// Field at fault (e.g. `runtime_minutes`, `releases[1].end_date`).
        field: String,
        /// What is allowed.
        problem: String,
    },
    /// No such movie.
    #[error("movie {0} not found")]
    MovieNotFound(String),
    /// A genre name already exists.
    #[error("name: genre `{0}` already exists")]
    GenreExists(String),
    /// This site takes its catalog from head office.
    #[error("the catalog is managed by head office: add and edit films at {0}")]
    ChainManaged(String),
    /// Storage failure.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<rusqlite::Error> for CatalogError {
    fn from(e: rusqlite::Error) -> Self {
        CatalogError::Db(e.into())
    }
}

impl CatalogError {
    /// A validation error.
    pub fn invalid(field: impl Into<String>, problem: impl Into<String>) -> Self {
        CatalogError::Invalid {
            field: field.into(),
            problem: problem.into(),
        }
    }
}
