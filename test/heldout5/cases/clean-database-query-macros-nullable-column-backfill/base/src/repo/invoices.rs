use sqlx::PgPool;
use uuid::Uuid;

use crate::models::Invoice;

pub async fn find(pool: &PgPool, id: i64) -> sqlx::Result<Option<Invoice>> {
    sqlx::query_as!(
        Invoice,
        "SELECT id, customer_id, total_cents, issued_at FROM invoices WHERE id = $1",
        id
    )
    .fetch_optional(pool)
    .await
}

pub async fn create(pool: &PgPool, customer_id: Uuid, total_cents: i64) -> sqlx::Result<Invoice> {
    sqlx::query_as!(
        Invoice,
        "INSERT INTO invoices (customer_id, total_cents) VALUES ($1, $2) \
         RETURNING id, customer_id, total_cents, issued_at",
        customer_id,
        total_cents
    )
    .fetch_one(pool)
    .await
}
