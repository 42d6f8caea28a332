use std::sync::Arc;

use futures::StreamExt;
use lapin::message::Delivery;
use lapin::options::{BasicAckOptions, BasicConsumeOptions, BasicNackOptions};
use lapin::types::FieldTable;
use lapin::Channel;
use tokio::task::JoinSet;

use crate::search::Indexer;

/// Deliveries waiting for a worker per worker; the consumer stops reading when all are full.
const QUEUE_PER_WORKER: usize = 4;

pub async fn run(channel: Channel, indexer: Arc<Indexer>, workers: usize) -> Result<(), lapin::Error> {
    let mut deliveries = channel
        .basic_consume(
            "catalog.changed",
            "search-indexer",
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await?;

    let (tx, rx) = flume::bounded::<Delivery>(workers * QUEUE_PER_WORKER);
    let mut pool = JoinSet::new();
    for worker in 0..workers {
        let rx = rx.clone();
        let indexer = Arc::clone(&indexer);
        pool.spawn(async move {
            while let Ok(delivery) = rx.recv_async().await {
                let settled = match indexer.apply(&delivery.data).await {
                    Ok(()) => delivery.ack(BasicAckOptions::default()).await,
                    Err(e) => {
                        tracing::warn!(worker, error = %e, "indexing failed; requeueing");
                        delivery
                            .nack(BasicNackOptions { requeue: true, ..Default::default() })
                            .await
                    }
                };
                if let Err(e) = settled {
                    tracing::error!(worker, error = %e, "could not settle delivery");
                }
            }
        });
    }
    drop(rx);

    while let Some(delivery) = deliveries.next().await {
        if tx.send_async(delivery?).await.is_err() {
            break;
        }
    }
    drop(tx);
    while pool.join_next().await.is_some() {}
    Ok(())
}
