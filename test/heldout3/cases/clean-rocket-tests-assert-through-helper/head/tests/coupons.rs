use rocket::http::{ContentType, Status};
use rocket::local::blocking::{Client, LocalResponse};
use rocket::routes;
use rocket::serde::json::Value;

use shop::coupons::CouponStore;
use shop::routes::coupons;

fn client() -> Client {
    let rocket = rocket::build()
        .manage(CouponStore::seeded(&[("SPRING10", 1000)]))
        .mount("/coupons", routes![coupons::show, coupons::redeem]);
    Client::tracked(rocket).expect("valid rocket instance")
}

fn redeem<'c>(client: &'c Client, code: &str, order_id: i64) -> LocalResponse<'c> {
    client
        .post("/coupons/redeem")
        .header(ContentType::JSON)
        .body(format!(r#"{{"code":"{code}","order_id":{order_id}}}"#))
        .dispatch()
}

/// Checks a problem+json style refusal: status and machine-readable `code`.
fn check_problem(res: LocalResponse<'_>, status: Status, code: &str) {
    assert_eq!(res.status(), status);
    let body: Value = res.into_json().expect("problem body is JSON");
    assert_eq!(body["code"], code);
}

#[test]
fn unknown_coupon_is_404() {
    let client = client();
    let res = client.get("/coupons/NOPE").dispatch();
    assert_eq!(res.status(), Status::NotFound);
}

#[test]
fn redeeming_unknown_coupon_is_problem() {
    let client = client();
    check_problem(redeem(&client, "NOPE", 7), Status::NotFound, "coupon_not_found");
}

#[test]
fn second_redemption_conflicts() {
    let client = client();
    redeem(&client, "SPRING10", 7);
    check_problem(redeem(&client, "SPRING10", 8), Status::Conflict, "coupon_already_used");
}
