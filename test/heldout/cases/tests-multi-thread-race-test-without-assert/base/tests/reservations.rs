use std::sync::Arc;

use inventory_api::reservations::{ReservationError, ReservationService};
use sqlx::PgPool;
use uuid::Uuid;

mod common;

#[sqlx::test(fixtures("skus"))]
async fn reserve_decrements_available_stock(pool: PgPool) {
    let service = ReservationService::new(pool.clone());
    let sku = common::sku_with_stock(&pool, 3).await;
    service.reserve(sku, Uuid::new_v4(), 2).await.unwrap();
    assert_eq!(common::available(&pool, sku).await, 1);
}

#[sqlx::test(fixtures("skus"))]
async fn reserve_rejects_more_than_available(pool: PgPool) {
    let service = ReservationService::new(pool.clone());
    let sku = common::sku_with_stock(&pool, 1).await;
    let err = service.reserve(sku, Uuid::new_v4(), 2).await.unwrap_err();
    assert!(matches!(err, ReservationError::InsufficientStock { .. }));
}
