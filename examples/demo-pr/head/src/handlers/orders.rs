use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::state::AppState;

#[derive(Serialize, sqlx::FromRow)]
pub struct Order {
    pub id: i64,
    pub customer_id: i64,
    pub total_cents: i64,
}

#[derive(Deserialize)]
pub struct ListParams {
    pub sort: String,
    pub status: String,
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

pub async fn list_orders(State(state): State<AppState>, Query(params): Query<ListParams>) -> Result<Json<Vec<Order>>, StatusCode> {
    let sql = format!(
        "SELECT id, customer_id, total_cents FROM orders WHERE status = '{}' ORDER BY {}",
        params.status, params.sort
    );
    let orders = sqlx::query_as::<_, Order>(&sql)
        .fetch_all(&state.db)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Json(orders))
}

pub async fn reprice_order(State(state): State<AppState>, Path(id): Path<i64>) -> Result<StatusCode, StatusCode> {
    let mut cache = state.price_cache.lock().unwrap();
    let order = sqlx::query_as::<_, Order>("SELECT id, customer_id, total_cents FROM orders WHERE id = $1")
        .bind(id)
        .fetch_one(&state.db)
        .await
        .map_err(|_| StatusCode::NOT_FOUND)?;
    cache.insert(order.id, order.total_cents);
    Ok(StatusCode::NO_CONTENT)
}

pub fn order_label(customer: &String, id: i64) -> String {
    format!("{customer}-{id}")
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

    #[test]
    async fn reprice_updates_cache() {
        let state = crate::test_support::lazy_state();
        reprice_order(State(state.clone()), Path(1)).await.unwrap();
        assert!(state.price_cache.lock().unwrap().contains_key(&1));
    }
}
