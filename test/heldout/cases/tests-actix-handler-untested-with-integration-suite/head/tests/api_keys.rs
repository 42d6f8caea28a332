use actix_web::{test, web, App};
use serde_json::Value;
use sqlx::PgPool;

use keys_api::handlers::api_keys::{create_api_key, list_api_keys};

mod common;

#[sqlx::test(fixtures("users"))]
async fn create_returns_plaintext_key_once(pool: PgPool) {
    let app = test::init_service(
        App::new().app_data(web::Data::new(pool.clone())).service(create_api_key),
    )
    .await;
    let req = test::TestRequest::post()
        .uri("/v1/api-keys")
        .insert_header(common::auth_header(common::ALICE))
        .set_json(serde_json::json!({ "label": "ci" }))
        .to_request();
    let body: Value = test::call_and_read_body_json(&app, req).await;
    assert!(body["key"].as_str().unwrap().starts_with(body["prefix"].as_str().unwrap()));
}

#[sqlx::test(fixtures("users", "api_keys"))]
async fn list_only_shows_own_active_keys(pool: PgPool) {
    let app = test::init_service(
        App::new().app_data(web::Data::new(pool.clone())).service(list_api_keys),
    )
    .await;
    let req = test::TestRequest::get()
        .uri("/v1/api-keys")
        .insert_header(common::auth_header(common::ALICE))
        .to_request();
    let body: Vec<Value> = test::call_and_read_body_json(&app, req).await;
    assert_eq!(body.len(), 2);
    assert!(body.iter().all(|k| k["label"] != "revoked"));
}
