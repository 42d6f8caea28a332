use actix_web::{web, HttpResponse, Scope};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::{error::ApiError, fx::RateProvider};

pub struct FxState {
    pub provider: RateProvider,
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
    let rate = state.provider.fetch_rate(&from, &to).await?;
    Ok(HttpResponse::Ok().json(Quote { from, to, rate }))
}
