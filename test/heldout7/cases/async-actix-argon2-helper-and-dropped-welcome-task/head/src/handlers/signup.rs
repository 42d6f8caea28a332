use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use sqlx::PgPool;

use crate::auth::password::hash_password;
use crate::errors::ApiError;
use crate::mailer::Mailer;

#[derive(Deserialize)]
pub struct SignupForm {
    pub email: String,
    pub password: String,
}

#[post("/signup")]
pub async fn signup(
    pool: web::Data<PgPool>,
    mailer: web::Data<Mailer>,
    form: web::Json<SignupForm>,
) -> Result<HttpResponse, ApiError> {
    if form.password.len() < 12 {
        return Err(ApiError::Validation("password must be at least 12 characters"));
    }

    let hash = hash_password(&form.password).map_err(|_| ApiError::Internal)?;

    let user_id: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id",
    )
    .bind(&form.email)
    .bind(&hash)
    .fetch_one(pool.get_ref())
    .await
    .map_err(ApiError::from)?;

    let mailer = mailer.clone();
    let email = form.email.clone();
    tokio::spawn(async move { mailer.send_welcome(&email).await });

    Ok(HttpResponse::Created().json(serde_json::json!({ "id": user_id })))
}

