use actix_web::{web, HttpResponse, Scope};
use serde::Deserialize;

use crate::{error::ApiError, state::AppState};

#[derive(Debug, Deserialize)]
struct BillingEvent {
    customer_id: String,
    kind: String,
}

pub fn scope() -> Scope {
    web::scope("/hooks").route("/billing", web::post().to(billing_event))
}

async fn billing_event(
    state: web::Data<AppState>,
    body: web::Json<BillingEvent>,
) -> Result<HttpResponse, ApiError> {
    let event = body.into_inner();
    state.billing.apply(&event.customer_id, &event.kind).await?;
    Ok(HttpResponse::Accepted().finish())
}
