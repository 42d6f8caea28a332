use axum::extract::{Path, State};
use axum::Json;
use diesel::prelude::*;
use serde::Serialize;

use crate::auth::CustomerUser;
use crate::error::ApiError;
use crate::models::Coupon;
use crate::schema::coupons::dsl as c;
use crate::state::AppState;

#[derive(Serialize)]
pub struct Redeemed {
    pub code: String,
    pub percent_off: i32,
}

pub async fn redeem_coupon(
    State(state): State<AppState>,
    customer: CustomerUser,
    Path(code): Path<String>,
) -> Result<Json<Redeemed>, ApiError> {
    let redeemed = state.coupons_api.redeem(&code, customer.id).await?;
    Ok(Json(Redeemed { code, percent_off: redeemed.percent_off }))
}
