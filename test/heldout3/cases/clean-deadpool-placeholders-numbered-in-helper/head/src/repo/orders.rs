use deadpool_postgres::{Pool, PoolError};
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

#[derive(Debug, serde::Serialize)]
pub struct OrderSummary {
    pub id: i64,
    pub customer_id: i64,
    pub status: String,
    pub total_cents: i64,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct OrderFilter {
    pub customer_id: Option<i64>,
    pub status: Option<String>,
    pub min_total_cents: Option<i64>,
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

/// Builds ` WHERE ...` with numbered placeholders (`$1`, `$2`, ...) and the values to bind,
/// in the same order. Only fixed column names go into the SQL text.
fn where_clause(filter: &OrderFilter) -> (String, Vec<&(dyn ToSql + Sync)>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut params: Vec<&(dyn ToSql + Sync)> = Vec::new();
    if let Some(customer_id) = &filter.customer_id {
        params.push(customer_id);
        conditions.push(format!("customer_id = ${}", params.len()));
    }
    if let Some(status) = &filter.status {
        params.push(status);
        conditions.push(format!("status = ${}", params.len()));
    }
    if let Some(min_total) = &filter.min_total_cents {
        params.push(min_total);
        conditions.push(format!("total_cents >= ${}", params.len()));
    }
    if conditions.is_empty() {
        (String::new(), params)
    } else {
        (format!(" WHERE {}", conditions.join(" AND ")), params)
    }
}

pub async fn recent(pool: &Pool, filter: &OrderFilter) -> Result<Vec<OrderSummary>, RepoError> {
    let (where_sql, params) = where_clause(filter);
    let sql = format!(
        "SELECT id, customer_id, status, total_cents FROM orders{where_sql} ORDER BY id DESC LIMIT 100"
    );
    let client = pool.get().await?;
    let statement = client.prepare_cached(&sql).await?;
    let rows = client.query(&statement, &params).await?;
    Ok(rows.iter().map(summary).collect())
}
