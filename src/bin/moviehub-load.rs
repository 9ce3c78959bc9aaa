//! `moviehub-load`: drives a running MovieHub server through its public API and WebSocket
//! and prints latency percentiles and throughput. It starts nothing by itself.
//!
//! ```text
//! moviehub-load --url http://127.0.0.1:8080 --showtime ID holds --users 20 --ops 100
//! moviehub-load --json fanout --viewers 500 --events 20
//! moviehub-load contention --users 50 --seats 4
//! moviehub-load bookings --users 20 --cashier-email cashier@moviehub.local --pay vnpay
//! moviehub-load --server-pid $(pgrep -x moviehub) --prefill 20000 limits --users 8
//! moviehub-load --server-pid $(pgrep -x moviehub) soak --secs 1800
//! moviehub-load --url http://site:8080 sync --central-url http://hq:8080 --site-id … --site-secret …
//! ```

#[path = "load/bookings.rs"]
mod bookings;
#[path = "load/client.rs"]
mod client;
#[path = "load/idle.rs"]
mod idle;
#[path = "load/limits.rs"]
mod limits;
#[path = "load/prefill.rs"]
mod prefill;
#[path = "load/report.rs"]
mod report;
#[path = "load/scenarios.rs"]
mod scenarios;
#[path = "load/server_stats.rs"]
mod server_stats;
#[path = "load/soak.rs"]
mod soak;
#[path = "load/sync.rs"]
mod sync;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Load generator for a running MovieHub site.
#[derive(Parser)]
#[command(
    version,
    about = "Load generator for a running MovieHub site: starts nothing, drives its public API and /ws"
)]
struct Cli {
    /// Base URL of the server.
    #[arg(
        long,
        default_value = "http://127.0.0.1:8080",
        env = "MOVIEHUB_LOAD_URL"
    )]
    url: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Showtime to use; default: the SELLING one with the most available seats.
    #[arg(long)]
    showtime: Option<String>,
    /// Seats to use (comma-separated ids); default: the available seats of the seat map.
    #[arg(long, value_delimiter = ',')]
    seat_ids: Vec<String>,
    /// The server's process id: its CPU seconds and RSS are read from /proc before and after.
    #[arg(long)]
    server_pid: Option<u32>,
    /// First sell this many bookings on the cinema's other showtimes (a busy week's data).
    #[arg(long, default_value_t = 0)]
    prefill: usize,
    /// The cashier who takes the money (bookings, limits, prefill).
    #[arg(long, default_value = "cashier@moviehub.local", global = true)]
    cashier_email: String,
    /// The cashier's password (the demo password by default).
    #[arg(long, default_value = "moviehub", global = true)]
    cashier_password: String,
    #[command(subcommand)]
    scenario: Scenario,
}

