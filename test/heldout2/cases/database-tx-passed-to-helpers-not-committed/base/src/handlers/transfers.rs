use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::ApiError;
use crate::ledger;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct TransferRequest {
    pub from_account: Uuid,
    pub to_account: Uuid,
    pub amount_cents: i64,
}

#[post("/transfers")]
pub async fn create_transfer(
    state: web::Data<AppState>,
    body: web::Json<TransferRequest>,
) -> Result<HttpResponse, ApiError> {
    if body.amount_cents <= 0 || body.from_account == body.to_account {
        return Err(ApiError::BadRequest("invalid transfer".into()));
    }
    let transfer_id = ledger::record_transfer(
        &state.db,
        body.from_account,
        body.to_account,
        body.amount_cents,
    )
    .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "id": transfer_id })))
}
