use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

use crate::state::AppState;

#[derive(Serialize, sqlx::FromRow)]
pub struct Order {
    pub id: i64,
    pub customer_id: i64,
    pub total_cents: i64,
}

pub async fn get_order(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<Order>, StatusCode> {
    let order = sqlx::query_as::<_, Order>("SELECT id, customer_id, total_cents FROM orders WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.db)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::NOT_FOUND)?;
    Ok(Json(order))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[sqlx::test]
    async fn get_order_returns_404_for_unknown_id(pool: sqlx::PgPool) {
        let state = crate::test_support::state(pool);
        let res = get_order(State(state), Path(42)).await;
        assert_eq!(res.unwrap_err(), StatusCode::NOT_FOUND);
    }
}
