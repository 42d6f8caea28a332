use sqlx::PgPool;
use uuid::Uuid;

use crate::error::BillingError;
use crate::models::Invoice;
use crate::repo::invoices;

pub async fn issue(pool: &PgPool, customer_id: Uuid, total_cents: i64) -> Result<Invoice, BillingError> {
    if total_cents <= 0 {
        return Err(BillingError::InvalidAmount(total_cents));
    }
    Ok(invoices::create(pool, customer_id, total_cents).await?)
}
