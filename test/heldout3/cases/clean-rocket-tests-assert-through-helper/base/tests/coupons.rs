use rocket::http::Status;
use rocket::local::blocking::Client;
use rocket::routes;

use shop::coupons::CouponStore;
use shop::routes::coupons;

fn client() -> Client {
    let rocket = rocket::build()
        .manage(CouponStore::seeded(&[("SPRING10", 1000)]))
        .mount("/coupons", routes![coupons::show]);
    Client::tracked(rocket).expect("valid rocket instance")
}

#[test]
fn unknown_coupon_is_404() {
    let client = client();
    let res = client.get("/coupons/NOPE").dispatch();
    assert_eq!(res.status(), Status::NotFound);
}
