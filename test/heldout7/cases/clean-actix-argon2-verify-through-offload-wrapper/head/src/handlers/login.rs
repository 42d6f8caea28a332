use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use sqlx::PgPool;

use crate::auth::verify::verify_password;
use crate::runtime::offload::offload;
use crate::session::SessionStore;

#[derive(Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
}

#[post("/login")]
pub async fn login(
    pool: web::Data<PgPool>,
    sessions: web::Data<SessionStore>,
    form: web::Json<LoginForm>,
) -> actix_web::Result<HttpResponse> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
            .bind(&form.email)
            .fetch_optional(pool.get_ref())
            .await
            .map_err(internal)?;

    let Some((user_id, stored_hash)) = row else {
        return Ok(HttpResponse::Unauthorized().finish());
    };

    let plain = form.into_inner().password;
    let ok = offload(move || verify_password(&plain, &stored_hash)).await?;
    if !ok {
        return Ok(HttpResponse::Unauthorized().finish());
    }

    let policy = offload(|| std::fs::read_to_string("/etc/app/session-policy.toml")).await?;
    let token = sessions
        .create(user_id, &policy)
        .await
        .map_err(internal)?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "token": token })))
}

fn internal<E: std::fmt::Display>(err: E) -> actix_web::Error {
    tracing::error!(error = %err, "login failed");
    actix_web::error::ErrorInternalServerError("internal error")
}
