//! `moviehub-load`: drives a running MovieHub server through its public API and WebSocket
//! and prints latency percentiles and throughput. It starts nothing by itself.
//!
//! ```text
//! moviehub-load --url http://127.0.0.1:8080 --showtime ID holds --users 20 --ops 100
//! moviehub-load --json fanout --viewers 500 --events 20
//! moviehub-load contention --users 50 --seats 4
//! moviehub-load bookings --users 20 --cashier-email cashier@moviehub.local
//! ```

#[path = "load/bookings.rs"]
mod bookings;
#[path = "load/client.rs"]
mod client;
#[path = "load/idle.rs"]
mod idle;
#[path = "load/report.rs"]
mod report;
#[path = "load/scenarios.rs"]
mod scenarios;

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
    /// S anonymous viewers join one showtime and stay idle (read the server's RSS meanwhile).
    Idle {
        /// Sockets to open.
        #[arg(long, default_value_t = 1000)]
        sockets: usize,
        /// Seconds to keep them open.
        #[arg(long, default_value_t = 10)]
        secs: u64,
    },
    /// Users hold and book the seats (one seat per booking); a cashier pays each in cash.
    /// Samples: booking creation; the note: confirmed bookings per second.
    Bookings {
        /// Concurrent users (the seats are shared out among them).
        #[arg(long, default_value_t = 10)]
        users: usize,
        /// The cashier who takes the money.
        #[arg(long, default_value = "cashier@moviehub.local")]
        cashier_email: String,
        /// The cashier's password (the demo password by default).
        #[arg(long, default_value = "moviehub")]
        cashier_password: String,
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
    let seats = api.seats(&showtime, &cli.seat_ids).await?;
    let target = scenarios::Target {
        api,
        showtime,
        seats,
        run: uuid::Uuid::now_v7().simple().to_string(),
    };
    match &cli.scenario {
        Scenario::Holds { users, ops } => scenarios::holds(&target, (*users).max(1), *ops).await,
        Scenario::Fanout { viewers, events } => {
            scenarios::fanout(&target, (*viewers).max(1), *events).await
        }
        Scenario::Contention { users, seats } => {
            scenarios::contention(&target, (*users).max(1), (*seats).max(1)).await
        }
        Scenario::Bookings {
            users,
            cashier_email,
            cashier_password,
        } => {
            let cashier = bookings::Cashier {
                email: cashier_email.clone(),
                password: cashier_password.clone(),
            };
            bookings::bookings(&target, (*users).max(1), &cashier).await
        }
        Scenario::Idle { sockets, secs } => idle::idle(&target, (*sockets).max(1), *secs).await,
    }
}
