use futures::future::join_all;
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

        let line_sets = join_all(invoices.iter().map(|invoice| {
            sqlx::query_as::<_, InvoiceLine>(
                "SELECT id, invoice_id, description, quantity, unit_cents FROM invoice_lines \
                 WHERE invoice_id = $1 ORDER BY position",
            )
            .bind(invoice.id)
            .fetch_all(&self.pool)
        }))
        .await;

        let mut out = Vec::with_capacity(invoices.len());
        for (invoice, lines) in invoices.into_iter().zip(line_sets) {
            out.push(InvoiceWithLines { invoice, lines: lines? });
        }
        Ok(out)
    }
}
