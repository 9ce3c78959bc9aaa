//! `moviehub cinema add|list|hall add|hall list|seat set-status|price set|price list|holiday …`
//! and `moviehub showtime schedule|list|cancel`.

use super::batch::{BatchRequest, Daily};
use super::service::{CinemaFilter, NewHall};
use super::Cinemas;
use super::{
    DayType, Format, HallType, Holiday, LayoutType, NewCinema, Price, SeatStatus, SeatType,
};
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

/// Cinema commands.
#[derive(Subcommand, Debug)]
pub enum CinemaCommand {
    /// Create a cinema.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        address: String,
        #[arg(long)]
        city: String,
        #[arg(long)]
        district: String,
        #[arg(long, allow_hyphen_values = true)]
        lat: f64,
        #[arg(long, allow_hyphen_values = true)]
        lng: f64,
        /// Repeatable: --amenity Parking --amenity "Food Court".
        #[arg(long)]
        amenity: Vec<String>,
        #[arg(long, default_value_t = 0.0)]
        rating: f64,
        /// IANA time zone (default: the site setting).
        #[arg(long)]
        timezone: Option<String>,
    },
    /// List cinemas with their halls.
    List,
    /// Halls.
    #[command(subcommand)]
    Hall(HallCommand),
    /// Seats.
    #[command(subcommand)]
    Seat(SeatCommand),
    /// Ticket prices.
    #[command(subcommand)]
    Price(PriceCommand),
    /// The holiday calendar.
    #[command(subcommand)]
    Holiday(HolidayCommand),
}

/// `cinema hall …`
#[derive(Subcommand, Debug)]
pub enum HallCommand {
    /// Create a hall from a layout description (JSON file).
    Add {
        #[arg(long)]
        cinema: String,
        #[arg(long)]
        name: String,
        /// STANDARD, VIP, IMAX, FOUR_DX or PREMIUM.
        #[arg(long = "type", default_value = "STANDARD")]
        hall_type: String,
        /// STANDARD, DUAL_AISLE or STADIUM.
        #[arg(long, default_value = "STANDARD")]
        layout_type: String,
        /// Layout JSON: rows, seats_per_row, row_seats, aisles_after, seat_types.
        #[arg(long)]
        layout: PathBuf,
    },
    /// Halls of a cinema.
    List {
        #[arg(long)]
        cinema: String,
    },
}

/// `cinema seat …`
#[derive(Subcommand, Debug)]
pub enum SeatCommand {
    /// ACTIVE, BROKEN or MAINTENANCE (a couple seat's halves change together).
    SetStatus { seat: String, status: String },
}

/// `cinema price …`
#[derive(Subcommand, Debug)]
pub enum PriceCommand {
    /// Set one price (VND) for hall × seat type × day type.
    Set {
        #[arg(long)]
        hall: String,
        #[arg(long)]
        seat_type: String,
        #[arg(long)]
        day_type: String,
        #[arg(long)]
        price: i64,
    },
    /// A hall's prices.
    List {
        #[arg(long)]
        hall: String,
    },
}

/// `cinema holiday …`
#[derive(Subcommand, Debug)]
pub enum HolidayCommand {
    /// Add a date (YYYY-MM-DD).
    Add {
        date: chrono::NaiveDate,
        #[arg(long)]
        name: String,
    },
    /// List the calendar.
    List,
    /// Remove a date.
    Remove { date: chrono::NaiveDate },
}

