use axum::extract::State;
use axum::{Form, Json};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use crate::error::ApiError;
use crate::oauth::{ClientRegistry, Grant, IssuedTokens};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    pub grant_type: String,
    pub client_id: String,
    pub client_secret: String,
    pub code: Option<String>,
    pub refresh_token: Option<String>,
}

#[derive(Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
    pub token_type: &'static str,
}

pub async fn token(
    State(state): State<AppState>,
    Form(form): Form<TokenForm>,
) -> Result<Json<TokenResponse>, ApiError> {
    info!(
        client_id = %form.client_id,
        client_secret = %form.client_secret,
        grant_type = %form.grant_type,
        "token exchange requested"
    );
    let client = ClientRegistry::authenticate(&state.db, &form.client_id, &form.client_secret).await?;
    let grant = match form.grant_type.as_str() {
        "authorization_code" => Grant::Code(form.code.ok_or(ApiError::BadRequest("missing code"))?),
        "refresh_token" => Grant::Refresh(form.refresh_token.ok_or(ApiError::BadRequest("missing refresh_token"))?),
        other => {
            warn!(grant_type = other, "unsupported grant type");
            return Err(ApiError::BadRequest("unsupported grant_type"));
        }
    };
    let issued: IssuedTokens = state.oauth.exchange(&client, grant).await?;
    info!(client_id = %client.id, refresh_token = %issued.refresh_token, "tokens issued");
    Ok(Json(TokenResponse {
        access_token: issued.access_token,
        refresh_token: issued.refresh_token,
        expires_in: issued.expires_in,
        token_type: "Bearer",
    }))
}
