use axum::{extract::State, Json};
use serde::Deserialize;

use crate::{billing::{Plan, Subscription}, error::ApiError, routes::auth::AuthUser, state::AppState};

#[derive(Debug, Deserialize)]
pub struct ChangePlan {
    pub plan: Plan,
}

pub async fn change_plan(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<ChangePlan>,
) -> Result<Json<Subscription>, ApiError> {
    let sub = state.billing.change_plan(user.id, body.plan).await?;
    Ok(Json(sub))
}
