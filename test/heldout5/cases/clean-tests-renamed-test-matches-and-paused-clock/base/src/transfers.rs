use std::sync::Arc;

use thiserror::Error;
use uuid::Uuid;

use crate::ledger::Ledger;

#[derive(Debug, Error)]
pub enum TransferError {
    #[error("insufficient funds: balance {balance}, requested {requested}")]
    InsufficientFunds { balance: i64, requested: i64 },
    #[error("amount must be positive")]
    NonPositive,
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
}

pub struct Transfers {
    ledger: Arc<dyn Ledger>,
}

impl Transfers {
    pub fn new(ledger: Arc<dyn Ledger>) -> Self {
        Self { ledger }
    }

    pub async fn transfer(&self, from: Uuid, to: Uuid, amount: i64) -> Result<(), TransferError> {
        if amount <= 0 {
            return Err(TransferError::NonPositive);
        }
        let balance = self.ledger.balance(from).await?;
        if balance < amount {
            return Err(TransferError::InsufficientFunds { balance, requested: amount });
        }
        self.ledger.move_funds(from, to, amount).await?;
        Ok(())
    }
}
