use std::time::{Duration, Instant};

use serde::Deserialize;

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
}

impl ProviderAuth {
    pub async fn token(&self) -> Result<String, PaymentsError> {
        self.fetch().await.map(|t| t.access_token)
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
