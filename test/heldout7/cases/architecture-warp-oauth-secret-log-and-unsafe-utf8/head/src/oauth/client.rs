use std::time::Duration;

use serde::Deserialize;

#[derive(Clone)]
pub struct OAuthConfig {
    pub token_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
}

#[derive(Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub expires_in: u64,
}

pub struct OAuthClient {
    cfg: OAuthConfig,
    http: reqwest::Client,
}

impl OAuthClient {
    pub fn new(cfg: OAuthConfig) -> reqwest::Result<Self> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?;
        Ok(Self { cfg, http })
    }

    pub async fn exchange(&self, code: &str) -> reqwest::Result<TokenResponse> {
        tracing::debug!(
            client_id = %self.cfg.client_id,
            client_secret = %self.cfg.client_secret,
            redirect_uri = %self.cfg.redirect_uri,
            "exchanging authorization code"
        );
        self.http
            .post(&self.cfg.token_url)
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", self.cfg.redirect_uri.as_str()),
                ("client_id", self.cfg.client_id.as_str()),
                ("client_secret", self.cfg.client_secret.as_str()),
            ])
            .send()
            .await?
            .error_for_status()?
            .json::<TokenResponse>()
            .await
    }
}
