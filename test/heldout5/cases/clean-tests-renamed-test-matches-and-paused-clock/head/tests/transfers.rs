use std::sync::Arc;
use std::time::Duration;

use payments::ledger::MemoryLedger;
use payments::transfers::{TransferError, Transfers, DAILY_LIMIT};
use uuid::Uuid;

fn setup(balance: i64) -> (Transfers, Arc<MemoryLedger>, Uuid, Uuid) {
    let ledger = Arc::new(MemoryLedger::default());
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    ledger.credit(alice, balance);
    (Transfers::new(ledger.clone()), ledger, alice, bob)
}

#[tokio::test]
async fn moves_funds() {
    let (svc, ledger, alice, bob) = setup(500);
    svc.transfer(alice, bob, 200).await.unwrap();
    assert_eq!(ledger.balance_of(alice), 300);
    assert_eq!(ledger.balance_of(bob), 200);
}

#[tokio::test]
async fn overdraft_is_rejected_and_balances_untouched() {
    let (svc, ledger, alice, bob) = setup(100);
    let res = svc.transfer(alice, bob, 101).await;
    assert!(matches!(res, Err(TransferError::InsufficientFunds { balance: 100, requested: 101 })));
    assert_eq!(ledger.balance_of(alice), 100);
    assert_eq!(ledger.balance_of(bob), 0);
}

#[tokio::test]
async fn rejects_zero() {
    let (svc, _ledger, alice, bob) = setup(100);
    assert!(matches!(svc.transfer(alice, bob, 0).await, Err(TransferError::NonPositive)));
}

#[tokio::test]
async fn daily_limit_counts_earlier_transfers() {
    let (svc, ledger, alice, bob) = setup(DAILY_LIMIT * 2);
    svc.transfer(alice, bob, DAILY_LIMIT - 10).await.unwrap();
    let res = svc.transfer(alice, bob, 11).await;
    assert!(matches!(res, Err(TransferError::DailyLimitExceeded { used }) if used == DAILY_LIMIT - 10));
    assert_eq!(ledger.balance_of(bob), DAILY_LIMIT - 10);
}

#[tokio::test(start_paused = true)]
async fn daily_limit_resets_after_24_hours() {
    let (svc, ledger, alice, bob) = setup(DAILY_LIMIT * 2);
    svc.transfer(alice, bob, DAILY_LIMIT).await.unwrap();
    assert!(matches!(svc.transfer(alice, bob, 1).await, Err(TransferError::DailyLimitExceeded { .. })));

    // The runtime clock is paused: this advances virtual time instantly.
    tokio::time::sleep(Duration::from_secs(24 * 60 * 60)).await;

    svc.transfer(alice, bob, 1).await.unwrap();
    assert_eq!(ledger.balance_of(bob), DAILY_LIMIT + 1);
}
