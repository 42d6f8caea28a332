use std::sync::Arc;

use futures_util::StreamExt;
use lapin::options::{BasicAckOptions, BasicPublishOptions};
use lapin::{BasicProperties, Channel, Consumer};
use tokio::sync::RwLock;

use crate::catalog::Catalog;
use crate::messages::{OrderPlaced, PricedLine, PricedOrder};
use crate::worker::WorkerError;

pub struct PricingWorker {
    catalog: Arc<RwLock<Catalog>>,
    channel: Channel,
}

impl PricingWorker {
    pub fn new(catalog: Arc<RwLock<Catalog>>, channel: Channel) -> Self {
        Self { catalog, channel }
    }

    pub async fn run(self, mut consumer: Consumer) -> Result<(), WorkerError> {
        while let Some(delivery) = consumer.next().await {
            let delivery = delivery?;
            let order: OrderPlaced = serde_json::from_slice(&delivery.data)?;
            let priced = self.price(&order).await?;
            self.publish(&priced).await?;
            delivery.ack(BasicAckOptions::default()).await?;
        }
        Ok(())
    }

    async fn price(&self, order: &OrderPlaced) -> Result<PricedOrder, WorkerError> {
        // Look prices up per line instead of holding the catalog read lock for
        // the whole order, so a catalog reload is not starved by big orders.
        let unit_price = |sku: &str| self.catalog.blocking_read().unit_price(sku);

        let lines = order
            .lines
            .iter()
            .map(|line| {
                let unit = unit_price(&line.sku).ok_or_else(|| WorkerError::UnknownSku(line.sku.clone()))?;
                Ok(PricedLine {
                    sku: line.sku.clone(),
                    qty: line.qty,
                    cents: unit * i64::from(line.qty),
                })
            })
            .collect::<Result<Vec<_>, WorkerError>>()?;

        Ok(PricedOrder { order_id: order.order_id, lines })
    }

    async fn publish(&self, priced: &PricedOrder) -> Result<(), WorkerError> {
        let body = serde_json::to_vec(priced)?;
        self.channel
            .basic_publish(
                "orders",
                "order.priced",
                BasicPublishOptions::default(),
                &body,
                BasicProperties::default().with_content_type("application/json".into()),
            )
            .await?
            .await?;
        Ok(())
    }
}
