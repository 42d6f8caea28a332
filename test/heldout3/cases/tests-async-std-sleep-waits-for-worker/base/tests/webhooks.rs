use async_std::channel;
use billing_hooks::signature::sign;
use billing_hooks::store::InvoiceStore;
use billing_hooks::{app, spawn_worker, AppState};
use tide::http::{Method, Request, Response, Url};
use tide::StatusCode;

const SECRET: &str = "whsec_test_only";
const PAID: &str = r#"{"type":"invoice.paid","invoice_id":"in_1Nv0"}"#;

fn webhook(body: &str, signature: &str) -> tide::Result<Request> {
    let mut req = Request::new(Method::Post, Url::parse("http://localhost/webhooks/stripe")?);
    req.insert_header("stripe-signature", signature);
    req.set_body(body);
    Ok(req)
}

#[async_std::test]
async fn bad_signature_is_rejected() -> tide::Result<()> {
    let (tx, _rx) = channel::bounded(4);
    let server = app(AppState { events: tx, signing_secret: SECRET.into() });
    let res: Response = server.respond(webhook(PAID, "t=1,v1=deadbeef")?).await?;
    assert_eq!(res.status(), StatusCode::BadRequest);
    Ok(())
}
