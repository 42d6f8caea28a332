use actix_web::{web, HttpResponse, Scope};
use serde::Deserialize;

use crate::{error::ApiError, state::AppState};

#[derive(Debug, Deserialize)]
struct BillingEvent {
    customer_id: String,
    kind: String,
}

pub fn scope() -> Scope {
    web::scope("/hooks")
        .route("/billing", web::post().to(billing_event))
        .route("/mailer/bounces", web::post().to(mailer_bounces))
}

async fn billing_event(
    state: web::Data<AppState>,
    body: web::Json<BillingEvent>,
) -> Result<HttpResponse, ApiError> {
    let event = body.into_inner();
    state.billing.apply(&event.customer_id, &event.kind).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// The mail relay posts a plain-text report, one `bounce: <address>` per line.
async fn mailer_bounces(
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let report = std::str::from_utf8(&body).unwrap();
    let bounced: Vec<&str> = report
        .lines()
        .filter_map(|line| line.strip_prefix("bounce:"))
        .map(str::trim)
        .filter(|addr| !addr.is_empty())
        .collect();
    state.suppressions.add_all(&bounced).await?;
    Ok(HttpResponse::NoContent().finish())
}
