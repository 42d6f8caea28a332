#[macro_use]
extern crate rocket;

mod error;
mod pricing;
mod routes;

use rocket::fairing::AdHoc;

use crate::pricing::PricingConfig;

#[launch]
fn rocket() -> _ {
    rocket::build()
        .attach(AdHoc::config::<PricingConfig>())
        .mount("/", routes![routes::quotes::tiers, routes::quotes::quote])
}
