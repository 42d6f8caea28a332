use chrono::Utc;
use lapin::Channel;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QuerySelect, Set, TransactionTrait};
use uuid::Uuid;

use crate::entities::refund::{self, Entity as Refund, RefundStatus};
use crate::services::RefundError;

pub struct RefundService {
    db: DatabaseConnection,
    amqp: Channel,
}

impl RefundService {
    pub fn new(db: DatabaseConnection, amqp: Channel) -> Self {
        Self { db, amqp }
    }

    /// Moves a pending refund to `approved`. Payouts picks approved refunds up
    /// from the table every minute.
    pub async fn approve(&self, refund_id: Uuid, approver: Uuid) -> Result<refund::Model, RefundError> {
        let txn = self.db.begin().await?;

        let refund = Refund::find_by_id(refund_id)
            .lock_exclusive()
            .one(&txn)
            .await?
            .ok_or(RefundError::NotFound(refund_id))?;
        if refund.status != RefundStatus::Pending {
            return Err(RefundError::NotPending { id: refund_id, status: refund.status });
        }

        let mut active: refund::ActiveModel = refund.into();
        active.status = Set(RefundStatus::Approved);
        active.approved_by = Set(Some(approver));
        active.approved_at = Set(Some(Utc::now().fixed_offset()));
        let updated = active.update(&txn).await?;

        txn.commit().await?;
        Ok(updated)
    }
}
