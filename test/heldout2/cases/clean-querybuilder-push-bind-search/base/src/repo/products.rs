use serde::Serialize;
use sqlx::{FromRow, PgPool};
use uuid::Uuid;

#[derive(Debug, Serialize, FromRow)]
pub struct Product {
    pub id: Uuid,
    pub name: String,
    pub category: String,
    pub price_cents: i64,
}

pub async fn list(pool: &PgPool, limit: i64) -> sqlx::Result<Vec<Product>> {
    sqlx::query_as::<_, Product>(
        "SELECT id, name, category, price_cents FROM products ORDER BY name LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}
