use actix_web::{delete, get, post, web, HttpResponse};
use serde::Deserialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::{generate_key, hash_key, Authenticated};
use crate::error::ApiError;
use crate::models::ApiKeySummary;

#[derive(Debug, Deserialize)]
pub struct CreateKey {
    pub label: String,
}

#[post("/v1/api-keys")]
pub async fn create_api_key(
    user: Authenticated,
    pool: web::Data<PgPool>,
    body: web::Json<CreateKey>,
) -> Result<HttpResponse, ApiError> {
    let (plain, prefix) = generate_key();
    sqlx::query("INSERT INTO api_keys (id, user_id, label, prefix, key_hash) VALUES ($1, $2, $3, $4, $5)")
        .bind(Uuid::new_v4())
        .bind(user.id)
        .bind(&body.label)
        .bind(&prefix)
        .bind(hash_key(&plain))
        .execute(pool.get_ref())
        .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "key": plain, "prefix": prefix })))
}

#[get("/v1/api-keys")]
pub async fn list_api_keys(user: Authenticated, pool: web::Data<PgPool>) -> Result<HttpResponse, ApiError> {
    let keys = sqlx::query_as::<_, ApiKeySummary>(
        "SELECT id, label, prefix, created_at, last_used_at FROM api_keys \
         WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 100",
    )
    .bind(user.id)
    .fetch_all(pool.get_ref())
    .await?;
    Ok(HttpResponse::Ok().json(keys))
}

#[delete("/v1/api-keys/{id}")]
pub async fn revoke_api_key(
    user: Authenticated,
    pool: web::Data<PgPool>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let done = sqlx::query(
        "UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
    )
    .bind(id.into_inner())
    .bind(user.id)
    .execute(pool.get_ref())
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}
