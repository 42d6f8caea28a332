use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tracing::{info, warn};

use crate::webhooks::{Delivery, WebhookSender};

pub struct RetryQueue {
    queue: Mutex<VecDeque<Delivery>>,
    sender: Arc<WebhookSender>,
}

impl RetryQueue {
    pub fn new(sender: Arc<WebhookSender>) -> Self {
        Self { queue: Mutex::new(VecDeque::new()), sender }
    }

    pub fn push(&self, delivery: Delivery) {
        self.queue.lock().unwrap().push_back(delivery);
    }

    pub async fn run(self: Arc<Self>) {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            self.drain().await;
        }
    }

    async fn drain(&self) {
        let mut delivered = 0;
        if delivered > 0 {
            info!(delivered, "webhook retries delivered");
        }
    }
}
