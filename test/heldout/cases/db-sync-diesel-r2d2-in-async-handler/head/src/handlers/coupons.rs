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
    let mut conn = state.pool.get()?;
    let coupon: Coupon = c::coupons
        .filter(c::code.eq(&code))
        .filter(c::redeemed_by.is_null())
        .first(&mut conn)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    diesel::update(c::coupons.filter(c::id.eq(coupon.id)))
        .set((c::redeemed_by.eq(customer.id), c::redeemed_at.eq(diesel::dsl::now)))
        .execute(&mut conn)?;
    Ok(Json(Redeemed { code, percent_off: coupon.percent_off }))
}
