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

#[cfg(test)]
mod tests {
    use super::*;
    use assert_matches::assert_matches;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn parses_valid_token() {
        assert_matches!(
            parse("k_live_1.2000", at(1000)),
            Ok(ApiToken { ref key_id, expires_at: 2000 }) if key_id == "k_live_1"
        );
    }

    #[test]
    fn rejects_missing_separator_and_empty_key() {
        assert_matches!(parse("k_live_1", at(0)), Err(TokenError::Malformed));
        assert_matches!(parse(".2000", at(0)), Err(TokenError::Malformed));
        assert_matches!(parse("k.not-a-number", at(0)), Err(TokenError::Malformed));
    }

    #[test]
    fn reports_how_long_ago_it_expired() {
        assert_matches!(parse("k.1000", at(1300)), Err(TokenError::Expired(300)));
    }
}
