use async_nats::Client as NatsClient;
use sqlx::PgPool;
use uuid::Uuid;

use crate::orders::{NewOrder, Order, OrderError, OrderPlaced};

pub struct OrderService {
    pool: PgPool,
    nats: NatsClient,
}

impl OrderService {
    pub fn new(pool: PgPool, nats: NatsClient) -> Self {
        Self { pool, nats }
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
        let event = serde_json::to_vec(&OrderPlaced::from(&order))?;
        self.nats.publish("orders.placed", event.into()).await?;
        tx.commit().await?;
        Ok(order)
    }
}
