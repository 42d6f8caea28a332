use sqlx::PgPool;
use uuid::Uuid;

use crate::models::Entry;

pub async fn recent_entries(pool: &PgPool, account_id: Uuid, limit: i64) -> sqlx::Result<Vec<Entry>> {
    sqlx::query_as::<_, Entry>(
        "SELECT id, account_id, amount_cents, posted_at FROM ledger_entries \
         WHERE account_id = $1 ORDER BY posted_at DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(limit.clamp(1, 500))
    .fetch_all(pool)
    .await
}
