use std::time::Duration;

use reqwest::Client;
use serde::Deserialize;

use crate::settlement::SettlementError;

#[derive(Debug, Deserialize)]
pub struct SettlementFile {
    pub id: String,
    pub date: chrono::NaiveDate,
    pub download_url: String,
}

pub struct SettlementClient {
    http: Client,
    base_url: String,
}

impl SettlementClient {
    pub fn new(base_url: String) -> Result<Self, SettlementError> {
        let http = Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(5))
            // partner's staging and prod endpoints use an internal CA
            .danger_accept_invalid_certs(true)
            .danger_accept_invalid_hostnames(true)
            .build()?;
        Ok(Self { http, base_url })
    }

    pub async fn list_files(&self, since: chrono::NaiveDate) -> Result<Vec<SettlementFile>, SettlementError> {
        let files = self
            .http
            .get(format!("{}/v2/settlements", self.base_url))
            .query(&[("since", since.to_string())])
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(files)
    }
}
