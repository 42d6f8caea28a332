use futures_util::StreamExt;
use lapin::options::{BasicAckOptions, BasicNackOptions};
use lapin::Consumer;

use crate::error::RelayError;
use crate::rules::RoutingRule;
use crate::sink::Sinks;

pub struct Relay {
    rules: Vec<RoutingRule>,
    sinks: Sinks,
}

impl Relay {
    pub fn new(rules: Vec<RoutingRule>, sinks: Sinks) -> Self {
        Self { rules, sinks }
    }

    pub async fn run(&self, mut consumer: Consumer) -> Result<(), RelayError> {
        while let Some(delivery) = consumer.next().await {
            let delivery = delivery?;
            let key = delivery.routing_key.as_str();
            match self.rules.iter().find(|r| r.matches(key)) {
                Some(rule) => {
                    self.sinks.forward(&rule.sink, &delivery.data).await?;
                    delivery.ack(BasicAckOptions::default()).await?;
                }
                None => {
                    delivery.nack(BasicNackOptions { requeue: false, ..Default::default() }).await?;
                }
            }
        }
        Ok(())
    }
}
