use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use crate::error::PrefetchError;

/// Cheap to clone: a `reqwest::Client` is an `Arc` inside, the base URL is an `Arc<str>`.
#[derive(Clone)]
pub struct ManifestClient {
    http: reqwest::Client,
    base: Arc<str>,
}

impl ManifestClient {
    pub fn new(base: &str) -> Result<Self, PrefetchError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self { http, base: Arc::from(base) })
    }

    pub async fn fetch_manifest(&self, tenant: &str) -> Result<Bytes, PrefetchError> {
        let url = format!("{}/tenants/{tenant}/manifest.json", self.base);
        let resp = self.http.get(url).send().await?.error_for_status()?;
        Ok(resp.bytes().await?)
    }
}
