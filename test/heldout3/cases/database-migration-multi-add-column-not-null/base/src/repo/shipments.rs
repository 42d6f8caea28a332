use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgPool};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Shipment {
    pub id: i64,
    pub order_id: i64,
    pub status: String,
    pub weight_g: i32,
    pub created_at: DateTime<Utc>,
}

pub async fn for_order(pool: &PgPool, order_id: i64) -> sqlx::Result<Option<Shipment>> {
    sqlx::query_as::<_, Shipment>(
        "SELECT id, order_id, status, weight_g, created_at FROM shipments WHERE order_id = $1",
    )
    .bind(order_id)
    .fetch_optional(pool)
    .await
}