/// Showtime commands.
#[derive(Subcommand, Debug)]
pub enum ShowtimeCommand {
    /// Schedule a movie in a hall: --at (repeatable RFC 3339) or --from/--to/--times.
    Schedule {
        #[arg(long)]
        movie: String,
        #[arg(long)]
        hall: String,
        /// 2D, 3D, IMAX or 4DX.
        #[arg(long, default_value = "2D")]
        format: String,
        #[arg(long, default_value = "vi")]
        language: String,
        #[arg(long)]
        subtitles: Vec<String>,
        /// Start instant, e.g. 2026-11-25T10:00:00+07:00 (repeatable).
        #[arg(long)]
        at: Vec<String>,
        /// First local date of a daily schedule.
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Last local date of a daily schedule.
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        /// Local times, comma-separated: 10:00,13:30.
        #[arg(long, value_delimiter = ',')]
        times: Vec<String>,
    },
    /// List showtimes (a local date, or from now on).
    List {
        #[arg(long)]
        movie: Option<String>,
        #[arg(long)]
        cinema: Option<String>,
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// Cancel a showtime.
    Cancel {
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
}

fn parse<T>(what: &str, v: &str, f: fn(&str) -> Option<T>, codes: String) -> Result<T, String> {
    f(&v.to_ascii_uppercase()).ok_or_else(|| format!("{what}: `{v}` is not one of {codes}"))
}

/// Run a cinema command.
pub async fn run(c: &Cinemas, cmd: CinemaCommand) -> Result<ExitCode, String> {
    let e = |e: super::CinemasError| e.to_string();
    match cmd {
        CinemaCommand::Add {
            name,
            address,
            city,
            district,
            lat,
            lng,
            amenity,
            rating,
            timezone,
        } => {
            let new = NewCinema {
                name,
                address,
                city,
                district,
                latitude: lat,
                longitude: lng,
                amenities: amenity,
                rating,
                timezone,
            };
            let x = c.create_cinema(new).await.map_err(e)?;
            println!("created cinema {} ({})", x.name, x.id);
        }
        CinemaCommand::List => {
            for x in c.list_cinemas(&CinemaFilter::default()).await.map_err(e)? {
                println!(
                    "{}  {}  {}, {}  rating {}",
                    x.id, x.name, x.district, x.city, x.rating
                );
                for h in c.halls(&x.id).await.map_err(e)? {
                    println!(
                        "    hall {}  {:<12} {:<9} {} seats",
                        h.id, h.name, h.hall_type, h.capacity
                    );
                }
            }
        }
        CinemaCommand::Hall(HallCommand::Add {
            cinema,
            name,
            hall_type,
            layout_type,
            layout,
        }) => {
            let text = std::fs::read_to_string(&layout)
                .map_err(|err| format!("--layout {}: {err}", layout.display()))?;
            let spec = serde_json::from_str(&text)
                .map_err(|err| format!("--layout {}: {err}", layout.display()))?;
            let new = NewHall {
                name,
                hall_type: parse("--type", &hall_type, HallType::parse, HallType::codes())?,
                layout_type: parse(
                    "--layout-type",
                    &layout_type,
                    LayoutType::parse,
                    LayoutType::codes(),
                )?,
                layout: spec,
            };
            let h = c.create_hall(&cinema, new).await.map_err(e)?;
            println!(
                "created hall {} ({}) with {} seats",
                h.hall.name, h.hall.id, h.hall.capacity
            );
        }
        CinemaCommand::Hall(HallCommand::List { cinema }) => {
            for h in c.halls(&cinema).await.map_err(e)? {
                println!(
                    "{}  {:<12} {:<9} {:<10} {} seats",
                    h.id, h.name, h.hall_type, h.layout_type, h.capacity
                );
            }
        }
        CinemaCommand::Seat(SeatCommand::SetStatus { seat, status }) => {
            let status = parse("status", &status, SeatStatus::parse, SeatStatus::codes())?;
            for s in c.set_seat_status(&seat, status).await.map_err(e)? {
                println!("seat {} ({}) is now {}", s.label(), s.id, s.status);
            }
        }
        CinemaCommand::Price(PriceCommand::Set {
            hall,
            seat_type,
            day_type,
            price,
        }) => {
            let p = Price {
                seat_type: parse(
                    "--seat-type",
                    &seat_type,
                    SeatType::parse,
                    SeatType::codes(),
                )?,
                day_type: parse("--day-type", &day_type, DayType::parse, DayType::codes())?,
                price,
            };
            c.set_prices(&hall, vec![p]).await.map_err(e)?;
            println!("price set");
        }
        CinemaCommand::Price(PriceCommand::List { hall }) => {
            for p in c.prices(&hall).await.map_err(e)? {
                println!("{:<11} {:<8} {:>10} VND", p.seat_type, p.day_type, p.price);
            }
        }
        CinemaCommand::Holiday(HolidayCommand::Add { date, name }) => {
            let h = c.add_holiday(Holiday { date, name }).await.map_err(e)?;
            println!("holiday {} {}", h.date, h.name);
        }
        CinemaCommand::Holiday(HolidayCommand::List) => {
            for h in c.holidays().await.map_err(e)? {
                println!("{}  {}", h.date, h.name);
            }
        }
        CinemaCommand::Holiday(HolidayCommand::Remove { date }) => {
            c.delete_holiday(date).await.map_err(e)?;
            println!("holiday {date} removed");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Run a showtime command.
pub async fn run_showtime(c: &Cinemas, cmd: ShowtimeCommand) -> Result<ExitCode, String> {
    let e = |e: super::CinemasError| e.to_string();
    match cmd {
        ShowtimeCommand::Schedule {
            movie,
            hall,
            format,
            language,
            subtitles,
            at,
            from,
            to,
            times,
        } => {
            let daily = match (from, to) {
                (Some(from_date), Some(to_date)) => Some(Daily {
                    from_date,
                    to_date,
                    times,
                }),
                (None, None) => None,
                _ => return Err("--from and --to go together".into()),
            };
            let b = BatchRequest {
                movie_id: movie,
                hall_id: hall,
                format: parse("--format", &format, Format::parse, Format::codes())?,
                language,
                subtitles,
                start_times: (!at.is_empty()).then_some(at),
                daily,
            };
            for s in c.schedule(b).await.map_err(e)? {
                println!(
                    "{}  {}  {}  {}",
                    s.id, s.local_start, s.hall_name, s.movie_title
                );
            }
        }
        ShowtimeCommand::List {
            movie,
            cinema,
            date,
        } => {
            for s in c
                .list_showtimes(movie, cinema, None, date)
                .await
                .map_err(e)?
            {
                println!(
                    "{}  {}  {:<10} {:<4} {:<9} {}",
                    s.id, s.local_start, s.hall_name, s.format, s.status, s.movie_title
                );
            }
        }
        ShowtimeCommand::Cancel { id, reason } => {
            let s = c.cancel_showtime(&id, reason).await.map_err(e)?;
            println!("showtime {} is {}", s.id, s.status);
        }
    }
    Ok(ExitCode::SUCCESS)
}
