use std::collections::HashMap;
use std::time::{Duration, Instant};

use actix_web::{get, web, HttpResponse};
use parking_lot::RwLock;
use rust_decimal::Decimal;

use crate::error::ApiError;
use crate::fx::FxClient;

const TTL: Duration = Duration::from_secs(300);

pub struct RateCache {
    pub entries: RwLock<HashMap<String, (Instant, HashMap<String, Decimal>)>>,
}

#[get("/v1/rates/{base}")]
pub async fn rates(
    cache: web::Data<RateCache>,
    fx: web::Data<FxClient>,
    base: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let base = base.into_inner().to_uppercase();
    if let Some((at, rates)) = cache.entries.read().get(&base) {
        if at.elapsed() < TTL {
            return Ok(HttpResponse::Ok().json(rates));
        }
    }
    let fresh = fx.fetch_rates(&base).await?;
    cache.entries.write().insert(base, (Instant::now(), fresh.clone()));
    Ok(HttpResponse::Ok().json(fresh))
}
