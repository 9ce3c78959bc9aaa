//! Rules of loyalty: a member's standing from the ledger, the programme a manager sets, and
//! [`record`], the one way a sale appends to the ledger (with its event).

use super::store::{self, NewEntry};
use super::{tier_of, LoyaltyError, Program, Summary, Tier};
use crate::sales::{SaleEvent, Sales, Tx};
use crate::users::AuthUser;

/// The loyalty service over bookings.db.
#[derive(Clone)]
pub struct Loyalty {
    pub(super) sales: Sales,
}

/// The programme with its tiers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramWithTiers {
    /// Rates.
    #[serde(flatten)]
    pub program: Program,
    /// Tiers by ascending spend; the first starts at 0.
    pub tiers: Vec<Tier>,
}

// By hand: the derive would write the flattened rates as an `allOf` whose parts each forbid
// the other's fields; this is the one object the API reads and writes.
impl utoipa::PartialSchema for ProgramWithTiers {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, Schema};
        use utoipa::openapi::{Ref, RefOr};
        let mut schema = <Program as utoipa::PartialSchema>::schema();
        if let RefOr::T(Schema::Object(o)) = &mut schema {
            o.description = Some("The programme's rates, with its tiers.".into());
            o.properties.insert(
                "tiers".into(),
                ArrayBuilder::new()
                    .items(Ref::from_schema_name("LoyaltyTier"))
                    .description(Some("Tiers by ascending spend; the first starts at 0."))
                    .into(),
            );
            o.required.push("tiers".into());
        }
        schema
    }
}

impl utoipa::ToSchema for ProgramWithTiers {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((
            "LoyaltyTier".into(),
            <super::Tier as utoipa::PartialSchema>::schema(),
        ));
    }
}

impl Loyalty {
    /// The service.
    pub fn new(sales: Sales) -> Loyalty {
        Loyalty { sales }
    }

    /// `user_id`'s balance, tier, progress and latest entries.
    pub async fn summary(&self, user_id: &str, history: u32) -> Result<Summary, LoyaltyError> {
        let user = user_id.to_string();
        self.sales
            .read(move |c| summary_in(c, &user, history))
            .await
    }

    /// The programme and tiers.
    pub async fn program(&self) -> Result<ProgramWithTiers, LoyaltyError> {
        self.sales
            .read(|c| {
                Ok(ProgramWithTiers {
                    program: store::program(c)?,
                    tiers: store::tiers(c)?,
                })
            })
            .await
    }

    /// Replace the programme and tiers (`promotion:manage`).
    pub async fn set_program(
        &self,
        user: &AuthUser,
        p: ProgramWithTiers,
    ) -> Result<ProgramWithTiers, LoyaltyError> {
        if !user.can("promotion:manage") {
            return Err(LoyaltyError::Forbidden("promotion:manage"));
        }
        validate(&p)?;
        let saved = p.clone();
        self.sales
            .run(move |tx| store::set_program(tx, &p.program, &p.tiers))
            .await?;
        Ok(saved)
    }
}

/// A member's standing read on `conn`.
pub fn summary_in(
    conn: &rusqlite::Connection,
    user_id: &str,
    history: u32,
) -> Result<Summary, LoyaltyError> {
    let (balance, spend) = store::totals(conn, user_id)?;
    let program = store::program(conn)?;
    let tiers = store::tiers(conn)?;
    let (tier, next) = tier_of(&tiers, spend);
    let from = tier.map_or(0, |t| t.min_spend);
    let progress_percent = match next {
        Some(n) if n.min_spend > from => {
            ((spend - from) * 100 / (n.min_spend - from)).clamp(0, 100)
        }
        Some(_) => 0,
        None => 100,
    };
    Ok(Summary {
        user_id: user_id.to_string(),
        balance,
        balance_value: balance.saturating_mul(program.point_value),
        spend,
        tier: tier.map(|t| t.name.clone()).unwrap_or_default(),
        next_tier: next.map(|t| t.name.clone()),
        to_next_tier: next.map(|t| t.min_spend - spend),
        progress_percent,
        program,
        history: store::history(conn, user_id, history)?,
    })
}

/// Append to the ledger inside the caller's sale and tell head office; `None` when the
/// booking already had an entry of this kind.
pub fn record(tx: &mut Tx<'_>, e: &NewEntry<'_>) -> Result<Option<i64>, LoyaltyError> {
    let Some(id) = store::append(tx, e)? else {
        return Ok(None);
    };
    tx.emit(
        SaleEvent::LoyaltyEntry {
            entry_id: id,
            user_id: e.user_id.to_string(),
            kind: e.kind.as_str().to_string(),
            points: e.points,
            spend: e.spend,
            booking_id: e.booking_id.map(String::from),
        },
        e.now,
    )?;
    Ok(Some(id))
}

fn invalid(field: &'static str, problem: &str) -> LoyaltyError {
    LoyaltyError::Invalid {
        field,
        problem: problem.into(),
    }
}

fn validate(p: &ProgramWithTiers) -> Result<(), LoyaltyError> {
    let r = &p.program;
    if !(0..=100).contains(&r.earn_percent) {
        return Err(invalid("earn_percent", "0 to 100"));
    }
    if !(1..=1_000_000).contains(&r.point_value) {
        return Err(invalid("point_value", "VND per point, 1 to 1000000"));
    }
    if !(0..=100).contains(&r.max_redeem_percent) {
        return Err(invalid("max_redeem_percent", "0 to 100"));
    }
    if p.tiers.is_empty() || p.tiers.len() > 10 || p.tiers[0].min_spend != 0 {
        return Err(invalid("tiers", "1 to 10 tiers, the first starting at 0"));
    }
    let rising = p.tiers.windows(2).all(|w| w[0].min_spend < w[1].min_spend);
    let named = p
        .tiers
        .iter()
        .all(|t| !t.name.trim().is_empty() && t.name.len() <= 30);
    if !rising || !named {
        return Err(invalid(
            "tiers",
            "named (1 to 30 characters) and in rising order of min_spend",
        ));
    }
    Ok(())
}
