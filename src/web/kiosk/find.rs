//! `GET /kiosk/find?q=…`: the counter finds a booking (an online booking picked up at the
//! box office) from what the customer shows or says: the booking code, a ticket code typed
//! or its QR scanned (the scanner types the `MH1.…` text and Enter), their phone or e-mail.
//! Paid bookings get a link to the ticket print view.

use super::{local_fmt, MaybeStaff, Stop};
use crate::bookings::store::ListFilter;
use crate::bookings::{Booking, BookingStatus, BookingsError};
use crate::tickets::{TicketCode, QR_PREFIX};
use crate::users::UsersError;
use crate::web::{render, tr, tr_with, vnd, Layout, Pages};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::Deserialize;

/// Most bookings listed for one customer (newest first).
const MAX_FOUND: u32 = 20;

/// What the cashier typed or scanned, once recognised.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A booking's id (UUID).
    Booking(String),
    /// A ticket's canonical code (typed, or read from its QR text).
    Ticket(String),
    /// A phone number, digits only, national form (`0…`).
    Phone(String),
    /// An e-mail address.
    Email(String),
}

/// Why the text cannot be looked up; each is a sentence for the cashier.
#[derive(Debug, PartialEq, Eq)]
pub enum NotALookup {
    Empty,
    /// A ticket code whose check symbols do not match (a typo).
    MistypedCode,
    /// `MH1.…` text that does not carry a ticket code.
    BadQr,
    Unknown,
}

impl NotALookup {
    fn sentence(&self) -> String {
        tr(match self {
            NotALookup::Empty => "kiosk-find-empty",
            NotALookup::MistypedCode => "kiosk-find-bad-code",
            NotALookup::BadQr => "kiosk-find-bad-qr",
            NotALookup::Unknown => "kiosk-find-bad",
        })
    }
}

pub use crate::users::phone_digits;

/// The ticket code inside a ticket's QR text (`MH1.<payload>.<signature>`; the payload is the
/// version byte then the 28 code symbols). The signature is not checked here: the code is
/// looked up, and only a real ticket's code finds a booking.
fn code_in_qr(text: &str) -> Option<TicketCode> {
    let mut parts = text.split('.');
    let (Some(QR_PREFIX), Some(payload)) = (parts.next(), parts.next()) else {
        return None;
    };
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let symbols = bytes.get(1..29)?;
    TicketCode::parse(std::str::from_utf8(symbols).ok()?).ok()
}

/// Recognise what was typed or scanned.
pub fn recognise(text: &str) -> Result<Lookup, NotALookup> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NotALookup::Empty);
    }
    if text.starts_with(&format!("{QR_PREFIX}.")) {
        return code_in_qr(text)
            .map(|c| Lookup::Ticket(c.as_str().to_string()))
            .ok_or(NotALookup::BadQr);
    }
    if text.contains('@') {
        let ok = text.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !text.contains(char::is_whitespace)
        });
        return if ok {
            Ok(Lookup::Email(text.to_string()))
        } else {
            Err(NotALookup::Unknown)
        };
    }
    if let Ok(id) = uuid::Uuid::parse_str(text) {
        return Ok(Lookup::Booking(id.hyphenated().to_string()));
    }
    if let Some(phone) = phone_digits(text) {
        return Ok(Lookup::Phone(phone));
    }
    match TicketCode::parse(text) {
        Ok(code) => Ok(Lookup::Ticket(code.as_str().to_string())),
        Err(_) => {
            let symbols = text.chars().filter(char::is_ascii_alphanumeric).count();
            let code_like = text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ');
            if code_like && symbols == 28 {
                Err(NotALookup::MistypedCode)
            } else {
                Err(NotALookup::Unknown)
            }
        }
    }
}

/// One booking found.
pub struct Found {
    id: String,
    movie: String,
    /// "24/11/2026 20:00" at the cinema.
    when: String,
    hall: String,
    cinema: String,
    seats: String,
    total: String,
    status: &'static str,
    status_label: String,
    printable: bool,
    /// Paid or already cancelled (a ticket sale): the refund page, to refund it or see its refund.
    refundable: bool,
    /// Concessions sold alone: no film, the receipt instead of tickets.
    concessions_only: bool,
    /// "Bắp rang bơ × 2, Nước suối × 1".
    items: String,
}

#[derive(Template)]
#[template(path = "kiosk_find.html")]
struct FindPage {
    layout: Layout,
    query: String,
    error: Option<String>,
    /// Searched (the form was sent with something recognisable).
    searched: bool,
    found: Vec<Found>,
}

#[derive(Debug, Default, Deserialize)]
pub struct FindQuery {
    #[serde(default)]
    q: Option<String>,
}

/// The bookings of the account with this e-mail.
async fn by_email(s: &Pages, email: &str) -> Result<Vec<Booking>, Stop> {
    match s.users.by_email(email).await {
        Ok(u) => of_user(s, &u.id).await,
        Err(UsersError::UserNotFound(_)) => Ok(Vec::new()),
        Err(e) => Err(e.into()),
    }
}

/// The bookings of every account with this phone number.
async fn by_phone(s: &Pages, phone: &str) -> Result<Vec<Booking>, Stop> {
    let wanted = phone.to_string();
    let owners = s
        .users
        .ids_by_phone(move |stored| phone_digits(stored).as_deref() == Some(wanted.as_str()))
        .await?;
    let mut out = Vec::new();
    for id in owners {
        out.extend(of_user(s, &id).await?);
    }
    out.sort_by(|a, b| b.id.cmp(&a.id));
    out.truncate(MAX_FOUND as usize);
    Ok(out)
}

