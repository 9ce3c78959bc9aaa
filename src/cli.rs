//! The `moviehub` command line: global flags, subcommands, and dispatch.

use crate::app::AppState;
use crate::clock::Clock;
use crate::config::{LogFormat, Settings};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// MovieHub cinema booking appliance.
#[derive(Parser, Debug)]
#[command(name = "moviehub", version, about, propagate_version = true)]
pub struct Cli {
    /// Data directory holding users.db, catalog.db, cinemas.db, bookings.db and keys
    /// (overrides `storage.data_dir`).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Settings file (default: ./moviehub.toml when present).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Log line format (overrides `log.format`).
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormat>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the site server.
    Serve(ServeArgs),
    /// Create the data dir, the databases and the secrets.
    Init(InitArgs),
    /// Load data into an empty data dir.
    Seed(SeedArgs),
    /// Integrity, foreign keys and schema versions of every database; non-zero exit on a problem.
    Check,
    /// Consistent copies of every database and the key files into DIR (safe while the
    /// server runs).
    Backup {
        /// Target directory (created; must not already hold database files).
        dir: PathBuf,
    },
    /// Replace the data dir's databases and keys with a backup (refused while a server runs
    /// on the data dir).
    Restore {
        /// A directory written by `backup`.
        dir: PathBuf,
    },
    /// Accounts and roles.
    #[command(subcommand)]
    User(crate::users::cli::UserCommand),
    /// Roles and their permissions.
    #[command(subcommand)]
    Role(crate::users::cli::RoleCommand),
    /// Movies: add one, import a JSON file, list.
    #[command(subcommand)]
    Movie(crate::catalog::cli::MovieCommand),
    /// Cinemas, halls, seats, prices and holidays.
    #[command(subcommand)]
    Cinema(crate::cinemas::cli::CinemaCommand),
    /// Schedule, list and cancel showtimes.
    #[command(subcommand)]
    Showtime(crate::cinemas::cli::ShowtimeCommand),
    /// Head office: register sites and see their pushes.
    #[command(subcommand)]
    Site(crate::sync::cli::SiteCommand),
    /// A site's sync with head office.
    #[command(subcommand)]
    Sync(crate::sync::cli::SyncCommand),
    /// Reports: sales, refunds and admissions (head office's chain figures on central).
    #[command(subcommand)]
    Report(crate::reports::cli::ReportCommand),
}

/// `serve` flags.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (overrides `server.listen`).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// Demo mode: load demo data into an empty data dir and turn on the VNPay sandbox.
    #[arg(long)]
    pub demo: bool,
}

/// `init` flags.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// Prepare a data dir for real customers: delete the demo accounts (whose password is
    /// public) if demo mode ever created them.
    #[arg(long)]
    pub production: bool,
}

/// `seed` flags.
#[derive(Args, Debug)]
pub struct SeedArgs {
    /// Load the demo data set (accounts for every role, movies, cinemas, showtimes).
    #[arg(long, required = true)]
    pub demo: bool,
}

/// Settings with the global flags applied.
pub fn settings(cli: &Cli) -> Result<Settings, String> {
    let default_file = PathBuf::from("moviehub.toml");
    let file = cli
        .config
        .clone()
        .or_else(|| default_file.exists().then_some(default_file));
    let mut s = Settings::load(file.as_deref()).map_err(|e| e.to_string())?;
    if let Some(d) = &cli.data_dir {
        s.storage.data_dir = d.clone();
    }
    if let Some(f) = cli.log_format {
        s.log.format = f;
    }
    if let Command::Serve(a) = &cli.command {
        if let Some(l) = &a.listen {
            s.server.listen = l.clone();
        }
        if a.demo {
            s.demo_mode = true;
            s.payments.vnpay.sandbox = true;
        }
    }
    s.validate().map_err(|e| e.to_string())?;
    Ok(s)
}

