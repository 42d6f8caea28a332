use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;
use tokio::time::Instant;
use uuid::Uuid;

use crate::ledger::Ledger;

pub const DAILY_LIMIT: i64 = 1_000_000;
const WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

#[derive(Debug, Error)]
pub enum TransferError {
    #[error("insufficient funds: balance {balance}, requested {requested}")]
    InsufficientFunds { balance: i64, requested: i64 },
    #[error("amount must be positive")]
    NonPositive,
    #[error("daily limit exceeded: {used} already sent today")]
    DailyLimitExceeded { used: i64 },
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
}

pub struct Transfers {
    ledger: Arc<dyn Ledger>,
    window: tokio::sync::Mutex<Window>,
}

struct Window {
    started: Instant,
    used: std::collections::HashMap<Uuid, i64>,
}

impl Transfers {
    pub fn new(ledger: Arc<dyn Ledger>) -> Self {
        let window = Window { started: Instant::now(), used: Default::default() };
        Self { ledger, window: tokio::sync::Mutex::new(window) }
    }

    pub async fn transfer(&self, from: Uuid, to: Uuid, amount: i64) -> Result<(), TransferError> {
        if amount <= 0 {
            return Err(TransferError::NonPositive);
        }
        let mut window = self.window.lock().await;
        if window.started.elapsed() >= WINDOW {
            window.started = Instant::now();
            window.used.clear();
        }
        let used = window.used.get(&from).copied().unwrap_or(0);
        if used + amount > DAILY_LIMIT {
            return Err(TransferError::DailyLimitExceeded { used });
        }
        let balance = self.ledger.balance(from).await?;
        if balance < amount {
            return Err(TransferError::InsufficientFunds { balance, requested: amount });
        }
        self.ledger.move_funds(from, to, amount).await?;
        *window.used.entry(from).or_insert(0) += amount;
        Ok(())
    }
}
