use serde::Deserialize;

use crate::geo::GeoError;

#[derive(Debug, Deserialize)]
pub struct GeocodeResult {
    pub lat: f64,
    pub lon: f64,
    pub confidence: f32,
}

pub struct GeocodingClient {
    http: reqwest::Client,
    base_url: String,
    api_key: String,
}

impl GeocodingClient {
    pub fn new(base_url: String, api_key: String) -> Result<Self, GeoError> {
        Ok(Self { http: reqwest::Client::new(), base_url, api_key })
    }

    pub async fn geocode(&self, address: &str) -> Result<Option<GeocodeResult>, GeoError> {
        let results: Vec<GeocodeResult> = self
            .http
            .get(format!("{}/v1/geocode", self.base_url))
            .query(&[("q", address), ("key", self.api_key.as_str())])
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(results.into_iter().find(|r| r.confidence >= 0.8))
    }
}