/// Run a parsed command.
pub async fn run(cli: Cli, settings: Settings) -> ExitCode {
    match execute(cli, settings).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli, settings: Settings) -> Result<ExitCode, String> {
    match cli.command {
        Command::Serve(args) => serve(settings, args.demo).await,
        Command::Init(args) => {
            let state = AppState::open(settings, Clock::system())?;
            if args.production {
                let n = crate::demo::remove_demo_accounts(&state).await?;
                println!("deleted {n} demo account(s)");
            }
            println!("initialised {}", state.settings.storage.data_dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Seed(_) => {
            let dir = settings.storage.data_dir.clone();
            let state = AppState::open(settings, Clock::system())?;
            if !crate::demo::is_empty(&state).await? {
                return Err(format!(
                    "{} already holds data; demo data only goes into an empty data dir",
                    dir.display()
                ));
            }
            let summary = crate::demo::seed(&state).await?;
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => crate::cli_ops::check(settings),
        Command::Backup { dir } => crate::cli_ops::backup(settings, &dir),
        Command::Restore { dir } => crate::cli_ops::restore(settings, &dir),
        Command::User(cmd) => {
            let state = AppState::open(settings, Clock::system())?;
            crate::users::cli::run(&state.users, cmd).await
        }
        Command::Role(cmd) => {
            let state = AppState::open(settings, Clock::system())?;
            crate::users::cli::run_role(&state.users, cmd).await
        }
        Command::Movie(cmd) => {
            let state = AppState::open(settings, Clock::system())?;
            crate::catalog::cli::run(&state.catalog, &state.settings, cmd).await
        }
        Command::Cinema(cmd) => {
            let state = AppState::open(settings, Clock::system())?;
            crate::cinemas::cli::run(&state.cinemas, cmd).await
        }
        Command::Showtime(cmd) => {
            let state = AppState::open(settings, Clock::system())?;
            crate::cinemas::cli::run_showtime(&state.cinemas, cmd).await
        }
        Command::Site(cmd) => {
            let state = AppState::open(settings, Clock::system())?;
            crate::sync::cli::run_site(&state.central, &state.settings, cmd).await
        }
        Command::Report(crate::reports::cli::ReportCommand::Revenue(args)) => {
            let state = AppState::open(settings, Clock::system())?;
            let tz = state.settings.timezone();
            let today = state.clock.now().with_timezone(&tz).date_naive();
            let range = crate::reports::cli::range(&args, tz, today)?;
            let figures = if state.settings.server.role == crate::config::Role::Central {
                state
                    .central
                    .figures(range)
                    .await
                    .map_err(|e| e.to_string())?
            } else {
                state
                    .reports
                    .figures(range)
                    .await
                    .map_err(|e| e.to_string())?
            };
            crate::reports::cli::print(&figures, &args)
        }
        Command::Sync(cmd) => {
            let state = AppState::open(settings, Clock::system())?;
            crate::sync::cli::run_sync(&state.sales, &state.settings, cmd).await
        }
    }
}

async fn serve(mut settings: Settings, demo: bool) -> Result<ExitCode, String> {
    let listen = settings
        .server
        .listen
        .parse()
        .map_err(|e| format!("server.listen: {e}"))?;
    if demo && settings.payments.vnpay.secret.is_empty() {
        // The sandbox plays the gateway locally and needs a secret to sign with; a random
        // one per data dir, never a key printed in the source.
        settings.payments.vnpay.secret = crate::secrets::demo_vnpay_secret(&settings)?;
    }
    if settings.payments.vnpay.sandbox && !demo {
        // The sandbox answers "paid" for any booking: on a real site it would give tickets away.
        return Err(
            "payments.vnpay.sandbox: the built-in VNPay sandbox only runs with `serve --demo`"
                .into(),
        );
    }
    let _lock = crate::cli_ops::DataDirLock::take(&settings.storage.data_dir)?;
    let state = AppState::open(settings, Clock::system())?;
    if demo {
        tracing::warn!("{}", crate::app::health::DEMO_WARNING);
    } else {
        crate::demo::refuse_production_with_demo_accounts(&state).await?;
    }
    if state.settings.payments.vnpay.secret.is_empty() {
        tracing::warn!("payments.vnpay.secret is empty: online payments are off and every VNPay notice is refused");
    }
    let empty = crate::demo::is_empty(&state).await?;
    if demo && empty {
        let summary = crate::demo::seed(&state).await?;
        tracing::info!("demo data loaded\n{summary}");
    } else if demo {
        tracing::info!("data dir already holds data: demo data not loaded again");
    } else if state.users.count().await.map_err(|e| e.to_string())? == 0 {
        tracing::warn!(
            "no accounts yet: create the first admin with `moviehub --data-dir {} user add --role admin --email you@example.com --name \"Your Name\" --password …`",
            state.settings.storage.data_dir.display()
        );
    }
    crate::app::server::run_until_signal(state, listen)
        .await
        .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
