use poem::web::{Data, Json};
use poem::{handler, Result};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ApiError;
use crate::orders::{self, Cart};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct CheckoutRequest {
    pub cart_id: Uuid,
    pub payment_method: String,
}

#[derive(Debug, Serialize)]
pub struct CheckoutResponse {
    pub order_id: Uuid,
    pub status: &'static str,
}

#[handler]
pub async fn checkout(
    state: Data<&AppState>,
    Json(req): Json<CheckoutRequest>,
) -> Result<Json<CheckoutResponse>> {
    let cart: Cart = orders::load_cart(&state.db, req.cart_id)
        .await
        .map_err(ApiError::from)?;

    let deferred = state.flags.read().await.deferred_capture;
    let charge = if deferred {
        state.gateway.authorize(&req.payment_method, cart.total_cents).await
    } else {
        state.gateway.charge(&req.payment_method, cart.total_cents).await
    }
    .map_err(ApiError::from)?;

    let order_id = orders::create_from_cart(&state.db, &cart, &charge.id)
        .await
        .map_err(ApiError::from)?;

    let status = if deferred { "authorized" } else { "paid" };
    Ok(Json(CheckoutResponse { order_id, status }))
}
