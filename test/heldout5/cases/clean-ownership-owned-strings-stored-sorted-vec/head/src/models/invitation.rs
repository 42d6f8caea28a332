use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Invitation {
    pub id: Uuid,
    pub email: String,
    pub team: String,
    pub invited_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Invitation {
    /// Takes the strings by value: they are stored, so the caller's buffers are
    /// moved in instead of copied.
    pub fn new(email: String, team: String, invited_by: Uuid) -> Self {
        let now = Utc::now();
        Self {
            id: Uuid::new_v4(),
            email,
            team,
            invited_by,
            created_at: now,
            expires_at: now + Duration::days(7),
        }
    }

    pub fn is_pending(&self, now: DateTime<Utc>) -> bool {
        self.expires_at > now
    }
}
