use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::models::{Currency, Invoice};

pub async fn find(pool: &PgPool, id: i64) -> sqlx::Result<Option<Invoice>> {
    sqlx::query_as!(
        Invoice,
        r#"SELECT id, customer_id, total_cents, currency AS "currency: Currency", issued_at
           FROM invoices WHERE id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await
}

pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    customer_id: Uuid,
    total_cents: i64,
    currency: Currency,
) -> sqlx::Result<Invoice> {
    sqlx::query_as!(
        Invoice,
        r#"INSERT INTO invoices (customer_id, total_cents, currency) VALUES ($1, $2, $3)
           RETURNING id, customer_id, total_cents, currency AS "currency: Currency", issued_at"#,
        customer_id,
        total_cents,
        currency.code()
    )
    .fetch_one(&mut **tx)
    .await
}

pub async fn customer_currency(pool: &PgPool, customer_id: Uuid) -> sqlx::Result<Option<String>> {
    let row = sqlx::query!("SELECT billing_currency FROM customers WHERE id = $1", customer_id)
        .fetch_optional(pool)
        .await?;
    Ok(row.and_then(|r| r.billing_currency))
}
