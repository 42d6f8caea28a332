use ntex::web::{self, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct QuoteRequest {
    pub zone: String,
    pub weight_grams: u32,
}

#[derive(Serialize)]
pub struct QuoteResponse {
    pub zone: String,
    pub price_cents: i64,
    pub rate_card_version: u32,
}

#[web::post("/quotes")]
pub async fn create_quote(
    state: web::types::State<AppState>,
    body: web::types::Json<QuoteRequest>,
) -> Result<HttpResponse, ApiError> {
    let QuoteRequest { zone, weight_grams } = body.into_inner();
    let (price_cents, rate_card_version) = {
        let card = state.rates.read();
        let price = card.price(&zone, weight_grams).ok_or(ApiError::UnknownZone)?;
        (price, card.version)
    };
    Ok(HttpResponse::Ok().json(&QuoteResponse { zone, price_cents, rate_card_version }))
}
