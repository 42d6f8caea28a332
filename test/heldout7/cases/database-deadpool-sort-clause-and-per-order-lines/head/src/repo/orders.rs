use deadpool_postgres::Pool;
use serde::Serialize;

use super::sql::{order_by, Direction};

#[derive(Serialize)]
pub struct OrderLine {
    pub sku: String,
    pub qty: i32,
}

#[derive(Serialize)]
pub struct OrderSummary {
    pub id: i64,
    pub status: String,
    pub lines: Vec<OrderLine>,
}

pub async fn list_orders(
    pool: &Pool,
    customer_id: i64,
    sort: &str,
    dir: Option<&str>,
) -> anyhow::Result<Vec<OrderSummary>> {
    let client = pool.get().await?;
    let sql = format!(
        "SELECT id, status FROM orders WHERE customer_id = $1 {} LIMIT 50",
        order_by(sort, &Direction::parse(dir))
    );
    let rows = client.query(sql.as_str(), &[&customer_id]).await?;

    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.get("id");
        let lines = client
            .query("SELECT sku, qty FROM order_lines WHERE order_id = $1", &[&id])
            .await?
            .into_iter()
            .map(|r| OrderLine { sku: r.get("sku"), qty: r.get("qty") })
            .collect();
        out.push(OrderSummary { id, status: row.get("status"), lines });
    }
    Ok(out)
}
