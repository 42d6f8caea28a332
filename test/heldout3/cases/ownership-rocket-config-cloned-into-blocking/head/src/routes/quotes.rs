use rocket::serde::json::Json;
use rocket::tokio::task;
use rocket::{get, post, State};

use crate::error::ApiError;
use crate::pricing::{PricingConfig, Quote, QuoteRequest};

const PREVIEW_TERMS: [u32; 3] = [12, 24, 36];

#[get("/quotes/tiers")]
pub fn tiers(config: &State<PricingConfig>) -> Json<Vec<String>> {
    Json(config.tiers.iter().map(|t| t.name.clone()).collect())
}

#[post("/quotes", data = "<req>")]
pub fn quote(config: &State<PricingConfig>, req: Json<QuoteRequest>) -> Result<Json<Quote>, ApiError> {
    let quote = config.price(&req)?;
    Ok(Json(quote))
}

/// Prices the request for every standard term so the sales UI can show them side by side.
#[post("/quotes/preview", data = "<req>")]
pub async fn preview(
    config: &State<PricingConfig>,
    req: Json<QuoteRequest>,
) -> Result<Json<Vec<Quote>>, ApiError> {
    let snapshot: PricingConfig = config.inner().clone();
    let req = req.into_inner();
    let quotes = task::spawn_blocking(move || snapshot.simulate_terms(&req, &PREVIEW_TERMS))
        .await
        .map_err(|_| ApiError::Internal)??;
    Ok(Json(quotes))
}
