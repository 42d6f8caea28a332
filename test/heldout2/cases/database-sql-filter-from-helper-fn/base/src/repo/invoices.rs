use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{FromRow, PgPool};
use uuid::Uuid;

#[derive(Debug, Serialize, FromRow)]
pub struct InvoiceRow {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub status: String,
    pub total_cents: i64,
    pub issued_at: DateTime<Utc>,
}

pub async fn list_for_customer(
    pool: &PgPool,
    customer_id: Uuid,
    limit: i64,
) -> sqlx::Result<Vec<InvoiceRow>> {
    sqlx::query_as::<_, InvoiceRow>(
        "SELECT id, customer_id, status, total_cents, issued_at
           FROM invoices
          WHERE customer_id = $1
          ORDER BY issued_at DESC
          LIMIT $2",
    )
    .bind(customer_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}
