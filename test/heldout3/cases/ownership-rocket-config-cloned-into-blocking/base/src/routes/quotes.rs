use rocket::serde::json::Json;
use rocket::{get, post, State};

use crate::error::ApiError;
use crate::pricing::{PricingConfig, Quote, QuoteRequest};

#[get("/quotes/tiers")]
pub fn tiers(config: &State<PricingConfig>) -> Json<Vec<String>> {
    Json(config.tiers.iter().map(|t| t.name.clone()).collect())
}

#[post("/quotes", data = "<req>")]
pub fn quote(config: &State<PricingConfig>, req: Json<QuoteRequest>) -> Result<Json<Quote>, ApiError> {
    let quote = config.price(&req)?;
    Ok(Json(quote))
}
