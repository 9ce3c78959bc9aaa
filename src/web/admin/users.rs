//! Users and roles (`user:manage`): every account with its roles; a role granted or revoked,
//! an account disabled or enabled again. The accounts domain keeps its own rules whoever asks:
//! only an admin hands out `admin`, and the last admin can neither lose the role nor be
//! disabled.

use super::{refusal, Admin};
use crate::users::service::Actor;
use crate::users::{perm, UsersError, ROLES};
use crate::web::kiosk::Stop;
use crate::web::{render, tr, tr_with, Layout, Pages};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Accounts per page.
const PER_PAGE: u32 = 50;

/// An account as listed.
pub struct UserLine {
    pub id: String,
    pub name: String,
    pub email: String,
    /// (role, held) for every role there is.
    pub roles: Vec<(&'static str, bool)>,
    pub disabled: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserLine>,
    total: i64,
    page: u32,
    prev: Option<u32>,
    next: Option<u32>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UsersQuery {
    page: Option<String>,
    saved: Option<String>,
}

async fn build(
    s: &Pages,
    a: &Admin<perm::UserManage>,
    page: u32,
    notice: Option<String>,
    error: Option<String>,
) -> Result<UsersPage, Stop> {
    let page = page.max(1);
    let (list, total) = s.users.list(page, PER_PAGE).await?;
    let disabled = s.users.disabled_ids().await?;
    let pages = (total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE);
    Ok(UsersPage {
        layout: a.layout("adm-users-title"),
        users: list
            .into_iter()
            .map(|u| UserLine {
                roles: ROLES
                    .iter()
                    .map(|r| (*r, u.roles.iter().any(|x| x == r)))
                    .collect(),
                disabled: disabled.contains(&u.id),
                id: u.id,
                name: u.full_name,
                email: u.email,
            })
            .collect(),
        total,
        prev: (page > 1).then(|| page - 1),
        next: (i64::from(page) < pages).then(|| page + 1),
        page,
        notice,
        error,
    })
}

/// `GET /admin/users?page=`.
pub async fn list(
    State(s): State<Pages>,
    a: Admin<perm::UserManage>,
    Query(q): Query<UsersQuery>,
) -> Result<Response, Stop> {
    let notice = q.saved.map(|_| tr("adm-users-saved"));
    Ok(render(
        &build(
            &s,
            &a,
            q.page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(1),
            notice,
            None,
        )
        .await?,
    )?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    role: String,
    /// "grant" or "revoke".
    change: String,
    page: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DisableForm {
    /// "disable" or "enable".
    change: String,
    page: Option<u32>,
}

async fn after(
    s: &Pages,
    a: &Admin<perm::UserManage>,
    page: Option<u32>,
    result: Result<(), UsersError>,
) -> Result<Response, Stop> {
    let page = page.unwrap_or(1).max(1);
    let status = match &result {
        Ok(()) => {
            return Ok(Redirect::to(&format!("/admin/users?page={page}&saved=1")).into_response())
        }
        Err(UsersError::Forbidden(_)) => StatusCode::FORBIDDEN,
        Err(UsersError::LastAdmin) => StatusCode::CONFLICT,
        Err(UsersError::Invalid { .. } | UsersError::RoleNotFound(_)) => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(UsersError::UserNotFound(_)) => StatusCode::NOT_FOUND,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let e = result.err().map(|e| match e {
        UsersError::LastAdmin => tr("adm-users-last-admin"),
        UsersError::Forbidden(_) => {
            tr_with("adm-users-forbidden", &[("detail", e.to_string().into())])
        }
        other => refusal(&other),
    });
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        return Err(crate::web::PageError::internal(e.unwrap_or_default()).into());
    }
    let page = build(s, a, page, None, e).await?;
    Ok((status, render(&page)?).into_response())
}

/// `POST /admin/users/{id}/roles`: grant or revoke one role.
pub async fn change_role(
    State(s): State<Pages>,
    a: Admin<perm::UserManage>,
    Path(id): Path<String>,
    Form(f): Form<RoleForm>,
) -> Result<Response, Stop> {
    let actor = Actor::User(a.staff.auth.id.clone());
    let result = match f.change.as_str() {
        "grant" => s.users.grant(actor, &id, &f.role).await.map(|_| ()),
        "revoke" => s.users.revoke(actor, &id, &f.role).await.map(|_| ()),
        _ => Err(UsersError::Invalid {
            field: "change",
            problem: "must be grant or revoke".into(),
        }),
    };
    after(&s, &a, f.page, result).await
}

/// `POST /admin/users/{id}/disabled`: disable or enable the account.
pub async fn set_disabled(
    State(s): State<Pages>,
    a: Admin<perm::UserManage>,
    Path(id): Path<String>,
    Form(f): Form<DisableForm>,
) -> Result<Response, Stop> {
    let actor = Actor::User(a.staff.auth.id.clone());
    let result = match f.change.as_str() {
        "disable" => s.users.set_disabled(actor, &id, true).await.map(|_| ()),
        "enable" => s.users.set_disabled(actor, &id, false).await.map(|_| ()),
        _ => Err(UsersError::Invalid {
            field: "change",
            problem: "must be disable or enable".into(),
        }),
    };
    after(&s, &a, f.page, result).await
}
