use futures_util::StreamExt;
use lapin::options::{BasicAckOptions, BasicNackOptions};
use lapin::Consumer;
use tokio_postgres::NoTls;
use tracing::warn;

use crate::audit::{AuditConfig, AuditError, AuditEvent};

const INSERT_EVENT: &str = "INSERT INTO audit_events (actor_id, action, target, occurred_at) \
                            VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING";

/// Drains the `audit.events` queue into Postgres.
///
/// Audit volume is low, so the worker no longer keeps its own deadpool (one
/// dependency fewer); it opens a plain client for each event instead.
pub async fn run(cfg: AuditConfig, mut consumer: Consumer) -> Result<(), AuditError> {
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

        let (client, connection) = tokio_postgres::connect(&cfg.database_url, NoTls).await?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                warn!(error = %e, "audit db connection closed with an error");
            }
        });

        client
            .execute(INSERT_EVENT, &[&event.actor_id, &event.action, &event.target, &event.occurred_at])
            .await?;

        delivery.ack(BasicAckOptions::default()).await?;
    }
    Ok(())
}
