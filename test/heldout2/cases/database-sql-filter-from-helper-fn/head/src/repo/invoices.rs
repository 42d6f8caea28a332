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

/// `statuses` comes from the `?status=open,overdue` query string.
fn status_clause(statuses: &[String]) -> String {
    if statuses.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = statuses.iter().map(|s| format!("'{s}'")).collect();
    format!(" AND status IN ({})", quoted.join(", "))
}

pub async fn list_for_customer(
    pool: &PgPool,
    customer_id: Uuid,
    statuses: &[String],
    limit: i64,
) -> sqlx::Result<Vec<InvoiceRow>> {
    let sql = format!(
        "SELECT id, customer_id, status, total_cents, issued_at
           FROM invoices
          WHERE customer_id = $1{}
          ORDER BY issued_at DESC
          LIMIT $2",
        status_clause(statuses)
    );
    sqlx::query_as::<_, InvoiceRow>(&sql)
        .bind(customer_id)
        .bind(limit)
        .fetch_all(pool)
        .await
}
