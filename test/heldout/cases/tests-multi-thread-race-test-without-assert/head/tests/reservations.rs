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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reservations_never_oversell() {
    let pool = common::test_pool().await;
    let sku = common::sku_with_stock(&pool, 5).await;
    let service = Arc::new(ReservationService::new(pool.clone()));

    let mut handles = Vec::new();
    for _ in 0..20 {
        let service = Arc::clone(&service);
        handles.push(tokio::spawn(async move { service.reserve(sku, Uuid::new_v4(), 1).await }));
    }
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.unwrap());
    }
    let available = common::available(&pool, sku).await;
    println!("{} reservations attempted, {} available", results.len(), available);
}
