use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Entry {
    pub id: Uuid,
    pub account_id: Uuid,
    pub amount_cents: i64,
    pub posted_at: DateTime<Utc>,
}

/// Each ledger lives in its own table (they have different retention and
/// partitioning); the names are fixed here, never taken from the request.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    Cash,
    Card,
    Voucher,
}

impl LedgerKind {
    pub const fn table(self) -> &'static str {
        match self {
            LedgerKind::Cash => "ledger_cash_entries",
            LedgerKind::Card => "ledger_card_entries",
            LedgerKind::Voucher => "ledger_voucher_entries",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    #[default]
    Newest,
    Oldest,
}

#[derive(Debug, Deserialize)]
pub struct EntryQuery {
    pub limit: Option<i64>,
    #[serde(default)]
    pub order: Order,
}
