use sqlx::PgPool;

use crate::{sku, BoxError};

pub async fn run(pool: &PgPool, batch_size: usize) -> Result<u64, BoxError> {
    let mut synced = 0;
    loop {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, sku FROM catalog_items WHERE synced_at IS NULL ORDER BY id LIMIT $1",
        )
        .bind(batch_size as i64)
        .fetch_all(pool)
        .await?;
        if rows.is_empty() {
            return Ok(synced);
        }
        let (valid, invalid): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, s)| sku::is_valid(s));
        for (id, s) in &invalid {
            tracing::warn!(id, sku = %s, "skipping malformed SKU");
        }
        let ids: Vec<i64> = valid.iter().map(|(id, _)| *id).chain(invalid.iter().map(|(id, _)| *id)).collect();
        let done = sqlx::query("UPDATE catalog_items SET synced_at = now() WHERE id = ANY($1)")
            .bind(&ids)
            .execute(pool)
            .await?;
        synced += done.rows_affected();
    }
}
