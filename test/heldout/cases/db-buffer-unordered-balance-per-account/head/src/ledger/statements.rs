use futures::stream::{self, StreamExt, TryStreamExt};
use sqlx::PgPool;
use uuid::Uuid;

use crate::ledger::{AccountBalance, LedgerError};

pub struct StatementService {
    pool: PgPool,
}

impl StatementService {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    async fn balance_of(&self, account_id: Uuid) -> Result<AccountBalance, LedgerError> {
        let cents: Option<i64> = sqlx::query_scalar(
            "SELECT SUM(amount_cents)::BIGINT FROM ledger_entries WHERE account_id = $1",
        )
        .bind(account_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(AccountBalance { account_id, cents: cents.unwrap_or(0) })
    }

    pub async fn balances_for_export(
        &self,
        account_ids: Vec<Uuid>,
    ) -> Result<Vec<AccountBalance>, LedgerError> {
        stream::iter(account_ids)
            .map(|id| self.balance_of(id))
            .buffer_unordered(8)
            .try_collect()
            .await
    }
}
