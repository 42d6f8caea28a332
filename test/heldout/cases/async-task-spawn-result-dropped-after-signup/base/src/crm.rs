use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum CrmError {
    #[error("crm request failed: {0}")]
    Http(#[from] reqwest::Error),
    #[error("crm rejected contact: {0}")]
    Rejected(String),
}

#[derive(Serialize)]
struct ContactUpsert<'a> {
    email: &'a str,
    company: &'a str,
    plan: &'a str,
}

pub struct CrmClient {
    http: reqwest::Client,
    base_url: String,
}

impl CrmClient {
    pub fn new(http: reqwest::Client, base_url: String) -> Self {
        Self { http, base_url }
    }

    pub async fn upsert_contact(&self, email: &str, company: &str, plan: &str) -> Result<(), CrmError> {
        let resp = self
            .http
            .put(format!("{}/v3/contacts", self.base_url))
            .json(&ContactUpsert { email, company, plan })
            .timeout(std::time::Duration::from_secs(10))
            .send()
            .await?;
        if !resp.status().is_success() {
            return Err(CrmError::Rejected(resp.text().await.unwrap_or_default()));
        }
        Ok(())
    }
}
