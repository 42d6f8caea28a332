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

#[derive(Debug, Deserialize)]
pub struct EntryQuery {
    pub limit: Option<i64>,
}
