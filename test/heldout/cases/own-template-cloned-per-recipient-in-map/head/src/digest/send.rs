use std::sync::Arc;

use futures::stream::{self, StreamExt};
use tracing::{info, warn};

use crate::digest::{DigestBody, Recipient};
use crate::mail::{Mailer, OutgoingMessage};

const SEND_CONCURRENCY: usize = 16;

pub struct DigestSender {
    mailer: Arc<dyn Mailer>,
    from: String,
}

impl DigestSender {
    pub fn new(mailer: Arc<dyn Mailer>, from: String) -> Self {
        Self { mailer, from }
    }

    pub async fn send_weekly(&self, recipients: &[Recipient], digest: DigestBody) -> usize {
        let messages: Vec<(String, OutgoingMessage)> = recipients
            .iter()
            .filter(|r| r.digest_opt_in)
            .map(|r| (r.email.clone(), OutgoingMessage::from_digest(&self.from, &r.email, digest.clone())))
            .collect();
        let results: Vec<bool> = stream::iter(messages)
            .map(|(email, msg)| async move {
                match self.mailer.send(msg).await {
                    Ok(()) => true,
                    Err(e) => {
                        warn!(recipient = %email, error = %e, "digest send failed");
                        false
                    }
                }
            })
            .buffer_unordered(SEND_CONCURRENCY)
            .collect()
            .await;
        let sent = results.iter().filter(|ok| **ok).count();
        info!(sent, total = recipients.len(), "weekly digest sent");
        sent
    }
}
