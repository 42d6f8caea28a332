use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct UpdateProfile {
    pub display_name: Option<String>,
    pub bio: Option<String>,
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
    Ok(StatusCode::NO_CONTENT)
}
