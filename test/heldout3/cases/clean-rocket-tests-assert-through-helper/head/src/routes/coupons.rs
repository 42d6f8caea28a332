use rocket::http::Status;
use rocket::serde::json::{json, Json, Value};
use rocket::serde::Deserialize;
use rocket::{get, post, State};

use crate::coupons::{Coupon, CouponStore, RedeemError};

#[derive(Debug, Deserialize)]
#[serde(crate = "rocket::serde")]
pub struct Redeem<'r> {
    code: &'r str,
    order_id: i64,
}

#[get("/<code>")]
pub async fn show(code: &str, store: &State<CouponStore>) -> Option<Json<Coupon>> {
    store.find(code).await.map(Json)
}

#[post("/redeem", data = "<body>")]
pub async fn redeem(body: Json<Redeem<'_>>, store: &State<CouponStore>) -> (Status, Value) {
    match store.redeem(body.code, body.order_id).await {
        Ok(discount) => (Status::Ok, json!({ "discount_cents": discount })),
        Err(RedeemError::NotFound) => (
            Status::NotFound,
            json!({ "type": "about:blank", "code": "coupon_not_found" }),
        ),
        Err(RedeemError::AlreadyUsed) => (
            Status::Conflict,
            json!({ "type": "about:blank", "code": "coupon_already_used" }),
        ),
    }
}
