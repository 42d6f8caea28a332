use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Draft,
    Open,
    Paid,
    Void,
}

#[derive(Debug, Clone, Serialize, Deserialize, FromRow)]
pub struct Invoice {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub number: String,
    pub status: InvoiceStatus,
    pub total: Decimal,
    pub issued_at: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InvoiceError {
    #[error("only draft invoices can be issued")]
    NotDraft,
    #[error("an invoice needs at least one line")]
    Empty,
}

impl Invoice {
    pub fn issue(&mut self, now: DateTime<Utc>, line_count: usize) -> Result<(), InvoiceError> {
        if self.status != InvoiceStatus::Draft {
            return Err(InvoiceError::NotDraft);
        }
        if line_count == 0 {
            return Err(InvoiceError::Empty);
        }
        self.status = InvoiceStatus::Open;
        self.issued_at = Some(now);
        Ok(())
    }
}
