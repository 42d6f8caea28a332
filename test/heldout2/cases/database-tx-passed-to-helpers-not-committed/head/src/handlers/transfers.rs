use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct TransferRequest {
    pub from_account: Uuid,
    pub to_account: Uuid,
    pub amount_cents: i64,
}

async fn debit(tx: &mut Transaction<'_, Postgres>, account: Uuid, amount: i64) -> Result<(), ApiError> {
    let res = sqlx::query(
        "UPDATE accounts SET balance_cents = balance_cents - $2
          WHERE id = $1 AND balance_cents >= $2",
    )
    .bind(account)
    .bind(amount)
    .execute(&mut **tx)
    .await?;
    if res.rows_affected() == 0 {
        return Err(ApiError::Conflict("insufficient funds".into()));
    }
    Ok(())
}

async fn credit(tx: &mut Transaction<'_, Postgres>, account: Uuid, amount: i64) -> Result<(), ApiError> {
    sqlx::query("UPDATE accounts SET balance_cents = balance_cents + $2 WHERE id = $1")
        .bind(account)
        .bind(amount)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[post("/transfers")]
pub async fn create_transfer(
    state: web::Data<AppState>,
    body: web::Json<TransferRequest>,
) -> Result<HttpResponse, ApiError> {
    if body.amount_cents <= 0 || body.from_account == body.to_account {
        return Err(ApiError::BadRequest("invalid transfer".into()));
    }
    let mut tx = state.db.begin().await?;
    debit(&mut tx, body.from_account, body.amount_cents).await?;
    credit(&mut tx, body.to_account, body.amount_cents).await?;
    let transfer_id: Uuid = sqlx::query_scalar(
        "INSERT INTO transfers (from_account, to_account, amount_cents)
         VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(body.from_account)
    .bind(body.to_account)
    .bind(body.amount_cents)
    .fetch_one(&mut *tx)
    .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "id": transfer_id })))
}
