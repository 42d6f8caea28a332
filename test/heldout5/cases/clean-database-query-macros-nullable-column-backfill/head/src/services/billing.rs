use sqlx::PgPool;
use uuid::Uuid;

use crate::error::BillingError;
use crate::models::{Currency, Invoice};
use crate::repo::{invoices, outbox};

pub async fn issue(pool: &PgPool, customer_id: Uuid, total_cents: i64) -> Result<Invoice, BillingError> {
    if total_cents <= 0 {
        return Err(BillingError::InvalidAmount(total_cents));
    }
    let currency = match invoices::customer_currency(pool, customer_id).await? {
        Some(code) => Currency::parse(&code).ok_or(BillingError::UnknownCurrency(code))?,
        None => Currency::Eur,
    };

    let mut tx = pool.begin().await?;
    let invoice = invoices::create(&mut tx, customer_id, total_cents, currency).await?;
    outbox::enqueue(&mut tx, "invoice.issued", invoice.id).await?;
    tx.commit().await?;
    Ok(invoice)
}
