use axum::{extract::State, Json};
use serde::Deserialize;

use crate::{billing::{Plan, Subscription}, error::ApiError, routes::auth::AuthUser, state::AppState};

#[derive(Debug, Deserialize)]
pub struct ChangePlan {
    pub plan: Plan,
}

#[tracing::instrument(skip_all, fields(user_id = %user.id, requested_plan = %body.plan))]
pub async fn change_plan(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<ChangePlan>,
) -> Result<Json<Subscription>, ApiError> {
    let user_id = user.id;
    let previous = state.billing.current_plan(user_id).await?;
    let sub = state.billing.change_plan(user_id, body.plan).await?;
    tracing::info!(
        %user_id,
        from = %previous,
        to = %sub.plan,
        period_end = %sub.current_period_end,
        "subscription plan changed"
    );
    Ok(Json(sub))
}
