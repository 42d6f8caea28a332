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
        let catalog = self.catalog.read().await;
        let mut lines = Vec::with_capacity(order.lines.len());
        for line in &order.lines {
            let unit = catalog
                .unit_price(&line.sku)
                .ok_or_else(|| WorkerError::UnknownSku(line.sku.clone()))?;
            lines.push(PricedLine {
                sku: line.sku.clone(),
                qty: line.qty,
                cents: unit * i64::from(line.qty),
            });
        }
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
