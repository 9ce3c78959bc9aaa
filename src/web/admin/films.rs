//! Films (`movie:manage`): the list with a search, a form with every field a film has (the
//! poster previewed), importing a JSON file of films with each row's errors shown (all or
//! none are imported), and the genres. On a site that syncs, head office owns the catalog and
//! each save says so.

use super::{refusal, Admin};
use crate::catalog::{
    AgeRating, CastMember, CatalogError, LanguageType, Movie, MovieQuery, NewMovie, Release,
    SortKey,
};
use crate::users::perm;
use crate::web::kiosk::Stop;
use crate::web::{render, tr, tr_with, Layout, Pages};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Films shown per page of the list.
const PER_PAGE: u32 = 50;
/// Most films one import takes.
const MAX_IMPORT: usize = 500;

/// A film in the list.
pub struct FilmLine {
    pub id: String,
    pub title: String,
    pub release: String,
    pub runtime: u32,
    pub rating: &'static str,
    pub genres: String,
}

/// One refused row of an import.
pub struct RowError {
    /// 1-based, as a person counts.
    pub row: usize,
    pub title: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "admin_films.html")]
struct FilmsPage {
    layout: Layout,
    q: String,
    prev: Option<String>,
    next: Option<String>,
    films: Vec<FilmLine>,
    total: i64,
    genres: Vec<String>,
    notice: Option<String>,
    error: Option<String>,
    import_text: String,
    import_errors: Vec<RowError>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FilmsQuery {
    q: String,
    page: Option<String>,
    imported: Option<String>,
    saved: Option<String>,
}

async fn list_page(
    s: &Pages,
    a: &Admin<perm::MovieManage>,
    q: &str,
    page_no: u32,
) -> Result<FilmsPage, Stop> {
    let page_no = page_no.clamp(1, 10_000);
    let query = MovieQuery {
        fts: crate::catalog::search::fts_query(q),
        sort: SortKey::Title,
        descending: false,
        page: page_no,
        limit: PER_PAGE,
        ..MovieQuery::default()
    };
    let page = s.catalog.list(query).await?;
    let genres = s.catalog.genres(1, 200).await?;
    let more = i64::from(page_no) * i64::from(PER_PAGE) < page.total;
    let link = |n: u32| format!("/admin/films?q={}&page={n}", crate::web::urlencoding(q));
    Ok(FilmsPage {
        layout: a.layout("adm-films-title"),
        q: q.to_string(),
        prev: (page_no > 1).then(|| link(page_no - 1)),
        next: more.then(|| link(page_no + 1)),
        total: page.total,
        films: page.items.iter().map(line).collect(),
        genres: genres.items.into_iter().map(|g| g.name).collect(),
        notice: None,
        error: None,
        import_text: String::new(),
        import_errors: Vec::new(),
    })
}

fn line(m: &Movie) -> FilmLine {
    FilmLine {
        id: m.id.clone(),
        title: m.title.clone(),
        release: m.release_date.format("%d/%m/%Y").to_string(),
        runtime: m.runtime_minutes,
        rating: m.age_rating.as_str(),
        genres: m
            .genres
            .iter()
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// `GET /admin/films?q=`: the films, the import form and the genres.
pub async fn list(
    State(s): State<Pages>,
    a: Admin<perm::MovieManage>,
    Query(q): Query<FilmsQuery>,
) -> Result<Response, Stop> {
    let no = q.page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(1);
    let mut page = list_page(&s, &a, q.q.trim(), no).await?;
    let imported = q.imported.as_deref().and_then(|n| n.parse::<i64>().ok());
    page.notice = match (imported, q.saved) {
        (Some(n), _) => Some(tr_with("adm-films-imported", &[("n", n.into())])),
        (_, Some(_)) => Some(tr("adm-film-saved")),
        _ => None,
    };
    Ok(render(&page)?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ImportForm {
    json: String,
}

/// Every row of an import checked; the films when all pass, else each row's problem.
fn check_rows(text: &str) -> Result<Vec<NewMovie>, (Option<String>, Vec<RowError>)> {
    let rows: Vec<serde_json::Value> = match serde_json::from_str(text.trim()) {
        Ok(serde_json::Value::Array(rows)) => rows,
        Ok(_) => return Err((Some(tr("adm-import-not-list")), Vec::new())),
        Err(e) => {
            return Err((
                Some(tr_with(
                    "adm-import-not-json",
                    &[("detail", e.to_string().into())],
                )),
                Vec::new(),
            ))
        }
    };
    if rows.is_empty() || rows.len() > MAX_IMPORT {
        return Err((
            Some(tr_with(
                "adm-import-count",
                &[("max", (MAX_IMPORT as i64).into())],
            )),
            Vec::new(),
        ));
    }
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        let title = row["title"].as_str().unwrap_or_default().to_string();
        let checked = serde_json::from_value::<NewMovie>(row)
            .map_err(|e| e.to_string())
            .and_then(|m| crate::catalog::service::validate(m).map_err(|e| e.to_string()));
        match checked {
            Ok(m) => good.push(m),
            Err(message) => bad.push(RowError {
                row: i + 1,
                title,
                message,
            }),
        }
    }
    if bad.is_empty() {
        Ok(good)
    } else {
        Err((None, bad))
    }
}

/// `POST /admin/films/import`: a JSON list of films, all or none.
pub async fn import(
    State(s): State<Pages>,
    a: Admin<perm::MovieManage>,
    Form(f): Form<ImportForm>,
) -> Result<Response, Stop> {
    let refused = match check_rows(&f.json) {
        Ok(films) => match s.catalog.import(films).await {
            Ok(n) => return Ok(Redirect::to(&format!("/admin/films?imported={n}")).into_response()),
            Err(e @ (CatalogError::Invalid { .. } | CatalogError::ChainManaged(_))) => {
                (Some(refusal(&e)), Vec::new())
            }
            Err(e) => return Err(e.into()),
        },
        Err(r) => r,
    };
    let mut page = list_page(&s, &a, "", 1).await?;
    page.error = refused.0.or_else(|| {
        Some(tr_with(
            "adm-import-refused",
            &[("n", (refused.1.len() as i64).into())],
        ))
    });
    page.import_errors = refused.1;
    page.import_text = f.json;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct GenreForm {
    name: String,
}

/// `POST /admin/genres`: add a genre.
pub async fn add_genre(
    State(s): State<Pages>,
    a: Admin<perm::MovieManage>,
    Form(f): Form<GenreForm>,
) -> Result<Response, Stop> {
    match s.catalog.create_genre(&f.name).await {
        Ok(_) => Ok(Redirect::to("/admin/films?saved=1#genres").into_response()),
        Err(e @ (CatalogError::Invalid { .. } | CatalogError::ChainManaged(_))) => {
            let mut page = list_page(&s, &a, "", 1).await?;
            page.error = Some(refusal(&e));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The film form's fields, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FilmForm {
    pub title: String,
    pub original_title: String,
    pub overview: String,
    pub poster_url: String,
    pub trailer_url: String,
    pub backdrop_url: String,
    pub runtime_minutes: String,
    pub release_date: String,
    pub age_rating: String,
    pub original_language: String,
    pub spoken_languages: String,
    pub production_country: String,
    pub language_type: String,
    pub director: String,
    /// A line per person: "Name, role".
    pub cast: String,
    /// Comma separated.
    pub genres: String,
    /// A line per run: "2026-12-01, 2027-01-15, note" (end and note optional).
    pub releases: String,
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|x| !x.is_empty())
}

fn commas(s: &str) -> Vec<String> {
    s.split(',')
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

impl FilmForm {
    fn of(m: &Movie) -> FilmForm {
        FilmForm {
            title: m.title.clone(),
            original_title: m.original_title.clone().unwrap_or_default(),
            overview: m.overview.clone(),
            poster_url: m.poster_url.clone().unwrap_or_default(),
            trailer_url: m.trailer_url.clone().unwrap_or_default(),
            backdrop_url: m.backdrop_url.clone().unwrap_or_default(),
            runtime_minutes: m.runtime_minutes.to_string(),
            release_date: m.release_date.to_string(),
            age_rating: m.age_rating.as_str().into(),
            original_language: m.original_language.clone(),
            spoken_languages: m.spoken_languages.join(", "),
            production_country: m.production_country.clone(),
            language_type: m.language_type.as_str().into(),
            director: m.director.clone(),
            cast: m
                .cast
                .iter()
                .map(|c| match &c.role {
                    Some(r) => format!("{}, {r}", c.name),
                    None => c.name.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            genres: m
                .genres
                .iter()
                .map(|g| g.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            releases: m
                .releases
                .iter()
                .map(|r| {
                    let mut parts = vec![r.start_date.to_string()];
                    parts.push(r.end_date.map(|d| d.to_string()).unwrap_or_default());
                    parts.extend(r.note.clone());
                    parts.join(", ").trim_end_matches(", ").to_string()
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The film the fields say, or the first field at fault and why.
    fn film(&self) -> Result<NewMovie, (&'static str, String)> {
        let date = |field: &'static str, v: &str| {
            super::day_of(v).ok_or_else(|| (field, tr("adm-err-date")))
        };
        let mut releases = Vec::new();
        for l in self.releases.lines().filter(|l| !l.trim().is_empty()) {
            let parts: Vec<&str> = l.splitn(3, ',').map(str::trim).collect();
            releases.push(Release {
                id: String::new(),
                start_date: date("releases", parts[0])?,
                end_date: match parts.get(1) {
                    Some(d) if !d.is_empty() => Some(date("releases", d)?),
                    _ => None,
                },
                note: parts.get(2).and_then(|n| opt(n)),
            });
        }
        Ok(NewMovie {
            title: self.title.trim().to_string(),
            original_title: opt(&self.original_title),
            overview: self.overview.trim().to_string(),
            poster_url: opt(&self.poster_url),
            trailer_url: opt(&self.trailer_url),
            backdrop_url: opt(&self.backdrop_url),
            runtime_minutes: self
                .runtime_minutes
                .trim()
                .parse()
                .map_err(|_| ("runtime_minutes", tr("adm-err-number-any")))?,
            release_date: date("release_date", &self.release_date)?,
            age_rating: AgeRating::parse(&self.age_rating)
                .ok_or(("age_rating", tr("adm-err-choice")))?,
            original_language: self.original_language.trim().to_string(),
            spoken_languages: commas(&self.spoken_languages),
            production_country: self.production_country.trim().to_string(),
            language_type: LanguageType::parse(&self.language_type).unwrap_or_default(),
            director: self.director.trim().to_string(),
            cast: self
                .cast
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    let (name, role) = l.split_once(',').unwrap_or((l, ""));
                    CastMember {
                        name: name.trim().to_string(),
                        role: opt(role),
                        image: None,
                    }
                })
                .collect(),
            genres: commas(&self.genres),
            releases,
        })
    }
}

#[derive(Template)]
#[template(path = "admin_film.html")]
struct FilmPage {
    layout: Layout,
    /// The film being edited, or `None` for a new one.
    id: Option<String>,
    form: FilmForm,
    ratings: Vec<&'static str>,
    language_types: Vec<&'static str>,
    error: Option<(String, String)>,
}

fn film_page(
    a: &Admin<perm::MovieManage>,
    id: Option<String>,
    form: FilmForm,
    error: Option<(String, String)>,
) -> FilmPage {
    FilmPage {
        layout: if id.is_some() {
            a.staff.layout_titled(form.title.clone())
        } else {
            a.layout("adm-film-new")
        },
        id,
        form,
        ratings: vec!["P", "K", "T13", "T16", "T18", "C"],
        language_types: vec!["ORIGINAL", "SUBTITLE", "DUBBED"],
        error,
    }
}

/// `GET /admin/films/new`.
pub async fn new_form(a: Admin<perm::MovieManage>) -> Result<Response, Stop> {
    let form = FilmForm {
        age_rating: "P".into(),
        language_type: "SUBTITLE".into(),
        ..FilmForm::default()
    };
    Ok(render(&film_page(&a, None, form, None))?)
}

/// `GET /admin/films/{id}`.
pub async fn edit_form(
    State(s): State<Pages>,
    a: Admin<perm::MovieManage>,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    let m = s.catalog.get(&id).await?;
    Ok(render(&film_page(&a, Some(id), FilmForm::of(&m), None))?)
}

/// `POST /admin/films/new` and `POST /admin/films/{id}`: save, or show what is wrong.
async fn save(
    s: &Pages,
    a: &Admin<perm::MovieManage>,
    id: Option<String>,
    form: FilmForm,
    stored: Option<Movie>,
) -> Result<Response, Stop> {
    let refused = |field: &str, message: String, status: StatusCode| -> Result<Response, Stop> {
        let page = film_page(a, id.clone(), form.clone(), Some((field.into(), message)));
        Ok((status, render(&page)?).into_response())
    };
    let film = match form.film() {
        // The form has no column for cast photos: an edit keeps each person's stored photo.
        Ok(mut f) => {
            if let Some(old) = &stored {
                for c in &mut f.cast {
                    c.image = old
                        .cast
                        .iter()
                        .find(|o| o.name == c.name)
                        .and_then(|o| o.image.clone());
                }
            }
            f
        }
        Err((field, message)) => return refused(field, message, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let saved = match &id {
        Some(id) => s.catalog.replace(id, film).await,
        None => s.catalog.create(film).await,
    };
    match saved {
        Ok(_) => Ok(Redirect::to("/admin/films?saved=1").into_response()),
        Err(e @ CatalogError::Invalid { .. }) => {
            let field = match &e {
                CatalogError::Invalid { field, .. } => field
                    .split(['.', '['])
                    .next()
                    .unwrap_or("title")
                    .to_string(),
                _ => "title".into(),
            };
            refused(&field, refusal(&e), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e @ CatalogError::ChainManaged(_)) => {
            refused("title", refusal(&e), StatusCode::CONFLICT)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/films/new`.
pub async fn create(
    State(s): State<Pages>,
    a: Admin<perm::MovieManage>,
    Form(form): Form<FilmForm>,
) -> Result<Response, Stop> {
    save(&s, &a, None, form, None).await
}

/// `POST /admin/films/{id}`.
pub async fn update(
    State(s): State<Pages>,
    a: Admin<perm::MovieManage>,
    Path(id): Path<String>,
    Form(form): Form<FilmForm>,
) -> Result<Response, Stop> {
    let stored = s.catalog.get(&id).await?;
    save(&s, &a, Some(id), form, Some(stored)).await
}
