use deadpool_postgres::Pool;
use futures_util::StreamExt;
use lapin::options::{BasicAckOptions, BasicNackOptions};
use lapin::Consumer;
use tracing::warn;

use crate::audit::{AuditError, AuditEvent};

const INSERT_EVENT: &str = "INSERT INTO audit_events (actor_id, action, target, occurred_at) \
                            VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING";

/// Drains the `audit.events` queue into Postgres.
pub async fn run(pool: Pool, mut consumer: Consumer) -> Result<(), AuditError> {
    while let Some(delivery) = consumer.next().await {
        let delivery = delivery?;
        let event: AuditEvent = match serde_json::from_slice(&delivery.data) {
            Ok(event) => event,
            Err(e) => {
                warn!(error = %e, "undecodable audit event, dropping");
                delivery.nack(BasicNackOptions { requeue: false, ..Default::default() }).await?;
                continue;
            }
        };

        let client = pool.get().await?;
        let stmt = client.prepare_cached(INSERT_EVENT).await?;
        client
            .execute(&stmt, &[&event.actor_id, &event.action, &event.target, &event.occurred_at])
            .await?;

        delivery.ack(BasicAckOptions::default()).await?;
    }
    Ok(())
}
