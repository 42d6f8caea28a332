use std::time::{Duration, SystemTime, UNIX_EPOCH};

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("token is malformed")]
    Malformed,
    #[error("token expired {0} seconds ago")]
    Expired(u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub key_id: String,
    pub expires_at: u64,
}

/// Parses `<key_id>.<expires_at_unix>` tokens issued by the admin console.
pub fn parse(raw: &str, now: SystemTime) -> Result<ApiToken, TokenError> {
    let (key_id, exp) = raw.split_once('.').ok_or(TokenError::Malformed)?;
    if key_id.is_empty() {
        return Err(TokenError::Malformed);
    }
    let expires_at: u64 = exp.parse().map_err(|_| TokenError::Malformed)?;
    let now = now
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    if expires_at <= now {
        return Err(TokenError::Expired(now - expires_at));
    }
    Ok(ApiToken { key_id: key_id.to_owned(), expires_at })
}
