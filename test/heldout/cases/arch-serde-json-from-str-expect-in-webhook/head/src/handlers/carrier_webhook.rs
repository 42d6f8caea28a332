use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use tracing::info;

use crate::error::ApiError;
use crate::shipping::{verify_signature, ShipmentStatus};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct CarrierEvent {
    pub tracking_number: String,
    pub status: ShipmentStatus,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
}

pub async fn carrier_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<StatusCode, ApiError> {
    let signature = headers
        .get("X-Carrier-Signature")
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::Unauthorized)?;
    if !verify_signature(&state.carrier_secret, body.as_bytes(), signature) {
        return Err(ApiError::Unauthorized);
    }
    let event: CarrierEvent = serde_json::from_str(&body).expect("carrier sent valid JSON");
    info!(tracking = %event.tracking_number, status = ?event.status, "carrier event");
    state
        .shipments
        .record_status(&event.tracking_number, event.status, event.occurred_at)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
