use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::inventory::{Reservation, StockLevel};

#[derive(Clone)]
pub struct InventoryRepo {
    pool: PgPool,
}

impl InventoryRepo {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    pub async fn stock_level(&self, sku_id: Uuid) -> Result<Option<StockLevel>, sqlx::Error> {
        sqlx::query_as::<_, StockLevel>(
            "SELECT sku_id, on_hand, reserved FROM stock_levels WHERE sku_id = $1",
        )
        .bind(sku_id)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn active_reservations(
        &self,
        sku_ids: &Vec<Uuid>,
        limit: i64,
    ) -> Result<Vec<Reservation>, sqlx::Error> {
        sqlx::query_as::<_, Reservation>(
            "SELECT id, sku_id, order_id, quantity, expires_at FROM reservations \
             WHERE sku_id = ANY($1) AND expires_at > now() \
             ORDER BY expires_at LIMIT $2",
        )
        .bind(sku_ids.as_slice())
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }

    pub async fn release_expired(&self) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM reservations WHERE expires_at <= now()")
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
