use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::CONTENT_TYPE;
use hyper::{Method, Request, Response, StatusCode};

use crate::events::EventStore;

type Body = Full<Bytes>;

fn json(status: StatusCode, body: Vec<u8>) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn not_found() -> Response<Body> {
    json(StatusCode::NOT_FOUND, br#"{"error":"not found"}"#.to_vec())
}

pub async fn route(req: Request<Incoming>, store: Arc<EventStore>) -> Result<Response<Body>, Infallible> {
    match (req.method(), req.uri().path()) {
        (&Method::GET, "/healthz") => Ok(Response::new(Full::new(Bytes::from_static(b"ok")))),
        (&Method::GET, "/events") => list_events(req, store).await,
        _ => Ok(not_found()),
    }
}

async fn list_events(_req: Request<Incoming>, store: Arc<EventStore>) -> Result<Response<Body>, Infallible> {
    let events = store.latest(50).await;
    let body = serde_json::to_vec(&events).unwrap_or_default();
    Ok(json(StatusCode::OK, body))
}
