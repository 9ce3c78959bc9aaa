//! `/`: now showing and coming soon as poster cards, search and genre filter.

use super::{render, tr, tr_with, Layout, PageError, Viewer};
use crate::catalog::{AgeRating, ListParams, Movie, MovieQuery};
use crate::i18n::Arg;
use crate::web::Pages;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

/// Most cards per section.
const SECTION_LIMIT: u32 = 48;

/// `?q=…&genre=…` of the home page.
#[derive(Debug, Default, Deserialize)]
pub struct HomeParams {
    /// Full-text search.
    #[serde(default)]
    pub q: String,
    /// Genre name.
    #[serde(default)]
    pub genre: String,
}

/// One poster card.
pub struct Card {
    /// Movie id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Poster image, if any.
    pub poster_url: Option<String>,
    /// Up to two letters for the placeholder poster.
    pub initials: String,
    /// Hue (0–359) of the placeholder poster, stable per title.
    pub hue: u32,
    /// Age rating code.
    pub rating: &'static str,
    /// Its meaning, in the page's language.
    pub rating_meaning: String,
    /// "120 min · Drama, Comedy".
    pub meta: String,
    /// "From 28/11/2026" for coming soon.
    pub release: String,
}

impl Card {
    fn from_movie(m: &Movie) -> Card {
        let genres: Vec<&str> = m.genres.iter().map(|g| g.name.as_str()).collect();
        let mut meta = tr_with("minutes", &[("n", Arg::from(m.runtime_minutes))]);
        if !genres.is_empty() {
            meta.push_str(" · ");
            meta.push_str(&genres.join(", "));
        }
        Card {
            id: m.id.clone(),
            title: m.title.clone(),
            poster_url: m.poster_url.clone().filter(|u| !u.trim().is_empty()),
            initials: initials(&m.title),
            hue: hue(&m.title),
            rating: m.age_rating.as_str(),
            rating_meaning: rating_meaning(m.age_rating),
            meta,
            release: tr_with(
                "home-from-date",
                &[("date", Arg::from(crate::i18n::short_date(m.release_date)))],
            ),
        }
    }
}

/// What an age rating means, as Vietnam's classification words it, in the page's language.
pub(super) fn rating_meaning(rating: AgeRating) -> String {
    tr(&format!("rating-{}", rating.as_str()))
}

/// A stable hue for a title, so placeholder posters differ from each other.
pub(super) fn hue(title: &str) -> u32 {
    title
        .chars()
        .fold(7u32, |h, c| h.wrapping_mul(31).wrapping_add(c as u32))
        % 360
}

/// First letters of the first two words ("Lật Mặt 7" → "LM").
pub(super) fn initials(title: &str) -> String {
    title
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    q: String,
    genre: String,
    genres: Vec<String>,
    searching: bool,
    results: Vec<Card>,
    now_showing: Vec<Card>,
    coming_soon: Vec<Card>,
}

async fn section(s: &Pages, p: &HomeParams, status: Option<&str>) -> Result<Vec<Card>, PageError> {
    let params = ListParams {
        q: Some(p.q.clone()),
        genre: Some(p.genre.clone()),
        status: status.map(str::to_string),
        sort: (p.q.trim().is_empty()).then(|| "title".to_string()),
        limit: Some(SECTION_LIMIT.to_string()),
        ..ListParams::default()
    };
    let query = MovieQuery::parse(
        &params,
        s.settings.catalog.max_page_limit.max(SECTION_LIMIT),
    )
    .map_err(|e| {
        tracing::debug!(error = %e, "home page query refused");
        PageError::new(axum::http::StatusCode::BAD_REQUEST, tr("err-bad-request"))
    })?;
    let page = s.catalog.list(query).await?;
    Ok(page.items.iter().map(Card::from_movie).collect())
}

/// `GET /`.
pub async fn page(
    State(s): State<Pages>,
    viewer: Viewer,
    Query(p): Query<HomeParams>,
) -> Result<Response, PageError> {
    let genres = s
        .catalog
        .genres(1, 100)
        .await?
        .items
        .into_iter()
        .map(|g| g.name)
        .collect();
    let searching = !p.q.trim().is_empty();
    let (results, now_showing, coming_soon) = if searching {
        (section(&s, &p, None).await?, vec![], vec![])
    } else {
        (
            vec![],
            section(&s, &p, Some("now_showing")).await?,
            section(&s, &p, Some("coming_soon")).await?,
        )
    };
    render(&HomePage {
        layout: Layout::new("home-title", &viewer),
        q: p.q.trim().to_string(),
        genre: p.genre.trim().to_string(),
        genres,
        searching,
        results,
        now_showing,
        coming_soon,
    })
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_take_two_words_with_diacritics() {
        assert_eq!(initials("Lật Mặt 7: Một Điều Ước"), "LM");
        assert_eq!(initials("Mai"), "M");
        assert_eq!(initials("Đào, Phở và Piano"), "ĐP");
    }
}
