use sqlx::PgPool;
use uuid::Uuid;

use crate::billing::{Invoice, InvoiceLine, InvoiceWithLines};
use crate::error::ServiceError;

pub struct InvoiceService {
    pool: PgPool,
}

impl InvoiceService {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    pub async fn list_for_customer(
        &self,
        customer_id: Uuid,
        limit: i64,
    ) -> Result<Vec<InvoiceWithLines>, ServiceError> {
        let invoices = sqlx::query_as::<_, Invoice>(
            "SELECT id, number, status, total_cents, issued_at FROM invoices \
             WHERE customer_id = $1 ORDER BY issued_at DESC LIMIT $2",
        )
        .bind(customer_id)
        .bind(limit.clamp(1, 100))
        .fetch_all(&self.pool)
        .await?;

        Ok(invoices
            .into_iter()
            .map(|invoice| InvoiceWithLines { invoice, lines: Vec::new() })
            .collect())
    }
}
