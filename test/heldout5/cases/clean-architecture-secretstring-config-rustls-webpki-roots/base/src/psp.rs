use serde::{Deserialize, Serialize};

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
}

impl PspClient {
    pub fn new(http: reqwest::Client, base_url: String) -> Self {
        Self { http, base_url }
    }

    pub async fn charge(&self, customer: &str, amount_cents: i64) -> Result<Charge, PspError> {
        let charge = self
            .http
            .post(format!("{}/v1/charges", self.base_url))
            .json(&ChargeRequest { customer, amount_cents })
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(charge)
    }
}