async fn of_user(s: &Pages, user_id: &str) -> Result<Vec<Booking>, Stop> {
    let filter = ListFilter {
        user_id: Some(user_id.to_string()),
        limit: MAX_FOUND,
        ..ListFilter::default()
    };
    Ok(s.bookings.list(filter).await?.0)
}

async fn bookings_for(s: &Pages, lookup: &Lookup) -> Result<Vec<Booking>, Stop> {
    match lookup {
        Lookup::Booking(id) => match s.bookings.get(id).await {
            Ok(b) => Ok(vec![b]),
            Err(BookingsError::NotFound(_)) => Ok(Vec::new()),
            Err(e) => Err(e.into()),
        },
        Lookup::Ticket(code) => Ok(s.bookings.by_ticket_code(code).await?.into_iter().collect()),
        Lookup::Email(email) => by_email(s, email).await,
        Lookup::Phone(phone) => by_phone(s, phone).await,
    }
}

async fn describe(s: &Pages, b: Booking) -> Found {
    let (cinema, tz) = match s.cinemas.cinema(&b.cinema_id).await {
        Ok(c) => (c.name.clone(), c.timezone.clone()),
        Err(_) => (String::new(), s.settings.cinema.timezone.clone()),
    };
    let seats: Vec<&str> = b.seats.iter().map(|x| x.seat_label.as_str()).collect();
    let items: Vec<String> = b
        .concessions
        .iter()
        .map(|c| {
            tr_with(
                "kiosk-receipt-item",
                &[
                    ("name", crate::i18n::Arg::from(c.name.as_str())),
                    ("qty", crate::i18n::Arg::from(i64::from(c.qty))),
                ],
            )
        })
        .collect();
    let concessions_only = b.is_concessions_only();
    Found {
        when: local_fmt(&b.starts_at, &tz, "%d/%m/%Y %H:%M"),
        concessions_only,
        items: items.join(", "),
        seats: seats.join(", "),
        total: vnd(b.total),
        status: b.status.as_str(),
        status_label: tr(&format!("booking-status-{}", b.status.as_str())),
        printable: b.status == BookingStatus::Confirmed,
        refundable: !concessions_only
            && matches!(
                b.status,
                BookingStatus::Confirmed | BookingStatus::Cancelled
            ),
        movie: if concessions_only {
            tr("kiosk-find-concessions")
        } else {
            b.movie_title
        },
        hall: b.hall_name,
        cinema,
        id: b.id,
    }
}

/// `GET /kiosk/find[?q=…]`.
pub async fn page(
    State(s): State<Pages>,
    staff: MaybeStaff,
    Query(q): Query<FindQuery>,
) -> Result<Response, Stop> {
    let staff = staff.require_any(&["booking:sell"], "/kiosk/find")?;
    let mut page = FindPage {
        layout: staff.layout("kiosk-title-find"),
        query: q.q.clone().unwrap_or_default().trim().to_string(),
        error: None,
        searched: false,
        found: Vec::new(),
    };
    let Some(text) = q.q else {
        return Ok(render(&page)?);
    };
    match recognise(&text) {
        Err(why) => page.error = Some(why.sentence()),
        Ok(lookup) => {
            page.searched = true;
            for b in bookings_for(&s, &lookup).await? {
                page.found.push(describe(&s, b).await);
            }
        }
    }
    if page.searched && page.found.is_empty() {
        page.error = Some(tr_with(
            "kiosk-find-none",
            &[("query", crate::i18n::Arg::from(short(&page.query)))],
        ));
    }
    let mut res = render(&page)?;
    if page.error.is_some() && !page.searched {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// A long scanned text cut for a sentence.
fn short(text: &str) -> String {
    if text.chars().count() <= 40 {
        return text.to_string();
    }
    let head: String = text.chars().take(39).collect();
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_cashier_types_is_recognised() {
        let code = TicketCode::generate();
        assert_eq!(
            recognise(&code.compact().to_lowercase()),
            Ok(Lookup::Ticket(code.as_str().to_string()))
        );
        let id = uuid::Uuid::now_v7().to_string();
        assert_eq!(recognise(&format!(" {id} ")), Ok(Lookup::Booking(id)));
        assert_eq!(
            recognise("+84 901-234-567"),
            Ok(Lookup::Phone("0901234567".into()))
        );
        assert_eq!(
            recognise("0901 234 567"),
            Ok(Lookup::Phone("0901234567".into()))
        );
        assert_eq!(
            recognise("An@Example.com"),
            Ok(Lookup::Email("An@Example.com".into()))
        );
        assert_eq!(recognise("  "), Err(NotALookup::Empty));
        assert_eq!(recognise("abc"), Err(NotALookup::Unknown));
        assert_eq!(recognise("a@b"), Err(NotALookup::Unknown));
        assert_eq!(recognise("MH1.zzzz.yyyy"), Err(NotALookup::BadQr));
        let mut typo = code.compact();
        let first = if typo.starts_with('A') { "B" } else { "A" };
        typo.replace_range(0..1, first);
        assert_eq!(recognise(&typo), Err(NotALookup::MistypedCode));
    }

    #[test]
    fn a_signed_qr_text_carries_its_ticket_code() {
        let signer = crate::tickets::TicketSigner::from_seed(&[7; 32]);
        let code = TicketCode::generate();
        let text = signer.sign(&crate::tickets::TicketClaims {
            code: code.clone(),
            showtime_id: uuid::Uuid::now_v7(),
            seat_id: uuid::Uuid::now_v7(),
        });
        assert_eq!(
            recognise(&text),
            Ok(Lookup::Ticket(code.as_str().to_string()))
        );
    }
}
