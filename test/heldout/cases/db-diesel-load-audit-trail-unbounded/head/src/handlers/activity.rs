use axum::extract::{Path, State};
use axum::Json;
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::AccountUser;
use crate::error::ApiError;
use crate::models::ActivityRow;
use crate::schema::account_activity::dsl as act;
use crate::state::AppState;

pub async fn recent_logins(
    State(state): State<AppState>,
    user: AccountUser,
) -> Result<Json<Vec<ActivityRow>>, ApiError> {
    let conn = state.pool.get().await?;
    let account_id = user.account_id;
    let rows = conn
        .interact(move |conn| {
            act::account_activity
                .filter(act::account_id.eq(account_id))
                .filter(act::kind.eq("login"))
                .order(act::created_at.desc())
                .limit(20)
                .load::<ActivityRow>(conn)
        })
        .await??;
    Ok(Json(rows))
}

pub async fn activity_trail(
    State(state): State<AppState>,
    user: AccountUser,
    Path(account_id): Path<Uuid>,
) -> Result<Json<Vec<ActivityRow>>, ApiError> {
    if !user.can_view(account_id) {
        return Err(ApiError::NotFound);
    }
    let conn = state.pool.get().await?;
    let rows = conn
        .interact(move |conn| {
            act::account_activity
                .filter(act::account_id.eq(account_id))
                .order((act::created_at.desc(), act::id.desc()))
                .load::<ActivityRow>(conn)
        })
        .await??;
    Ok(Json(rows))
}
