pub mod signature;
pub mod store;

use async_std::channel::{Receiver, Sender};
use async_std::task::{self, JoinHandle};
use serde::Deserialize;
use tide::{Request, Response, StatusCode};

use crate::store::InvoiceStore;

#[derive(Clone)]
pub struct AppState {
    pub events: Sender<StripeEvent>,
    pub signing_secret: String,
}

#[derive(Debug, Deserialize)]
pub struct StripeEvent {
    #[serde(rename = "type")]
    pub kind: String,
    pub invoice_id: String,
}

pub fn app(state: AppState) -> tide::Server<AppState> {
    let mut app = tide::with_state(state);
    app.at("/webhooks/stripe").post(receive);
    app
}

async fn receive(mut req: Request<AppState>) -> tide::Result {
    let body = req.body_bytes().await?;
    let signature = req.header("stripe-signature").map(|h| h.as_str()).unwrap_or_default();
    if !signature::verify(&req.state().signing_secret, &body, signature) {
        return Ok(Response::new(StatusCode::BadRequest));
    }
    let event: StripeEvent = serde_json::from_slice(&body)?;
    req.state().events.send(event).await?;
    Ok(Response::new(StatusCode::Accepted))
}

/// Applies queued events to the store until every sender is dropped.
pub fn spawn_worker(events: Receiver<StripeEvent>, store: InvoiceStore) -> JoinHandle<()> {
    task::spawn(async move {
        while let Ok(event) = events.recv().await {
            if event.kind == "invoice.paid" {
                store.mark_paid(&event.invoice_id).await;
            }
        }
    })
}
