use std::sync::Mutex;
use std::time::Duration;

use tracing::{debug, warn};

use crate::broker::{Broker, Envelope};

const MAX_BATCH: usize = 200;

pub struct OutboxBatcher {
    broker: Broker,
    buffer: Mutex<Vec<Envelope>>,
}

impl OutboxBatcher {
    pub fn new(broker: Broker) -> Self {
        Self { broker, buffer: Mutex::new(Vec::with_capacity(MAX_BATCH)) }
    }

    pub fn enqueue(&self, envelope: Envelope) {
        self.buffer.lock().unwrap().push(envelope);
    }

    pub async fn run(&self) {
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        loop {
            tick.tick().await;
            self.flush().await;
        }
    }

    async fn flush(&self) {
        let batch: Vec<Envelope> = std::mem::take(&mut *self.buffer.lock().unwrap());
        if batch.is_empty() {
            return;
        }
        if let Err(e) = self.broker.publish_batch(&batch).await {
            warn!(error = %e, size = batch.len(), "outbox publish failed, requeueing");
            self.buffer.lock().unwrap().extend(batch);
            return;
        }
        debug!(size = batch.len(), "outbox batch published");
    }
}
