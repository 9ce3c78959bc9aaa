//! HTTP handlers of loyalty: my points, the programme, and a member looked up at the kiosk.

use super::service::ProgramWithTiers;
use super::{Loyalty, Summary};
use crate::http::doc::Ok;
use crate::http::{ApiError, ApiResult, Data, Json, Query};
use crate::users::{perm, AuthUser, Can, Users};
use axum::extract::{FromRef, State};
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};

/// Routes of this domain.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Loyalty: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/api/v1/loyalty", get(mine))
        .route("/api/v1/loyalty/program", get(program).put(set_program))
        .route("/api/v1/loyalty/members", get(members))
}

/// `GET /api/v1/loyalty`: my balance, tier, progress to the next tier and history.
#[utoipa::path(get, path = "/api/v1/loyalty", tag = "loyalty", security(("bearer" = [])), responses((status = 200, description = "The caller's points, tier and history", body = Ok<Summary>)))]
async fn mine(State(l): State<Loyalty>, auth: AuthUser) -> ApiResult<Data<Summary>> {
    Ok(Data(l.summary(&auth.id, 100).await?))
}

/// `GET /api/v1/loyalty/program`: the rates and tiers (public: the Points page explains them).
#[utoipa::path(get, path = "/api/v1/loyalty/program", tag = "loyalty", responses((status = 200, description = "The points programme and its tiers", body = Ok<ProgramWithTiers>)))]
async fn program(State(l): State<Loyalty>) -> ApiResult<Data<ProgramWithTiers>> {
    Ok(Data(l.program().await?))
}

/// `PUT /api/v1/loyalty/program` (`promotion:manage`).
#[utoipa::path(put, path = "/api/v1/loyalty/program", tag = "loyalty", request_body = ProgramWithTiers, security(("bearer" = ["promotion:manage"])), responses((status = 200, description = "The programme", body = Ok<ProgramWithTiers>)))]
async fn set_program(
    State(l): State<Loyalty>,
    auth: Can<perm::PromotionManage>,
    Json(body): Json<ProgramWithTiers>,
) -> ApiResult<Data<ProgramWithTiers>> {
    Ok(Data(l.set_program(&auth, body).await?))
}

#[derive(Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct MemberQuery {
    q: String,
}

/// A member found at the counter.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = LoyaltyMember)]
pub struct Member {
    pub user_id: String,
    pub full_name: String,
    /// Partly hidden, for the cashier to confirm with the customer.
    pub contact: String,
    pub balance: i64,
    pub tier: String,
}

/// `GET /api/v1/loyalty/members?q=phone-or-email` (`booking:sell`): members the box office
/// may apply points for.
#[utoipa::path(get, path = "/api/v1/loyalty/members", tag = "loyalty", params(MemberQuery), security(("bearer" = ["booking:sell"])), responses((status = 200, description = "Members found by phone or e-mail", body = Ok<Vec<Member>>)))]
async fn members(
    State(l): State<Loyalty>,
    State(users): State<Users>,
    _auth: Can<perm::BookingSell>,
    Query(q): Query<MemberQuery>,
) -> ApiResult<Data<Vec<Member>>> {
    Ok(Data(find_members(&l, &users, &q.q).await?))
}

/// Members whose e-mail or phone is `q`.
pub async fn find_members(l: &Loyalty, users: &Users, q: &str) -> Result<Vec<Member>, ApiError> {
    let q = q.trim();
    if q.len() < 5 || q.len() > 100 {
        return Err(ApiError::invalid(
            "q",
            "a phone number or an e-mail address",
        ));
    }
    let found = if q.contains('@') {
        users.by_email(q).await.ok().into_iter().collect::<Vec<_>>()
    } else {
        let Some(wanted) = crate::users::phone_digits(q) else {
            return Err(ApiError::invalid(
                "q",
                "a phone number or an e-mail address",
            ));
        };
        let ids = users
            .ids_by_phone(move |stored| {
                crate::users::phone_digits(stored).as_deref() == Some(wanted.as_str())
            })
            .await?;
        let mut out = Vec::new();
        for id in ids {
            if let Ok(u) = users.get(&id).await {
                out.push(u);
            }
        }
        out
    };
    let mut members = Vec::new();
    for u in found.into_iter().take(5) {
        let s = l.summary(&u.id, 0).await?;
        let contact = if q.contains('@') {
            mask(&u.email)
        } else {
            mask(u.phone.as_deref().unwrap_or_default())
        };
        members.push(Member {
            user_id: u.id,
            full_name: u.full_name,
            contact,
            balance: s.balance,
            tier: s.tier,
        });
    }
    Ok(members)
}

fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let keep = chars.len().min(3);
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!(
        "{}{tail}",
        "•".repeat(chars.len().saturating_sub(keep).min(8))
    )
}

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(mine, program, set_program, members))]
pub struct Doc;
