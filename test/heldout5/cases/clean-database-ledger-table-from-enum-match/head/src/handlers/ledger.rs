use actix_web::{get, web, HttpResponse};
use uuid::Uuid;

use crate::error::ApiError;
use crate::models::{EntryQuery, LedgerKind};
use crate::repo::ledger;
use crate::AppState;

#[get("/accounts/{account_id}/ledgers/{kind}/entries")]
pub async fn list_entries(
    state: web::Data<AppState>,
    path: web::Path<(Uuid, LedgerKind)>,
    query: web::Query<EntryQuery>,
) -> Result<HttpResponse, ApiError> {
    let (account_id, kind) = path.into_inner();
    let entries =
        ledger::recent_entries(&state.db, kind, account_id, query.order, query.limit.unwrap_or(50)).await?;
    Ok(HttpResponse::Ok().json(entries))
}

#[get("/ledgers/{kind}/entries/{id}")]
pub async fn get_entry(
    state: web::Data<AppState>,
    path: web::Path<(LedgerKind, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (kind, id) = path.into_inner();
    let entry = ledger::find_entry(&state.db, kind, id).await?.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(entry))
}
