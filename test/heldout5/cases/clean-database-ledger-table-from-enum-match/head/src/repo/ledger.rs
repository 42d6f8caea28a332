use sqlx::PgPool;
use uuid::Uuid;

use crate::models::{Entry, LedgerKind, Order};

pub async fn recent_entries(
    pool: &PgPool,
    kind: LedgerKind,
    account_id: Uuid,
    order: Order,
    limit: i64,
) -> sqlx::Result<Vec<Entry>> {
    let direction = match order {
        Order::Newest => "DESC",
        Order::Oldest => "ASC",
    };
    let sql = format!(
        "SELECT id, account_id, amount_cents, posted_at FROM {table} \
         WHERE account_id = $1 ORDER BY posted_at {direction} LIMIT $2",
        table = kind.table(),
    );
    sqlx::query_as::<_, Entry>(&sql)
        .bind(account_id)
        .bind(limit.clamp(1, 500))
        .fetch_all(pool)
        .await
}

pub async fn find_entry(pool: &PgPool, kind: LedgerKind, id: Uuid) -> sqlx::Result<Option<Entry>> {
    let sql = format!(
        "SELECT id, account_id, amount_cents, posted_at FROM {} WHERE id = $1",
        kind.table()
    );
    sqlx::query_as::<_, Entry>(&sql).bind(id).fetch_optional(pool).await
}
