use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tracing::instrument;

#[derive(Debug, thiserror::Error)]
pub enum PspError {
    #[error("payment provider unreachable")]
    Http(#[from] reqwest::Error),
}

#[derive(Serialize)]
struct ChargeRequest<'a> {
    customer: &'a str,
    amount_cents: i64,
}

#[derive(Debug, Deserialize)]
pub struct Charge {
    pub id: String,
    pub status: String,
}

pub struct PspClient {
    http: reqwest::Client,
    base_url: String,
    api_key: SecretString,
}

impl PspClient {
    pub fn new(http: reqwest::Client, base_url: String, api_key: SecretString) -> Self {
        Self { http, base_url, api_key }
    }

    #[instrument(skip_all, fields(customer = %customer, amount_cents))]
    pub async fn charge(&self, customer: &str, amount_cents: i64, idempotency_key: &str) -> Result<Charge, PspError> {
        let charge = self
            .http
            .post(format!("{}/v1/charges", self.base_url))
            .bearer_auth(self.api_key.expose_secret())
            .header("Idempotency-Key", idempotency_key)
            .json(&ChargeRequest { customer, amount_cents })
            .send()
            .await?
            .error_for_status()?
            .json::<Charge>()
            .await?;
        tracing::info!(charge_id = %charge.id, status = %charge.status, "charge created");
        Ok(charge)
    }
}
