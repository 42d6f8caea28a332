use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use redis::AsyncCommands;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct UpdateProfile {
    pub display_name: Option<String>,
    pub bio: Option<String>,
}

/// Drops the cached public profile so the next read goes to Postgres.
async fn invalidate_cached_profile(state: &AppState, user_id: Uuid) -> Result<(), AppError> {
    let mut conn = state.redis.get_multiplexed_async_connection().await?;
    conn.del::<_, ()>(format!("profile:{user_id}")).await?;
    Ok(())
}

pub async fn update_profile(
    State(state): State<AppState>,
    Path(user_id): Path<Uuid>,
    Json(body): Json<UpdateProfile>,
) -> Result<StatusCode, AppError> {
    let updated = sqlx::query(
        "UPDATE profiles
            SET display_name = COALESCE($2, display_name),
                bio = COALESCE($3, bio),
                updated_at = now()
          WHERE user_id = $1",
    )
    .bind(user_id)
    .bind(body.display_name.as_deref())
    .bind(body.bio.as_deref())
    .execute(&state.db)
    .await?;

    if updated.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let _ = invalidate_cached_profile(&state, user_id);
    Ok(StatusCode::NO_CONTENT)
}
