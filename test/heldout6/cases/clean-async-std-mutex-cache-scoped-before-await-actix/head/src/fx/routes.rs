use std::{
    collections::HashMap,
    sync::{Mutex, PoisonError},
    time::{Duration, Instant},
};

use actix_web::{web, HttpResponse, Scope};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::{error::ApiError, fx::RateProvider};

const RATE_TTL: Duration = Duration::from_secs(30);

pub struct FxState {
    pub provider: RateProvider,
    pub cache: Mutex<HashMap<(String, String), (Instant, Decimal)>>,
}

#[derive(Serialize)]
struct Quote {
    from: String,
    to: String,
    rate: Decimal,
}

pub fn scope() -> Scope {
    web::scope("/fx").route("/{from}/{to}", web::get().to(quote))
}

async fn quote(
    state: web::Data<FxState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (from, to) = path.into_inner();
    let key = (from, to);
    let cached = {
        let cache = state.cache.lock().unwrap_or_else(PoisonError::into_inner);
        cache
            .get(&key)
            .filter(|(fetched_at, _)| fetched_at.elapsed() < RATE_TTL)
            .map(|(_, rate)| *rate)
    };
    let rate = match cached {
        Some(rate) => rate,
        None => {
            let rate = state.provider.fetch_rate(&key.0, &key.1).await?;
            state
                .cache
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key.clone(), (Instant::now(), rate));
            rate
        }
    };
    let (from, to) = key;
    Ok(HttpResponse::Ok().json(Quote { from, to, rate }))
}
