use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;

pub async fn delete_board(
    State(state): State<AppState>,
    user: AuthUser,
    Path(board_id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let done = sqlx::query("DELETE FROM boards WHERE id = $1 AND owner_id = $2")
        .bind(board_id)
        .bind(user.id)
        .execute(&state.db)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::PgPool;

    const OWNER: Uuid = uuid::uuid!("2f6c1d7e-0b4a-4f39-8c5d-1e2f3a4b5c01");
    const BOARD: Uuid = uuid::uuid!("4d3c2b1a-9f8e-4d7c-8b6a-5f4e3d2c1b03");

    #[sqlx::test(fixtures("boards"))]
    async fn delete_board_removes_own_board(pool: PgPool) {
        let state = AppState::for_tests(pool.clone());
        let status = delete_board(State(state), AuthUser::for_tests(OWNER), Path(BOARD)).await.unwrap();
        assert_eq!(status, StatusCode::NO_CONTENT);
    }
}
