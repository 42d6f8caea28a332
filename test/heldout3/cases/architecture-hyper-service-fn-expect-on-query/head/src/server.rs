use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::CONTENT_TYPE;
use hyper::{Method, Request, Response, StatusCode};

use crate::events::EventStore;

type Body = Full<Bytes>;

const PAGE_SIZE: usize = 50;

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

async fn list_events(req: Request<Incoming>, store: Arc<EventStore>) -> Result<Response<Body>, Infallible> {
    let page: usize = req
        .uri()
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "page"))
        .map(|(_, v)| v.parse::<usize>())
        .transpose()
        .expect("page must be a non-negative integer")
        .unwrap_or(0);
    let events = store.page(page * PAGE_SIZE, PAGE_SIZE).await;
    let body = serde_json::to_vec(&events).unwrap_or_default();
    Ok(json(StatusCode::OK, body))
}
