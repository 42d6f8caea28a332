use chrono::Utc;
use lapin::options::BasicPublishOptions;
use lapin::{BasicProperties, Channel};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QuerySelect, Set, TransactionTrait};
use uuid::Uuid;

use crate::entities::refund::{self, Entity as Refund, RefundStatus};
use crate::events::RefundApproved;
use crate::services::RefundError;

const PAYMENTS_EXCHANGE: &str = "payments";

pub struct RefundService {
    db: DatabaseConnection,
    amqp: Channel,
}

impl RefundService {
    pub fn new(db: DatabaseConnection, amqp: Channel) -> Self {
        Self { db, amqp }
    }

    /// Moves a pending refund to `approved` and tells payouts right away
    /// instead of waiting for its one-minute table poll.
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

        let event = serde_json::to_vec(&RefundApproved::from(&updated))?;
        self.amqp
            .basic_publish(
                PAYMENTS_EXCHANGE,
                "refund.approved",
                BasicPublishOptions::default(),
                &event,
                BasicProperties::default().with_delivery_mode(2),
            )
            .await?
            .await?;

        txn.commit().await?;
        Ok(updated)
    }
}
