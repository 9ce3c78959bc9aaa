//! How a refund reads on a page, shared by the moviegoer's booking page and the kiosk: the
//! quote (what comes back, line by line, and why), the reasons to choose from in the page's
//! language, and the note that says where a booking's refund stands.

use super::{tr, tr_with, vnd};
use crate::i18n::{Arg, Lang};
use crate::refunds::policy::Basis;
use crate::refunds::{Refund, RefundQuote, RefundStatus};

/// One line of a quote as shown.
pub struct QuoteLineView {
    /// "Ghế E7", "Bắp rang bơ × 2", "Giảm giá (GIAM20)".
    pub label: String,
    /// "90.000 ₫" (a discount: "−25.000 ₫").
    pub paid: String,
    /// "70 %".
    pub percent: String,
    /// "63.000 ₫".
    pub refund: String,
}

/// A quote as shown.
pub struct QuoteView {
    /// Why this much: "Hủy trước suất chiếu hơn 4 giờ: hoàn 70 % giá vé, bắp nước hoàn đủ."
    pub why: String,
    pub lines: Vec<QuoteLineView>,
    /// "181.000 ₫".
    pub amount: String,
    /// "Hoàn lại 100 điểm." when points paid part of it.
    pub points: Option<String>,
}

/// The quote in the page's language.
pub fn quote_view(q: &RefundQuote) -> QuoteView {
    let why = match q.basis {
        Basis::Full => tr("refund-why-full"),
        Basis::ShowStarted => tr("refund-why-started"),
        Basis::Policy { tier_minutes, .. } => tr_with(
            "refund-why-tier",
            &[
                ("hours", Arg::from(tier_minutes.unwrap_or(0) / 60)),
                ("minutes", Arg::from(tier_minutes.unwrap_or(0))),
                ("percent", Arg::from(i64::from(q.percent))),
            ],
        ),
    };
    let lines = q
        .lines
        .iter()
        .map(|l| QuoteLineView {
            label: match l.kind.as_str() {
                "seat" => tr_with("refund-line-seat", &[("seat", Arg::from(l.label.as_str()))]),
                "discount" => tr_with(
                    "refund-line-discount",
                    &[("code", Arg::from(l.label.as_str()))],
                ),
                _ => l.label.clone(),
            },
            paid: money(l.paid),
            percent: format!("{} %", l.percent),
            refund: money(l.refund),
        })
        .collect();
    QuoteView {
        why,
        lines,
        amount: vnd(q.amount),
        points: (q.points_returned > 0)
            .then(|| tr_with("refund-points-back", &[("n", Arg::from(q.points_returned))])),
    }
}

fn money(v: i64) -> String {
    if v < 0 {
        format!("−{}", vnd(-v))
    } else {
        vnd(v)
    }
}

/// A reason to choose: (code, label in the page's language).
pub fn reason_options(
    reasons: &[crate::refunds::Reason],
    lang: Lang,
    staff: bool,
) -> Vec<(String, String)> {
    reasons
        .iter()
        .filter(|r| staff || !r.staff)
        .map(|r| {
            let label = match lang {
                Lang::Vi => &r.label_vi,
                Lang::En => &r.label_en,
            };
            (r.code.clone(), label.clone())
        })
        .collect()
}

/// Where a refund stands, as one sentence for the booking's owner or the cashier.
pub struct RefundNote {
    /// The refund's status code (CSS class).
    pub status: String,
    pub text: String,
}

/// The note for a booking's latest refund.
pub fn note(r: &Refund) -> RefundNote {
    let amount = vnd(r.amount);
    let tender = tr(&format!("refund-tender-{}", tender_key(&r.method)));
    let args = [
        ("amount", Arg::from(amount.as_str())),
        ("tender", Arg::from(tender.as_str())),
    ];
    let mut text = match r.status {
        RefundStatus::AwaitingApproval => tr_with("refund-note-awaiting", &args),
        RefundStatus::Rejected => tr_with(
            "refund-note-rejected",
            &[("note", Arg::from(r.note.as_str()))],
        ),
        RefundStatus::Succeeded if r.amount == 0 => tr("refund-note-nothing"),
        RefundStatus::Succeeded => tr_with("refund-note-done", &args),
        RefundStatus::Pending | RefundStatus::Failed if r.method == "VNPAY" => {
            tr_with("refund-note-on-its-way", &args)
        }
        RefundStatus::Pending | RefundStatus::Failed => tr_with("refund-note-at-counter", &args),
    };
    if r.reason_code == "SHOWTIME_CANCELLED" {
        text = format!("{} {text}", tr("refund-note-show-cancelled"));
    }
    RefundNote {
        status: r.status.as_str().to_string(),
        text,
    }
}

fn tender_key(method: &str) -> &'static str {
    match method {
        "VNPAY" => "VNPAY",
        "CASH" => "CASH",
        "CARD" => "CARD",
        _ => "NONE",
    }
}
