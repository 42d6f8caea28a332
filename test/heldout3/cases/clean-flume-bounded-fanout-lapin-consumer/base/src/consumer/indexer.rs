use std::sync::Arc;

use futures::StreamExt;
use lapin::options::{BasicAckOptions, BasicConsumeOptions, BasicNackOptions};
use lapin::types::FieldTable;
use lapin::Channel;

use crate::search::Indexer;

pub async fn run(channel: Channel, indexer: Arc<Indexer>) -> Result<(), lapin::Error> {
    let mut deliveries = channel
        .basic_consume(
            "catalog.changed",
            "search-indexer",
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await?;

    while let Some(delivery) = deliveries.next().await {
        let delivery = delivery?;
        match indexer.apply(&delivery.data).await {
            Ok(()) => delivery.ack(BasicAckOptions::default()).await?,
            Err(e) => {
                tracing::warn!(error = %e, "indexing failed; requeueing");
                delivery
                    .nack(BasicNackOptions { requeue: true, ..Default::default() })
                    .await?;
            }
        }
    }
    Ok(())
}
