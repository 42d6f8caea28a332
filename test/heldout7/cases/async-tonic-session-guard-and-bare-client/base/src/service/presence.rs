use std::collections::HashMap;
use std::sync::Mutex;

use tonic::{Request, Response, Status};

use crate::pb::presence_server::Presence;
use crate::pb::{HeartbeatReply, HeartbeatRequest};

pub struct PresenceService {
    pub sessions: Mutex<HashMap<String, u64>>,
}

#[tonic::async_trait]
impl Presence for PresenceService {
    async fn heartbeat(
        &self,
        request: Request<HeartbeatRequest>,
    ) -> Result<Response<HeartbeatReply>, Status> {
        let req = request.into_inner();
        let mut sessions = self.sessions.lock().unwrap();
        let seen = sessions.entry(req.user_id).or_insert(0);
        *seen = req.at_unix;
        Ok(Response::new(HeartbeatReply { ok: true }))
    }
}
