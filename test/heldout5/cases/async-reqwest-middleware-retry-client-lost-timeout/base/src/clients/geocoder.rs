use std::time::Duration;

use serde::Deserialize;

use crate::error::GeoError;

const USER_AGENT: &str = concat!("dispatch-api/", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Deserialize)]
pub struct Place {
    pub lat: f64,
    pub lon: f64,
    pub display_name: String,
}

#[derive(Clone)]
pub struct Geocoder {
    http: reqwest::Client,
    base_url: String,
}

impl Geocoder {
    pub fn new(base_url: String) -> Result<Self, GeoError> {
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(Duration::from_secs(4))
            .build()?;
        Ok(Self { http, base_url })
    }

    pub async fn lookup(&self, address: &str) -> Result<Option<Place>, GeoError> {
        let places: Vec<Place> = self
            .http
            .get(format!("{}/search", self.base_url))
            .query(&[("q", address), ("format", "json"), ("limit", "1")])
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(places.into_iter().next())
    }
}
