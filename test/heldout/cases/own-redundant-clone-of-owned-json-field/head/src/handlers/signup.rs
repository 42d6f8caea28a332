use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use crate::auth::password::PasswordHasher;
use crate::error::ApiError;
use crate::users::{NewUser, UserService};

#[derive(Debug, Deserialize)]
pub struct SignupRequest {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub referral_code: Option<String>,
}

#[post("/v1/signup")]
pub async fn signup(
    users: web::Data<UserService>,
    hasher: web::Data<PasswordHasher>,
    body: web::Json<SignupRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let email = body.email.trim().to_lowercase();
    if !email.contains('@') {
        return Err(ApiError::Validation("invalid email".into()));
    }
    let password_hash = hasher.hash(&body.password).await?;
    let display_name = body.display_name.clone();
    let referral_code = body.referral_code.clone();
    let user = users
        .create(NewUser {
            email,
            password_hash,
            display_name,
            referral_code,
        })
        .await?;
    Ok(HttpResponse::Created().json(user))
}
