use std::time::Duration;

use rdkafka::error::KafkaError;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct AuditEvent {
    pub tenant_id: String,
    pub actor: String,
    pub action: &'static str,
    pub target: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("could not encode audit event")]
    Encode(#[from] serde_json::Error),
    #[error("kafka delivery failed")]
    Kafka(#[source] KafkaError),
}

#[derive(Clone)]
pub struct AuditPublisher {
    producer: FutureProducer,
    topic: String,
}

impl AuditPublisher {
    pub fn new(producer: FutureProducer, topic: impl Into<String>) -> Self {
        Self { producer, topic: topic.into() }
    }

    /// Publishes in the background so member changes no longer wait on the broker.
    pub fn record(&self, event: &AuditEvent) -> Result<(), AuditError> {
        let payload = serde_json::to_vec(event)?;
        let producer = self.producer.clone();
        let topic = self.topic.clone();
        let key = event.tenant_id.clone();
        let delivery = async move {
            producer
                .send(
                    FutureRecord::to(&topic).key(&key).payload(&payload),
                    Timeout::After(Duration::from_secs(5)),
                )
                .await
                .map_err(|(e, _msg)| AuditError::Kafka(e))?;
            Ok::<(), AuditError>(())
        };
        tokio::spawn(delivery);
        Ok(())
    }
}
