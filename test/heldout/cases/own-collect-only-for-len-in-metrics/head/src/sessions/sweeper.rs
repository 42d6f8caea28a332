use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::RwLock;
use tracing::debug;
use uuid::Uuid;

use crate::metrics::Metrics;
use crate::sessions::Session;

pub struct Sweeper {
    sessions: Arc<RwLock<HashMap<Uuid, Session>>>,
    metrics: Metrics,
}

impl Sweeper {
    pub fn new(sessions: Arc<RwLock<HashMap<Uuid, Session>>>, metrics: Metrics) -> Self {
        Self { sessions, metrics }
    }

    pub async fn run(self) {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tick.tick().await;
            self.sweep_once().await;
        }
    }

    async fn sweep_once(&self) {
        let now = Utc::now();
        let mut sessions = self.sessions.write().await;
        let expired: Vec<&Uuid> = sessions
            .iter()
            .filter(|(_, s)| s.expires_at <= now)
            .map(|(id, _)| id)
            .collect();
        self.metrics.sessions_expired.set(expired.len() as i64);
        if expired.is_empty() {
            return;
        }
        let before = sessions.len();
        sessions.retain(|_, s| s.expires_at > now);
        debug!(removed = before - sessions.len(), "expired sessions swept");
        self.metrics.sessions_active.set(sessions.len() as i64);
    }
}
