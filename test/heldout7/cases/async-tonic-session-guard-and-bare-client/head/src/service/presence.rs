use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tonic::{Request, Response, Status};

use crate::pb::presence_server::Presence;
use crate::pb::{HeartbeatReply, HeartbeatRequest};

pub struct PresenceService {
    pub sessions: Mutex<HashMap<String, u64>>,
    pub webhook: WebhookNotifier,
}

pub struct WebhookNotifier {
    http: reqwest::Client,
    url: String,
}

impl WebhookNotifier {
    pub fn new(url: String) -> Self {
        let http = reqwest::Client::builder()
            .user_agent("presence-svc/1.4")
            .pool_idle_timeout(Duration::from_secs(90))
            .build()
            .expect("reqwest client");
        Self { http, url }
    }

    pub async fn came_online(&self, user_id: &str) -> Result<(), reqwest::Error> {
        self.http
            .post(&self.url)
            .json(&serde_json::json!({ "event": "online", "user": user_id }))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }
}

#[tonic::async_trait]
impl Presence for PresenceService {
    async fn heartbeat(
        &self,
        request: Request<HeartbeatRequest>,
    ) -> Result<Response<HeartbeatReply>, Status> {
        let req = request.into_inner();
        let mut sessions = self.sessions.lock().expect("sessions lock poisoned");
        let was_offline = !sessions.contains_key(&req.user_id);
        sessions.insert(req.user_id.clone(), req.at_unix);
        if was_offline {
            if let Err(e) = self.webhook.came_online(&req.user_id).await {
                tracing::warn!(error = %e, "presence webhook failed");
            }
        }
        Ok(Response::new(HeartbeatReply { ok: true }))
    }
}
