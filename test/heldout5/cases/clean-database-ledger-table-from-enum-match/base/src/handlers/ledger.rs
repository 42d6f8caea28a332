use actix_web::{get, web, HttpResponse};
use uuid::Uuid;

use crate::error::ApiError;
use crate::models::EntryQuery;
use crate::repo::ledger;
use crate::AppState;

#[get("/accounts/{account_id}/entries")]
pub async fn list_entries(
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    query: web::Query<EntryQuery>,
) -> Result<HttpResponse, ApiError> {
    let entries = ledger::recent_entries(&state.db, path.into_inner(), query.limit.unwrap_or(50)).await?;
    Ok(HttpResponse::Ok().json(entries))
}
