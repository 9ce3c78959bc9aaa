//! Cash movements of a till session: every coin in or out of the drawer is one row — the
//! float, a cash sale, a cash refund, a drop to the safe, a pay-in, a pay-out — with who and
//! why. The expected cash at close is their sum.

use super::{store, TillsError, MAX_CASH};
use crate::sales::{SaleEvent, Tx};
use serde::{Deserialize, Serialize};

/// What moved the cash.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MoveKind {
    /// Put in when the till opened.
    Float,
    /// A cash sale (the booking's total; the change went back).
    Sale,
    /// A cash refund paid out.
    Refund,
    /// Cash taken to the safe during the shift.
    Drop,
    /// Cash put in (more change from the safe).
    PayIn,
    /// Cash paid out for an expense (with a receipt).
    PayOut,
}

impl MoveKind {
    /// Code as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            MoveKind::Float => "FLOAT",
            MoveKind::Sale => "SALE",
            MoveKind::Refund => "REFUND",
            MoveKind::Drop => "DROP",
            MoveKind::PayIn => "PAY_IN",
            MoveKind::PayOut => "PAY_OUT",
        }
    }

    /// Parse a stored code.
    pub fn parse(s: &str) -> Option<MoveKind> {
        [
            MoveKind::Float,
            MoveKind::Sale,
            MoveKind::Refund,
            MoveKind::Drop,
            MoveKind::PayIn,
            MoveKind::PayOut,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Whether cash leaves the drawer.
    pub fn is_out(self) -> bool {
        matches!(self, MoveKind::Refund | MoveKind::Drop | MoveKind::PayOut)
    }

    /// Whether a cashier records it by hand (the others come with a sale, a refund or the
    /// opening).
    pub fn by_hand(self) -> bool {
        matches!(self, MoveKind::Drop | MoveKind::PayIn | MoveKind::PayOut)
    }
}

/// A movement as stored.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[schema(as = CashMovement)]
pub struct Movement {
    pub id: i64,
    pub session_id: String,
    pub kind: MoveKind,
    /// Signed VND: into the drawer positive.
    pub amount: i64,
    pub booking_id: Option<String>,
    pub payment_id: Option<String>,
    pub refund_id: Option<String>,
    /// Who.
    pub actor_id: String,
    /// Why.
    pub reason: String,
    pub created_at: String,
}

impl Movement {
    /// A new movement of `kind` for `amount` VND (given positive; signed here).
    pub fn new(session_id: &str, kind: MoveKind, amount: i64, actor_id: &str, now: &str) -> Self {
        Movement {
            id: 0,
            session_id: session_id.to_string(),
            kind,
            amount: if kind.is_out() {
                -amount.abs()
            } else {
                amount.abs()
            },
            booking_id: None,
            payment_id: None,
            refund_id: None,
            actor_id: actor_id.to_string(),
            reason: String::new(),
            created_at: now.to_string(),
        }
    }
}

/// Record `m` inside the caller's sale and tell head office.
pub fn record(tx: &mut Tx<'_>, mut m: Movement) -> Result<Movement, TillsError> {
    m.id = store::insert_movement(tx, &m)?;
    tx.emit(
        SaleEvent::TillMoved {
            session_id: m.session_id.clone(),
            kind: m.kind.as_str().to_string(),
            amount: m.amount,
            actor_id: m.actor_id.clone(),
            reason: m.reason.clone(),
            at: m.created_at.clone(),
        },
        &m.created_at.clone(),
    )?;
    Ok(m)
}

/// Check a movement a cashier records by hand: a drop, pay-in or pay-out of 1 VND to
/// [`MAX_CASH`] with a reason of 1 to 200 characters; a drop or pay-out may not take more than
/// the drawer holds (`in_drawer`).
pub fn validate_by_hand(
    kind: MoveKind,
    amount: i64,
    reason: &str,
    in_drawer: i64,
) -> Result<(), TillsError> {
    if !kind.by_hand() {
        return Err(TillsError::Invalid {
            field: "kind",
            problem:
                "must be DROP, PAY_IN or PAY_OUT (floats, sales and refunds are recorded with them)"
                    .into(),
        });
    }
    if amount <= 0 || amount > MAX_CASH {
        return Err(TillsError::Invalid {
            field: "amount",
            problem: format!("must be 1 to {MAX_CASH} VND"),
        });
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(TillsError::Invalid {
            field: "reason",
            problem: "must say why, in 1 to 200 characters".into(),
        });
    }
    if kind.is_out() && amount > in_drawer {
        return Err(TillsError::Invalid {
            field: "amount",
            problem: format!("the drawer should hold only {in_drawer} VND"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_out_is_negative_and_money_in_positive() {
        assert_eq!(
            Movement::new("s", MoveKind::Drop, 500, "c", "t").amount,
            -500
        );
        assert_eq!(
            Movement::new("s", MoveKind::Refund, -70, "c", "t").amount,
            -70
        );
        assert_eq!(
            Movement::new("s", MoveKind::PayIn, 100, "c", "t").amount,
            100
        );
        assert_eq!(Movement::new("s", MoveKind::Sale, 90, "c", "t").amount, 90);
    }

    #[test]
    fn a_hand_movement_names_its_reason_and_cannot_empty_more_than_the_drawer() {
        assert!(validate_by_hand(MoveKind::Drop, 100, "két", 100).is_ok());
        let over = validate_by_hand(MoveKind::Drop, 101, "két", 100).expect_err("over");
        assert!(over.to_string().starts_with("amount:"), "{over}");
        let why = validate_by_hand(MoveKind::PayOut, 10, "  ", 100).expect_err("reason");
        assert!(why.to_string().starts_with("reason:"), "{why}");
        let kind = validate_by_hand(MoveKind::Sale, 10, "x", 100).expect_err("kind");
        assert!(kind.to_string().starts_with("kind:"), "{kind}");
        assert!(validate_by_hand(MoveKind::PayIn, 10, "tiền lẻ", 0).is_ok());
    }
}
