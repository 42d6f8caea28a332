use std::sync::Mutex as StdMutex;
use std::time::Duration;

use tracing::{debug, warn};

use crate::broker::{Broker, Envelope};

const MAX_BATCH: usize = 200;

pub struct OutboxBatcher {
    broker: Broker,
    buffer: StdMutex<Vec<Envelope>>,
}

impl OutboxBatcher {
    pub fn new(broker: Broker) -> Self {
        Self { broker, buffer: StdMutex::new(Vec::with_capacity(MAX_BATCH)) }
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
        let mut pending = self.buffer.lock().unwrap();
        if pending.is_empty() {
            return;
        }
        match self.broker.publish_batch(&pending).await {
            Ok(()) => {
                debug!(size = pending.len(), "outbox batch published");
                pending.clear();
            }
            Err(e) => warn!(error = %e, size = pending.len(), "outbox publish failed, will retry"),
        }
    }
}
