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

    pub async fn record(&self, event: &AuditEvent) -> Result<(), AuditError> {
        let payload = serde_json::to_vec(event)?;
        self.producer
            .send(
                FutureRecord::to(&self.topic).key(&event.tenant_id).payload(&payload),
                Timeout::After(Duration::from_secs(5)),
            )
            .await
            .map_err(|(e, _msg)| AuditError::Kafka(e))?;
        Ok(())
    }
}
