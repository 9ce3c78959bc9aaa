//! `moviehub movie add|import|list`.

use super::Catalog;
use super::{AgeRating, CastMember, LanguageType, ListParams, MovieQuery, NewMovie, Release};
use crate::config::Settings;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Catalog commands.
#[derive(Subcommand, Debug)]
pub enum MovieCommand {
    /// Add one movie.
    Add(AddArgs),
    /// Load movies from a JSON file holding an array in the API's create shape
    /// (POST /api/v1/movies). All or nothing: one bad entry and none is loaded.
    Import {
        /// The JSON file.
        file: PathBuf,
    },
    /// List movies, newest release first.
    List {
        /// Only `now_showing` or `coming_soon`.
        #[arg(long)]
        status: Option<String>,
        /// Full-text search (accents optional: "lat mat" finds "Lật Mặt").
        #[arg(long)]
        q: Option<String>,
        /// Only this genre.
        #[arg(long)]
        genre: Option<String>,
    },
}

/// `movie add` flags.
#[derive(Args, Debug)]
pub struct AddArgs {
    /// Title as shown in Vietnam.
    #[arg(long)]
    pub title: String,
    /// Original title.
    #[arg(long)]
    pub original_title: Option<String>,
    /// Synopsis.
    #[arg(long, default_value = "")]
    pub overview: String,
    /// Runtime in minutes (1-600).
    #[arg(long)]
    pub runtime: u32,
    /// Release date, YYYY-MM-DD.
    #[arg(long)]
    pub release_date: NaiveDate,
    /// Age rating: P, K, T13, T16, T18 or C.
    #[arg(long, value_parser = parse_rating)]
    pub age_rating: AgeRating,
    /// Director.
    #[arg(long, default_value = "")]
    pub director: String,
    /// Cast member as `NAME` or `NAME:ROLE`; repeat for each.
    #[arg(long)]
    pub cast: Vec<String>,
    /// Genre name (created when new); repeat for each.
    #[arg(long)]
    pub genre: Vec<String>,
    /// ORIGINAL, SUBTITLE or DUBBED.
    #[arg(long, value_parser = parse_language_type, default_value = "ORIGINAL")]
    pub language_type: LanguageType,
    /// Original language code, e.g. `vi`, `en`.
    #[arg(long, default_value = "")]
    pub original_language: String,
    /// Production country, e.g. `Vietnam`.
    #[arg(long, default_value = "")]
    pub country: String,
    /// Poster image URL.
    #[arg(long)]
    pub poster_url: Option<String>,
    /// Trailer URL.
    #[arg(long)]
    pub trailer_url: Option<String>,
    /// First day of a theatrical run (YYYY-MM-DD); adds a release window.
    #[arg(long)]
    pub showing_from: Option<NaiveDate>,
    /// Last day of that run (YYYY-MM-DD; open-ended when absent).
    #[arg(long, requires = "showing_from")]
    pub showing_until: Option<NaiveDate>,
}

fn parse_rating(s: &str) -> Result<AgeRating, String> {
    AgeRating::parse(&s.to_ascii_uppercase())
        .ok_or_else(|| "must be one of P, K, T13, T16, T18, C".to_string())
}

fn parse_language_type(s: &str) -> Result<LanguageType, String> {
    LanguageType::parse(&s.to_ascii_uppercase())
        .ok_or_else(|| "must be ORIGINAL, SUBTITLE or DUBBED".to_string())
}

impl AddArgs {
    fn into_new_movie(self) -> NewMovie {
        let cast = self
            .cast
            .iter()
            .map(|c| match c.split_once(':') {
                Some((name, role)) => CastMember {
                    name: name.trim().into(),
                    role: Some(role.trim().into()),
                    image: None,
                },
                None => CastMember {
                    name: c.trim().into(),
                    role: None,
                    image: None,
                },
            })
            .collect();
        let releases = self
            .showing_from
            .map(|start| Release {
                id: String::new(),
                start_date: start,
                end_date: self.showing_until,
                note: None,
            })
            .into_iter()
            .collect();
        NewMovie {
            title: self.title,
            original_title: self.original_title,
            overview: self.overview,
            poster_url: self.poster_url,
            trailer_url: self.trailer_url,
            backdrop_url: None,
            runtime_minutes: self.runtime,
            release_date: self.release_date,
            age_rating: self.age_rating,
            original_language: self.original_language,
            spoken_languages: Vec::new(),
            production_country: self.country,
            language_type: self.language_type,
            director: self.director,
            cast,
            genres: self.genre,
            releases,
        }
    }
}

/// Read `movie import` input; errors name the entry and field (`movies[3].runtime_minutes`).
pub fn read_import(path: &Path) -> Result<Vec<NewMovie>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize::<_, Vec<NewMovie>>(&mut de).map_err(|e| {
        let at = e.path().to_string();
        let at = if at == "." { String::new() } else { at };
        format!("{}: movies{at}: {}", path.display(), e.inner())
    })
}

/// Run a catalog command.
pub async fn run(
    catalog: &Catalog,
    settings: &Settings,
    cmd: MovieCommand,
) -> Result<ExitCode, String> {
    match cmd {
        MovieCommand::Add(args) => {
            let m = catalog
                .create(args.into_new_movie())
                .await
                .map_err(|e| e.to_string())?;
            println!("added {} ({})", m.title, m.id);
        }
        MovieCommand::Import { file } => {
            let movies = read_import(&file)?;
            let n = catalog
                .import(movies)
                .await
                .map_err(|e| format!("{}: nothing imported: {e}", file.display()))?;
            println!("imported {n} movie(s) from {}", file.display());
        }
        MovieCommand::List { status, q, genre } => {
            let max = settings.catalog.max_page_limit;
            let mut params = ListParams {
                status,
                q,
                genre,
                limit: Some(max.to_string()),
                ..ListParams::default()
            };
            let mut page = 1u32;
            loop {
                params.page = Some(page.to_string());
                let query = MovieQuery::parse(&params, max).map_err(|e| e.to_string())?;
                let found = catalog.list(query).await.map_err(|e| e.to_string())?;
                for m in &found.items {
                    println!(
                        "{:<36} {} {:<3} {:>3} min  {}",
                        m.id,
                        m.release_date,
                        m.age_rating.as_str(),
                        m.runtime_minutes,
                        m.title
                    );
                }
                if i64::from(page) * i64::from(max) >= found.total {
                    println!("{} movie(s)", found.total);
                    break;
                }
                page += 1;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
