use std::sync::Arc;

use payments::ledger::MemoryLedger;
use payments::transfers::{TransferError, Transfers};
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
async fn rejects_overdraft() {
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
