use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct TransferOwnership {
    pub new_owner_id: Uuid,
}

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

pub async fn transfer_ownership(
    State(state): State<AppState>,
    user: AuthUser,
    Path(board_id): Path<Uuid>,
    Json(body): Json<TransferOwnership>,
) -> Result<StatusCode, ApiError> {
    let done = sqlx::query(
        "UPDATE boards SET owner_id = $3 WHERE id = $1 AND owner_id = $2 \
         AND EXISTS (SELECT 1 FROM board_members WHERE board_id = $1 AND user_id = $3)",
    )
    .bind(board_id)
    .bind(user.id)
    .bind(body.new_owner_id)
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
    const MEMBER: Uuid = uuid::uuid!("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c02");
    const BOARD: Uuid = uuid::uuid!("4d3c2b1a-9f8e-4d7c-8b6a-5f4e3d2c1b03");

    #[sqlx::test(fixtures("boards"))]
    async fn delete_board_removes_own_board(pool: PgPool) {
        let state = AppState::for_tests(pool.clone());
        let status = delete_board(State(state), AuthUser::for_tests(OWNER), Path(BOARD)).await.unwrap();
        assert_eq!(status, StatusCode::NO_CONTENT);
    }

    #[sqlx::test(fixtures("boards", "board_members"))]
    async fn transfer_ownership_to_member(pool: PgPool) {
        let state = AppState::for_tests(pool.clone());
        let body = Json(TransferOwnership { new_owner_id: MEMBER });
        let status = transfer_ownership(State(state), AuthUser::for_tests(OWNER), Path(BOARD), body)
            .await
            .unwrap();
        assert_eq!(status, StatusCode::NO_CONTENT);
        let owner: Uuid = sqlx::query_scalar("SELECT owner_id FROM boards WHERE id = $1")
            .bind(BOARD)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(owner, MEMBER);
    }

    #[sqlx::test(fixtures("boards", "board_members"))]
    async fn transfer_ownership_rejects_non_member(pool: PgPool) {
        let state = AppState::for_tests(pool);
        let body = Json(TransferOwnership { new_owner_id: Uuid::new_v4() });
        let result = transfer_ownership(State(state), AuthUser::for_tests(OWNER), Path(BOARD), body).await;
        assert!(matches!(result, Err(ApiError::NotFound)));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn transfer_ownership_requires_current_owner() {
        let pool = crate::test_support::pool_with_fixtures(&["boards", "board_members"]).await;
        let state = AppState::for_tests(pool);
        let body = Json(TransferOwnership { new_owner_id: OWNER });
        let result = transfer_ownership(State(state), AuthUser::for_tests(MEMBER), Path(BOARD), body).await;
        assert!(matches!(result, Err(ApiError::NotFound)));
    }
}
