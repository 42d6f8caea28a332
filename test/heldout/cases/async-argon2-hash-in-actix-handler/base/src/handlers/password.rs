use actix_web::{put, web, HttpResponse};
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::users::UserRepo;

#[derive(Deserialize)]
pub struct ChangePassword {
    pub current_password: String,
    pub new_password: String,
}

#[put("/v1/me/password")]
pub async fn change_password(
    user: Authenticated,
    repo: web::Data<UserRepo>,
    body: web::Json<ChangePassword>,
) -> Result<HttpResponse, ApiError> {
    if body.new_password.len() < 12 {
        return Err(ApiError::Validation("password must be at least 12 characters".into()));
    }
    let stored = repo.password_hash(user.id).await?.ok_or(ApiError::NotFound)?;
    if !crate::auth::legacy::verify_sha256(&stored, &body.current_password) {
        return Err(ApiError::Unauthorized);
    }
    let new_hash = crate::auth::legacy::hash_sha256(&body.new_password);
    repo.set_password_hash(user.id, &new_hash).await?;
    Ok(HttpResponse::NoContent().finish())
}
