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
        let mut sent = 0;
        for r in recipients {
            let msg = OutgoingMessage::new(&self.from, &r.email, &digest.subject, &digest.html, &digest.text);
            match self.mailer.send(msg).await {
                Ok(()) => sent += 1,
                Err(e) => warn!(recipient = %r.email, error = %e, "digest send failed"),
            }
        }
        info!(sent, total = recipients.len(), "weekly digest sent");
        sent
    }
}
