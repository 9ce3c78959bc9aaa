//! `/points`: the signed-in moviegoer's loyalty points — balance and what it is worth, tier and
//! the way to the next, how points are earned and spent, and the ledger's latest entries.

use super::checkout::sign_in_first;
use super::{render, tr, tr_with, vnd, Layout, PageError, Viewer};
use crate::i18n::Arg;
use crate::web::Pages;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

/// One ledger line on the page.
pub struct EntryLine {
    /// "02/12/2026".
    pub date: String,
    /// "Tích điểm", "Dùng điểm", …
    pub kind: String,
    /// "+23", "−50".
    pub points: String,
    /// Positive (CSS).
    pub gain: bool,
    /// The booking it belongs to.
    pub booking_id: Option<String>,
}

/// One tier of the programme.
pub struct TierLine {
    pub name: String,
    /// "Từ 5.000.000 ₫".
    pub from: String,
    /// The member's tier.
    pub current: bool,
}

#[derive(Template)]
#[template(path = "points.html")]
struct PointsPage {
    layout: Layout,
    balance: i64,
    /// "23.000 ₫".
    worth: String,
    tier: String,
    /// "Còn 4.770.000 ₫ để lên SILVER" (empty at the top tier).
    next: String,
    progress: i64,
    /// "Đã chi tiêu 230.000 ₫".
    spend: String,
    earn_percent: i64,
    point_value: String,
    max_redeem_percent: i64,
    tiers: Vec<TierLine>,
    entries: Vec<EntryLine>,
}

/// `GET /points`.
pub async fn page(State(s): State<Pages>, viewer: Viewer) -> Result<Response, PageError> {
    let Some(user) = viewer.0.as_ref() else {
        return Ok(sign_in_first("/points"));
    };
    let sum = s.loyalty.summary(&user.id, 50).await?;
    let program = s.loyalty.program().await?;
    let tz = s.settings.timezone();
    let entries = sum
        .history
        .iter()
        .map(|e| EntryLine {
            date: chrono::DateTime::parse_from_rfc3339(&e.created_at)
                .map(|t| t.with_timezone(&tz).format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            kind: tr(&format!("points-kind-{}", e.kind)),
            points: if e.points >= 0 {
                format!("+{}", e.points)
            } else {
                format!("−{}", e.points.unsigned_abs())
            },
            gain: e.points >= 0,
            booking_id: e.booking_id.clone(),
        })
        .collect();
    let next = match (&sum.next_tier, sum.to_next_tier) {
        (Some(name), Some(left)) => tr_with(
            "points-to-next",
            &[
                ("amount", Arg::from(vnd(left))),
                ("tier", Arg::from(name.as_str())),
            ],
        ),
        _ => String::new(),
    };
    render(&PointsPage {
        layout: Layout::new("points-title", &viewer),
        balance: sum.balance,
        worth: vnd(sum.balance_value),
        tier: sum.tier.clone(),
        next,
        progress: sum.progress_percent,
        spend: tr_with("points-spend", &[("amount", Arg::from(vnd(sum.spend)))]),
        earn_percent: sum.program.earn_percent,
        point_value: vnd(sum.program.point_value),
        max_redeem_percent: sum.program.max_redeem_percent,
        tiers: program
            .tiers
            .iter()
            .map(|t| TierLine {
                name: t.name.clone(),
                from: tr_with(
                    "points-tier-from",
                    &[("amount", Arg::from(vnd(t.min_spend)))],
                ),
                current: t.name == sum.tier,
            })
            .collect(),
        entries,
    })
}
