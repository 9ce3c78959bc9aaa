//! Concessions and stock (`concession:manage`): every item with its stock, the items running
//! low (at or below a level the manager sets, `?below=`), a restock or a write-off (which must
//! say why), and an item's latest movements. Combos have no stock of their own: they show what
//! their parts make.

use super::{refusal, Admin};
use crate::concessions::service::StockChange;
use crate::concessions::{ConcessionsError, Kind};
use crate::users::perm;
use crate::web::kiosk::{local_fmt, Stop};
use crate::web::{render, tr, vnd, Layout, Pages};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The low-stock level when the page is not told one.
const DEFAULT_BELOW: i64 = 20;

/// An item as listed.
pub struct ItemLine {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub price: String,
    pub stock: i64,
    pub active: bool,
    pub combo: bool,
    pub low: bool,
}

/// A stock movement as listed.
pub struct MoveLine {
    pub at: String,
    pub delta: i64,
    pub after: i64,
    pub reason: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "admin_stock.html")]
struct StockPage {
    layout: Layout,
    items: Vec<ItemLine>,
    low: Vec<ItemLine>,
    below: i64,
    chosen: Option<(String, String)>,
    moves: Vec<MoveLine>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StockQuery {
    below: Option<String>,
    item: Option<String>,
    saved: Option<String>,
}

async fn build(
    s: &Pages,
    a: &Admin<perm::ConcessionManage>,
    q: &StockQuery,
    error: Option<String>,
) -> Result<StockPage, Stop> {
    let below = q
        .below
        .as_deref()
        .and_then(|b| b.trim().parse::<i64>().ok())
        .unwrap_or(DEFAULT_BELOW)
        .clamp(0, 1_000_000);
    let menu = s.concessions.menu().await?;
    let line = |i: &crate::concessions::Item| ItemLine {
        id: i.id.clone(),
        name: i.name.clone(),
        kind: tr(&format!("adm-kind-{}", i.kind.as_str())),
        price: vnd(i.price),
        stock: i.stock,
        active: i.active,
        combo: i.kind == Kind::Combo,
        low: i.kind != Kind::Combo && i.stock <= below,
    };
    let items: Vec<ItemLine> = menu.items().iter().map(line).collect();
    let mut low: Vec<ItemLine> = menu
        .items()
        .iter()
        .filter(|i| i.active && i.kind != Kind::Combo && i.stock <= below)
        .map(line)
        .collect();
    low.sort_by_key(|i| i.stock);
    let (mut chosen, mut moves) = (None, Vec::new());
    if let Some(id) = &q.item {
        if let Some(item) = menu.get(id) {
            chosen = Some((item.id.clone(), item.name.clone()));
            let tz = s.settings.timezone();
            moves = s
                .concessions
                .movements(&a.staff.auth, id, 30)
                .await?
                .into_iter()
                .map(|m| MoveLine {
                    at: local_fmt(&m.created_at, tz.name(), "%d/%m %H:%M"),
                    delta: m.delta,
                    after: m.stock_after,
                    reason: tr(&format!("adm-move-{}", m.reason)),
                    note: m.note,
                })
                .collect();
        }
    }
    Ok(StockPage {
        layout: a.layout("adm-stock-title"),
        items,
        low,
        below,
        chosen,
        moves,
        notice: q.saved.as_ref().map(|_| tr("adm-stock-saved")),
        error,
    })
}

/// `GET /admin/concessions?below=&item=`.
pub async fn page(
    State(s): State<Pages>,
    a: Admin<perm::ConcessionManage>,
    Query(q): Query<StockQuery>,
) -> Result<Response, Stop> {
    Ok(render(&build(&s, &a, &q, None).await?)?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StockForm {
    /// "restock" or "write_off".
    change: String,
    qty: String,
    note: String,
}

/// `POST /admin/concessions/{id}/stock`: a restock or a write-off.
pub async fn change(
    State(s): State<Pages>,
    a: Admin<perm::ConcessionManage>,
    Path(id): Path<String>,
    Form(f): Form<StockForm>,
) -> Result<Response, Stop> {
    let change = match f.change.as_str() {
        "restock" => Some(StockChange::Restock),
        "write_off" => Some(StockChange::WriteOff),
        _ => None,
    };
    let qty = f.qty.trim().parse::<i64>().ok();
    let result = match (change, qty) {
        (None, _) => Err(tr("adm-err-choice")),
        (_, None) => Err(tr("adm-err-qty")),
        (Some(c), Some(q)) => match s
            .concessions
            .change_stock(&a.staff.auth, &id, c, q, f.note)
            .await
        {
            Ok(_) => Ok(()),
            Err(e @ ConcessionsError::Db(_)) => return Err(e.into()),
            Err(e) => Err(refusal(&e)),
        },
    };
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/admin/concessions?item={id}&saved=1#moves")).into_response(),
        ),
        Err(e) => {
            s.concessions.get(&id).await?;
            let q = StockQuery {
                item: Some(id),
                ..StockQuery::default()
            };
            let page = build(&s, &a, &q, Some(e)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}
