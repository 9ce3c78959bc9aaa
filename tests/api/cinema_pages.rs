//! Cinema first: the cinemas by city, then a cinema's day behind date tabs, each film with its
//! showtimes grouped by format and language, each button with its price from and seats left;
//! a show that has started is no longer offered online.

use crate::helpers::{spawn_app, TestApp};
use moviehub::cinemas::ShowtimeStatus;

async fn demo_app() -> TestApp {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    app
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let res = app
        .client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("get");
    (res.status().as_u16(), res.text().await.expect("body"))
}

#[tokio::test]
async fn cinemas_by_city_then_a_day_of_films_by_version_with_prices_and_seats() {
    let app = demo_app().await;
    let cinemas = app
        .state
        .cinemas
        .list_cinemas(&Default::default())
        .await
        .expect("cinemas");
    let (status, list) = page(&app, "/cinemas").await;
    assert_eq!(status, 200);
    assert!(
        list.contains("<h1 id=\"cinemas-h\">Rạp chiếu</h1>"),
        "{list}"
    );
    for c in &cinemas {
        assert!(
            list.contains(&format!("href=\"/cinemas/{}\"", c.id)),
            "{}",
            c.name
        );
        assert!(list.contains(&format!("<h2>{}</h2>", c.city)), "{}", c.city);
    }

    // The cinema with the most showtimes today (the demo schedules every cinema).
    let today = app.state.catalog.today();
    let mut best = (0, String::new());
    for c in &cinemas {
        let shows = app
            .state
            .cinemas
            .list_showtimes(None, Some(c.id.clone()), None, Some(today))
            .await
            .expect("showtimes");
        if shows.len() > best.0 {
            best = (shows.len(), c.id.clone());
        }
    }
    let cinema = best.1;
    let (_, day) = page(&app, &format!("/cinemas/{cinema}")).await;
    assert!(
        day.contains("aria-current=\"date\">Hôm nay</a>"),
        "today's tab is current"
    );
    assert!(day.contains(">Ngày mai</a>"));
    let tabs = day
        .matches(&format!("href=\"/cinemas/{cinema}?date="))
        .count();
    assert_eq!(tabs, app.state.settings.cinema.sales_open_days as usize);
    let shows = app
        .state
        .cinemas
        .list_showtimes(None, Some(cinema.clone()), None, Some(today))
        .await
        .expect("showtimes");
    let selling = shows
        .iter()
        .find(|s| s.status == ShowtimeStatus::Selling && s.available_seats > 0)
        .expect("a showtime selling today");
    let facts = app
        .state
        .cinemas
        .showtime_facts(&selling.id)
        .await
        .expect("facts");
    let from = facts
        .seats
        .iter()
        .map(|s| s.price)
        .filter(|p| *p > 0)
        .min()
        .expect("price");
    let button = format!("href=\"/showtimes/{}\"", selling.id);
    let at = day.find(&button).expect("the showtime's button");
    let rest = &day[at..at + 400.min(day.len() - at)];
    assert!(
        rest.contains(&format!("Từ {}", moviehub::web::vnd(from))),
        "{rest}"
    );
    assert!(
        rest.contains(&format!("Còn {} ghế", selling.available_seats)),
        "{rest}"
    );
    let version = format!("<h3>{} · ", selling.format.as_str());
    assert!(day.contains(&version), "grouped by format");
    assert!(
        day.contains(" · Phụ đề</h3>")
            || day.contains(" · Nguyên bản</h3>")
            || day.contains(" · Lồng tiếng</h3>"),
        "grouped by language"
    );

    // Once the show has started it is not offered online any more.
    let start: chrono::DateTime<chrono::Utc> = selling.start_time.parse().expect("start");
    app.clock.set(start + chrono::Duration::minutes(1));
    let (_, later) = page(&app, &format!("/cinemas/{cinema}")).await;
    assert!(!later.contains(&button), "a started show has no link");
    assert!(later.contains("Đã bắt đầu"));
    let (_, seats) = page(&app, &format!("/showtimes/{}", selling.id)).await;
    assert!(
        seats.contains("data-on-sale=\"false\""),
        "the seat map stops selling"
    );
    assert!(seats.contains("Suất chiếu đã bắt đầu nên không bán vé trực tuyến nữa."));
    app.stop().await;
}

#[tokio::test]
async fn a_day_outside_the_sales_window_and_an_unknown_cinema_say_so() {
    let app = demo_app().await;
    let cinema = app
        .state
        .cinemas
        .list_cinemas(&Default::default())
        .await
        .expect("cinemas")[0]
        .id
        .clone();
    let (status, html) = page(&app, &format!("/cinemas/{cinema}?date=2020-01-01")).await;
    assert_eq!(status, 400);
    assert!(html.contains("Hãy chọn một ngày từ hôm nay đến"), "{html}");
    let (status, html) = page(&app, &format!("/cinemas/{cinema}?date=tomorrow")).await;
    assert_eq!(status, 400, "{html}");
    let (status, html) = page(&app, "/cinemas/nope").await;
    assert_eq!(status, 404);
    assert!(html.contains("Không tìm thấy rạp này."));
    app.stop().await;
}
