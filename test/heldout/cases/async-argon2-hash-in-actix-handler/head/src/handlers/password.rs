use actix_web::{put, web, HttpResponse};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
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
    let parsed = PasswordHash::new(&stored).map_err(|_| ApiError::Internal("bad stored hash".into()))?;
    if Argon2::default()
        .verify_password(body.current_password.as_bytes(), &parsed)
        .is_err()
    {
        return Err(ApiError::Unauthorized);
    }
    let salt = SaltString::generate(&mut OsRng);
    let new_hash = Argon2::default()
        .hash_password(body.new_password.as_bytes(), &salt)
        .map_err(|_| ApiError::Internal("hashing failed".into()))?
        .to_string();
    repo.set_password_hash(user.id, &new_hash).await?;
    Ok(HttpResponse::NoContent().finish())
}
