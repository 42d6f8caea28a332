use deadpool_postgres::{Pool, PoolError};
use tokio_postgres::Row;

#[derive(Debug, serde::Serialize)]
pub struct OrderSummary {
    pub id: i64,
    pub customer_id: i64,
    pub status: String,
    pub total_cents: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("pool")]
    Pool(#[from] PoolError),
    #[error("query")]
    Query(#[from] tokio_postgres::Error),
}

fn summary(row: &Row) -> OrderSummary {
    OrderSummary {
        id: row.get("id"),
        customer_id: row.get("customer_id"),
        status: row.get("status"),
        total_cents: row.get("total_cents"),
    }
}

pub async fn recent(pool: &Pool) -> Result<Vec<OrderSummary>, RepoError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT id, customer_id, status, total_cents FROM orders ORDER BY id DESC LIMIT 100",
            &[],
        )
        .await?;
    Ok(rows.iter().map(summary).collect())
}
