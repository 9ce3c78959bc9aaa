//! Demo data: two cinemas (Ho Chi Minh City, Hanoi), halls of every kind, full pricing with
//! the national holidays, and a week of showtimes for the given movies.

use super::batch::BatchRequest;
use super::layout::LayoutSpec;
use super::service::NewHall;
use super::Cinemas;
use super::{DayType, Format, Hall, HallType, Holiday, LayoutType, NewCinema, Price, SeatType};
use crate::catalog::MovieBrief;
use crate::clock::Clock;
use crate::config::Settings;
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use serde_json::json;
use std::collections::BTreeSet;

struct HallPlan {
    name: &'static str,
    hall_type: HallType,
    layout_type: LayoutType,
    layout: serde_json::Value,
}

fn letters(n: u8) -> Vec<String> {
    (0..n).map(|i| char::from(b'A' + i).to_string()).collect()
}

fn halls_hcmc() -> Vec<HallPlan> {
    vec![
        HallPlan {
            name: "IMAX",
            hall_type: HallType::Imax,
            layout_type: LayoutType::Stadium,
            // 15 rows × 20 = 300 seats, two aisles, VIP middle rows, four wheelchair places.
            layout: json!({"rows": letters(15), "seats_per_row": 20, "aisles_after": [4, 16],
                "seat_types": {"VIP": ["G", "H", "I", "J"], "WHEELCHAIR": ["A1", "A2", "A19", "A20"]}}),
        },
        HallPlan {
            name: "Cinema 2",
            hall_type: HallType::Standard,
            layout_type: LayoutType::DualAisle,
            layout: json!({"rows": letters(10), "seats_per_row": 14, "aisles_after": [4, 10],
                "seat_types": {"VIP": ["E", "F", "G"], "COUPLE": ["J"], "WHEELCHAIR": ["A1", "A2"]}}),
        },
        HallPlan {
            name: "4DX",
            hall_type: HallType::FourDx,
            layout_type: LayoutType::Stadium,
            layout: json!({"rows": letters(8), "seats_per_row": 12, "aisles_after": [6],
                "seat_types": {"WHEELCHAIR": ["A1"]}}),
        },
        HallPlan {
            name: "L'amour VIP",
            hall_type: HallType::Vip,
            layout_type: LayoutType::Standard,
            layout: json!({"rows": letters(4), "seats_per_row": 8, "aisles_after": [4],
                "seat_types": {"VIP": ["A", "B", "C"], "COUPLE": ["D"]}}),
        },
    ]
}

fn halls_hanoi() -> Vec<HallPlan> {
    vec![
        HallPlan {
            name: "Cinema 1",
            hall_type: HallType::Standard,
            layout_type: LayoutType::Standard,
            layout: json!({"rows": letters(12), "seats_per_row": 16, "row_seats": {"L": 12},
                "aisles_after": [8],
                "seat_types": {"VIP": ["F", "G", "H"], "COUPLE": ["L"], "WHEELCHAIR": ["A1", "A16"]}}),
        },
        HallPlan {
            name: "Premium 2",
            hall_type: HallType::Premium,
            layout_type: LayoutType::DualAisle,
            layout: json!({"rows": letters(9), "seats_per_row": 14, "aisles_after": [3, 11],
                "seat_types": {"PREMIUM": ["D", "E", "F", "G"], "WHEELCHAIR": ["A1"]}}),
        },
        HallPlan {
            name: "Gold Class",
            hall_type: HallType::Vip,
            layout_type: LayoutType::Standard,
            layout: json!({"rows": letters(3), "seats_per_row": 6,
                "seat_types": {"VIP": ["A", "B"], "COUPLE": ["C"]}}),
        },
    ]
}

/// Price of one combination: hall base + seat extra + day extra, in whole thousands VND.
fn price(hall: HallType, seat: SeatType, day: DayType) -> i64 {
    let base = match hall {
        HallType::Standard => 85_000,
        HallType::Premium => 110_000,
        HallType::Imax => 150_000,
        HallType::FourDx => 180_000,
        HallType::Vip => 220_000,
    };
    let seat_extra = match seat {
        SeatType::Standard | SeatType::Wheelchair => 0,
        SeatType::Vip => 30_000,
        SeatType::Premium => 40_000,
        SeatType::Couple => 25_000,
    };
    let day_extra = match day {
        DayType::Weekday => 0,
        DayType::Weekend => 20_000,
        DayType::Holiday => 40_000,
    };
    base + seat_extra + day_extra
}

