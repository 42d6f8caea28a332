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
        while let Some(mut job) = self.queue.lock().unwrap().pop_front() {
            job.attempts += 1;
            match self.sender.deliver(&job).await {
                Ok(()) => delivered += 1,
                Err(e) if job.attempts < 8 => {
                    warn!(endpoint = %job.endpoint, attempts = job.attempts, error = %e, "retry failed");
                    self.queue.lock().unwrap().push_back(job);
                    break;
                }
                Err(e) => warn!(endpoint = %job.endpoint, error = %e, "giving up on webhook"),
            }
        }
        if delivered > 0 {
            info!(delivered, "webhook retries delivered");
        }
    }
}
