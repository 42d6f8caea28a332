use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgPool};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Shipment {
    pub id: i64,
    pub order_id: i64,
    pub status: String,
    pub weight_g: i32,
    pub carrier_code: String,
    pub tracking_url: Option<String>,
    pub label_purchased_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub async fn for_order(pool: &PgPool, order_id: i64) -> sqlx::Result<Option<Shipment>> {
    sqlx::query_as::<_, Shipment>(
        "SELECT id, order_id, status, weight_g, carrier_code, tracking_url, label_purchased_at, created_at \
         FROM shipments WHERE order_id = $1",
    )
    .bind(order_id)
    .fetch_optional(pool)
    .await
}

pub async fn mark_label_purchased(
    pool: &PgPool,
    shipment_id: i64,
    carrier_code: &str,
    tracking_url: &str,
) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE shipments SET carrier_code = $2, tracking_url = $3, label_purchased_at = now() \
         WHERE id = $1",
    )
    .bind(shipment_id)
    .bind(carrier_code)
    .bind(tracking_url)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