/// Load the demo cinemas and a week of showtimes of `movies`; returns a summary.
pub async fn seed(
    c: &Cinemas,
    settings: &Settings,
    clock: &Clock,
    movies: &[MovieBrief],
) -> Result<String, String> {
    let err = |e: super::CinemasError| e.to_string();
    let year = clock.now().year();
    for y in [year, year + 1] {
        for (m, d, name) in [
            (1, 1, "New Year's Day"),
            (4, 30, "Reunification Day"),
            (5, 1, "Labour Day"),
            (9, 2, "National Day"),
        ] {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                c.add_holiday(Holiday {
                    date,
                    name: name.into(),
                })
                .await
                .map_err(err)?;
            }
        }
    }
    let sites = [
        (
            NewCinema {
                name: "MovieHub Landmark 81".into(),
                address: "720A Điện Biên Phủ, Phường 22".into(),
                city: "TP. Hồ Chí Minh".into(),
                district: "Bình Thạnh".into(),
                latitude: 10.7950,
                longitude: 106.7218,
                amenities: [
                    "Parking",
                    "Food Court",
                    "Wheelchair Access",
                    "IMAX",
                    "Couple Seats",
                ]
                .map(String::from)
                .to_vec(),
                rating: 4.6,
                timezone: None,
            },
            halls_hcmc(),
        ),
        (
            NewCinema {
                name: "MovieHub Vincom Bà Triệu".into(),
                address: "191 Bà Triệu".into(),
                city: "Hà Nội".into(),
                district: "Hai Bà Trưng".into(),
                latitude: 21.0112,
                longitude: 105.8494,
                amenities: ["Parking", "Food Court", "Wheelchair Access", "Couple Seats"]
                    .map(String::from)
                    .to_vec(),
                rating: 4.3,
                timezone: None,
            },
            halls_hanoi(),
        ),
    ];
    let mut summary = String::from("Demo cinemas:\n");
    let mut halls: Vec<Hall> = Vec::new();
    for (cinema, plans) in sites {
        let cinema = c.create_cinema(cinema).await.map_err(err)?;
        summary.push_str(&format!("  {} ({})\n", cinema.name, cinema.city));
        for p in plans {
            let layout: LayoutSpec = serde_json::from_value(p.layout).map_err(|e| e.to_string())?;
            let new = NewHall {
                name: p.name.into(),
                hall_type: p.hall_type,
                layout_type: p.layout_type,
                layout,
            };
            let h = c.create_hall(&cinema.id, new).await.map_err(err)?;
            let types: BTreeSet<SeatType> = h.seats.iter().map(|s| s.seat_type).collect();
            let prices = types
                .iter()
                .flat_map(|t| DayType::ALL.iter().map(move |d| (*t, *d)))
                .map(|(seat_type, day_type)| Price {
                    seat_type,
                    day_type,
                    price: price(h.hall.hall_type, seat_type, day_type),
                })
                .collect();
            c.set_prices(&h.hall.id, prices).await.map_err(err)?;
            summary.push_str(&format!(
                "    {:<12} {:<8} {} seats\n",
                h.hall.name, h.hall.hall_type, h.hall.capacity
            ));
            halls.push(h.hall);
        }
    }
    if movies.is_empty() {
        return Ok(summary);
    }
    let count = schedule_week(c, settings, clock, &halls, movies).await?;
    summary.push_str(&format!("  {count} showtimes over the coming week\n"));
    Ok(summary)
}

/// Fill every hall from 09:00 to about 23:00 local today and on each of the next seven days,
/// rotating movies per hall, each showtime starting on a quarter hour after the previous one
/// ends. Today keeps only the shows starting two hours from now or later, so the box office
/// has something to sell on the day the demo is started and online sales are still open.
async fn schedule_week(
    c: &Cinemas,
    settings: &Settings,
    clock: &Clock,
    halls: &[Hall],
    movies: &[MovieBrief],
) -> Result<usize, String> {
    let tz = settings.timezone();
    let gap = i64::from(settings.cinema.cleaning_gap_minutes);
    let now = clock.now();
    let today = now.with_timezone(&tz).date_naive();
    let earliest = now + Duration::hours(2);
    let mut count = 0;
    for (hi, hall) in halls.iter().enumerate() {
        let format = match hall.hall_type {
            HallType::Imax => Format::Imax,
            HallType::FourDx => Format::FourDx,
            _ if hi % 3 == 1 => Format::ThreeD,
            _ => Format::TwoD,
        };
        for (mi, movie) in movies.iter().enumerate() {
            let mut starts = Vec::new();
            for day in 0..=7 {
                let date = today + Duration::days(day);
                let Some(open) = date
                    .and_hms_opt(9, 0, 0)
                    .and_then(|t| tz.from_local_datetime(&t).earliest())
                else {
                    continue;
                };
                let mut at = open.with_timezone(&Utc)
                    + Duration::minutes(15 * ((hi + day as usize) % 4) as i64);
                let mut slot = 0;
                while at.with_timezone(&tz).hour() < 23
                    && at.with_timezone(&tz).date_naive() == date
                {
                    let playing = &movies[(slot + hi + day as usize) % movies.len()];
                    if playing.id == movie.id && at >= earliest {
                        starts.push(at.to_rfc3339());
                    }
                    let len = i64::from(playing.runtime_minutes) + gap;
                    at += Duration::minutes((len + 14) / 15 * 15);
                    slot += 1;
                }
            }
            if starts.is_empty() {
                continue;
            }
            let b = BatchRequest {
                movie_id: movie.id.clone(),
                hall_id: hall.id.clone(),
                format,
                language: if mi == 0 { "vi".into() } else { "en".into() },
                subtitles: if mi == 0 { vec![] } else { vec!["vi".into()] },
                start_times: Some(starts),
                daily: None,
            };
            count += c
                .schedule(b)
                .await
                .map_err(|e| format!("demo showtimes in {}: {e}", hall.name))?
                .len();
        }
    }
    Ok(count)
}
