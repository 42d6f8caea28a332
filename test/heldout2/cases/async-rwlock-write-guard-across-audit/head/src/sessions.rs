use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use uuid::Uuid;
use warp::http::StatusCode;
use warp::Reply;

use crate::audit::AuditLog;

#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: Uuid,
    pub expires_at: SystemTime,
}

pub type SessionStore = Arc<RwLock<HashMap<Uuid, Session>>>;

const SESSION_TTL: Duration = Duration::from_secs(30 * 60);

pub async fn refresh(
    session_id: Uuid,
    store: SessionStore,
    audit: Arc<AuditLog>,
) -> Result<impl Reply, Infallible> {
    let mut sessions = store.write().unwrap();
    let user_id = match sessions.get_mut(&session_id) {
        Some(s) if s.expires_at > SystemTime::now() => {
            s.expires_at = SystemTime::now() + SESSION_TTL;
            s.user_id
        }
        Some(_) => {
            // Expired: evict so the map does not grow with dead sessions.
            sessions.remove(&session_id);
            audit.record_anonymous(session_id, "session.expired").await;
            return Ok(StatusCode::UNAUTHORIZED);
        }
        None => return Ok(StatusCode::UNAUTHORIZED),
    };
    audit.record(user_id, "session.refresh").await;
    Ok(StatusCode::NO_CONTENT)
}