#[derive(Subcommand)]
enum Scenario {
    /// N users hold and release random seats; round trip request → own reply.
    Holds {
        /// Concurrent users.
        #[arg(long, default_value_t = 10)]
        users: usize,
        /// Holds per user (each successful hold is followed by its release).
        #[arg(long, default_value_t = 100)]
        ops: usize,
    },
    /// V viewers watch while one actor holds and releases; time to the last viewer.
    Fanout {
        /// Anonymous viewers.
        #[arg(long, default_value_t = 100)]
        viewers: usize,
        /// Holds by the actor (each also released: two events).
        #[arg(long, default_value_t = 20)]
        events: usize,
    },
    /// U users race for the same S seats; each seat must end with exactly one winner.
    Contention {
        /// Racing users.
        #[arg(long, default_value_t = 10)]
        users: usize,
        /// Seats raced for (keep at most the per-user hold limit).
        #[arg(long, default_value_t = 4)]
        seats: usize,
    },
    /// A mixed load for `--secs` (seat maps, WebSocket holds, bookings paid in cash or
    /// cancelled, viewers coming and going) while the server's RSS and open files are
    /// sampled (needs `--server-pid`); fails if they keep growing after the warm-up.
    Soak {
        /// How long, seconds.
        #[arg(long, default_value_t = 120)]
        secs: u64,
        /// Seconds between samples (0: secs/24, between 1 and 10).
        #[arg(long, default_value_t = 0)]
        sample_secs: u64,
        /// Seconds not judged at the start (0: secs/4, between 5 and 120).
        #[arg(long, default_value_t = 0)]
        warmup_secs: u64,
        /// RSS growth allowed after the warm-up, MB.
        #[arg(long, default_value_t = 16.0)]
        rss_tolerance_mb: f64,
        /// Growth of open file descriptors allowed after the warm-up.
        #[arg(long, default_value_t = 32)]
        fd_tolerance: u64,
        /// Anonymous viewers, each reconnecting every 2-8 s.
        #[arg(long, default_value_t = 50)]
        viewers: usize,
        /// Pause between one worker's requests, ms.
        #[arg(long, default_value_t = 10)]
        pace_ms: u64,
    },
    /// S anonymous viewers join one showtime and stay idle (read the server's RSS meanwhile).
    Idle {
        /// Sockets to open.
        #[arg(long, default_value_t = 1000)]
        sockets: usize,
        /// Seconds to keep them open.
        #[arg(long, default_value_t = 10)]
        secs: u64,
    },
    /// Users hold and book the seats (one seat per booking), each paid in cash or by VNPay.
    /// Samples: booking creation; the note: confirmed bookings per second.
    Bookings {
        /// Concurrent users (the seats are shared out among them).
        #[arg(long, default_value_t = 10)]
        users: usize,
        /// How each booking is paid.
        #[arg(long, value_enum, default_value_t = bookings::Pay::Cash)]
        pay: bookings::Pay,
    },
    /// Head office under load: rows/s central applies (synthetic pushes signed as a bench
    /// site, when its id and secret are given), then the site's sync lag while `bookings`
    /// sells in cash. The site (`--url`) must sync to that central.
    Sync {
        /// Central's base URL.
        #[arg(long)]
        central_url: String,
        /// A site registered on central for benchmarking (`moviehub site add bench`): its
        /// figures there become synthetic.
        #[arg(long, default_value = "")]
        site_id: String,
        /// Its secret.
        #[arg(long, default_value = "")]
        site_secret: String,
        /// Synthetic pushes of 500 rows.
        #[arg(long, default_value_t = 20)]
        batches: usize,
        /// Concurrent users of the sales load.
        #[arg(long, default_value_t = 2)]
        users: usize,
    },
    /// This box's limits (raw SQLite booking tx, empty HTTP round trip), then `bookings`,
    /// with our figures as ratios to the limits.
    Limits {
        /// Concurrent users of the bookings run.
        #[arg(long, default_value_t = 8)]
        users: usize,
        /// How each booking is paid.
        #[arg(long, value_enum, default_value_t = bookings::Pay::Cash)]
        pay: bookings::Pay,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli).await {
        Ok(sample) => {
            if cli.json {
                println!("{}", sample.summary());
            } else {
                print!("{}", sample.table());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("moviehub-load: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: &Cli) -> Result<report::Sample, client::Fail> {
    let api = client::Api::new(&cli.url);
    let showtime = api.showtime(cli.showtime.as_deref()).await?;
    let runs = api.seats(&showtime, &cli.seat_ids).await?;
    let target = scenarios::Target {
        api,
        showtime,
        seats: runs.concat(),
        runs,
        run: uuid::Uuid::now_v7().simple().to_string(),
        server_pid: cli.server_pid,
    };
    let cashier = bookings::Cashier {
        email: cli.cashier_email.clone(),
        password: cli.cashier_password.clone(),
    };
    prefill::prefill(&target, cli.prefill, &cashier).await?;
    let before = cli.server_pid.map(server_stats::read).transpose()?;
    let mut sample = scenario(cli, &target, &cashier).await?;
    // Scenarios that time a part of their run read the server around that part; the others
    // are read around the whole scenario.
    if let (Some(pid), Some(before), None) = (cli.server_pid, before, &sample.server) {
        let after = server_stats::read(pid)?;
        let (n, per) = if sample.confirmed > 0 {
            (sample.confirmed, "confirmed booking")
        } else {
            (sample.latencies.len(), "sample")
        };
        sample.server = Some(server_stats::describe(before, after, n, per));
    }
    Ok(sample)
}

async fn scenario(
    cli: &Cli,
    target: &scenarios::Target,
    cashier: &bookings::Cashier,
) -> Result<report::Sample, client::Fail> {
    match &cli.scenario {
        Scenario::Holds { users, ops } => scenarios::holds(target, (*users).max(1), *ops).await,
        Scenario::Fanout { viewers, events } => {
            scenarios::fanout(target, (*viewers).max(1), *events).await
        }
        Scenario::Contention { users, seats } => {
            scenarios::contention(target, (*users).max(1), (*seats).max(1)).await
        }
        Scenario::Bookings { users, pay } => {
            bookings::bookings(target, (*users).max(1), cashier, *pay).await
        }
        Scenario::Sync {
            central_url,
            site_id,
            site_secret,
            batches,
            users,
        } => {
            let central = sync::Central {
                url: central_url.clone(),
                site_id: site_id.clone(),
                secret: site_secret.clone(),
                batches: *batches,
            };
            sync::sync(target, &cli.url, &central, (*users).max(1), cashier).await
        }
        Scenario::Limits { users, pay } => {
            limits::limits(target, (*users).max(1), cashier, *pay).await
        }
        Scenario::Soak {
            secs,
            sample_secs,
            warmup_secs,
            rss_tolerance_mb,
            fd_tolerance,
            viewers,
            pace_ms,
        } => {
            let plan = soak::Plan {
                secs: *secs,
                sample_secs: *sample_secs,
                warmup_secs: *warmup_secs,
                rss_tolerance_mb: *rss_tolerance_mb,
                fd_tolerance: *fd_tolerance,
                viewers: *viewers,
                pace_ms: *pace_ms,
            };
            soak::soak(target, cashier, &plan).await
        }
        Scenario::Idle { sockets, secs } => idle::idle(target, (*sockets).max(1), *secs).await,
    }
}
