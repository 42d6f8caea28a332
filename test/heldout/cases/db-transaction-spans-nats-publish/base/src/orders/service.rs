use async_nats::Client as NatsClient;
use sqlx::PgPool;
use uuid::Uuid;

use crate::orders::{NewOrder, Order, OrderError, OrderPlaced};

pub struct OrderService {
    pool: PgPool,
}

impl OrderService {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    pub async fn place(&self, input: NewOrder) -> Result<Order, OrderError> {
        let mut tx = self.pool.begin().await?;
        let reserved = sqlx::query(
            "UPDATE inventory SET reserved = reserved + $1 WHERE sku = $2 AND on_hand - reserved >= $1",
        )
        .bind(input.quantity)
        .bind(&input.sku)
        .execute(&mut *tx)
        .await?;
        if reserved.rows_affected() == 0 {
            return Err(OrderError::OutOfStock(input.sku));
        }
        let order = sqlx::query_as::<_, Order>(
            "INSERT INTO orders (id, customer_id, sku, quantity, status) VALUES ($1, $2, $3, $4, 'placed') \
             RETURNING id, customer_id, sku, quantity, status, created_at",
        )
        .bind(Uuid::new_v4())
        .bind(input.customer_id)
        .bind(&input.sku)
        .bind(input.quantity)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(order)
    }
}
