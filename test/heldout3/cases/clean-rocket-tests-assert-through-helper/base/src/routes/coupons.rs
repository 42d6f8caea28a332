use rocket::serde::json::Json;
use rocket::{get, State};

use crate::coupons::{Coupon, CouponStore};

#[get("/<code>")]
pub async fn show(code: &str, store: &State<CouponStore>) -> Option<Json<Coupon>> {
    store.find(code).await.map(Json)
}
