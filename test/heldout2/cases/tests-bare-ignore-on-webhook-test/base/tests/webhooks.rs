mod common;

use axum::http::StatusCode;
use serde_json::json;

use common::{sign_payload, TestApp};

#[tokio::test]
async fn accepts_signed_payment_succeeded_event() {
    let app = TestApp::spawn().await;
    let body = json!({ "type": "payment.succeeded", "data": { "invoice_id": "inv_123" } });
    let sig = sign_payload(&app.webhook_secret, &body);

    let res = app.post_webhook(&body, Some(&sig)).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let status = app.invoice_status("inv_123").await;
    assert_eq!(status, "paid");
}

#[tokio::test]
async fn rejects_event_with_bad_signature() {
    let app = TestApp::spawn().await;
    let body = json!({ "type": "payment.succeeded", "data": { "invoice_id": "inv_123" } });

    let res = app.post_webhook(&body, Some("t=1,v1=deadbeef")).await;

    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.invoice_status("inv_123").await, "open");
}

#[tokio::test]
async fn replayed_event_is_processed_once() {
    let app = TestApp::spawn().await;
    let body = json!({ "id": "evt_1", "type": "payment.succeeded", "data": { "invoice_id": "inv_9" } });
    let sig = sign_payload(&app.webhook_secret, &body);

    assert_eq!(app.post_webhook(&body, Some(&sig)).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.post_webhook(&body, Some(&sig)).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.payment_count("inv_9").await, 1);
}
