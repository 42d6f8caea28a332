use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::sync::Mutex as AsyncMutex;

use crate::payments::PaymentsError;

#[derive(Debug, Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
}

struct CachedToken {
    value: String,
    expires_at: Instant,
}

pub struct ProviderAuth {
    http: reqwest::Client,
    token_url: String,
    client_id: String,
    client_secret: String,
    cached: AsyncMutex<Option<CachedToken>>,
}

impl ProviderAuth {
    pub fn new(http: reqwest::Client, token_url: String, client_id: String, client_secret: String) -> Self {
        Self { http, token_url, client_id, client_secret, cached: AsyncMutex::new(None) }
    }

    /// Returns a valid access token; concurrent callers wait for a single refresh.
    pub async fn token(&self) -> Result<String, PaymentsError> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref() {
            if token.expires_at > Instant::now() + Duration::from_secs(30) {
                return Ok(token.value.clone());
            }
        }
        let fresh = self.fetch().await?;
        let value = fresh.access_token.clone();
        *cached = Some(CachedToken {
            value: fresh.access_token,
            expires_at: Instant::now() + Duration::from_secs(fresh.expires_in),
        });
        Ok(value)
    }

    async fn fetch(&self) -> Result<TokenResponse, PaymentsError> {
        let resp = self
            .http
            .post(&self.token_url)
            .basic_auth(&self.client_id, Some(&self.client_secret))
            .form(&[("grant_type", "client_credentials")])
            .timeout(Duration::from_secs(10))
            .send()
            .await?
            .error_for_status()?;
        Ok(resp.json().await?)
    }
}
