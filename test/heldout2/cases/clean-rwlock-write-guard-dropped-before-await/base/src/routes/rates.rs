use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use poem::web::{Data, Json, Path};
use poem::{handler, Result};
use serde::Serialize;

use crate::upstream::RatesClient;

pub type RateCache = Arc<RwLock<HashMap<String, (f64, Instant)>>>;

const MAX_AGE: Duration = Duration::from_secs(60);

#[derive(Debug, Serialize)]
pub struct RateResponse {
    pub pair: String,
    pub rate: f64,
}

#[handler]
pub async fn get_rate(
    Path(pair): Path<String>,
    client: Data<&Arc<RatesClient>>,
) -> Result<Json<RateResponse>> {
    let rate = client.fetch(&pair).await?;
    Ok(Json(RateResponse { pair, rate }))
}
