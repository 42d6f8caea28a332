use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics::{counter, histogram, SharedString};

const TENANT_HEADER: &str = "x-tenant-id";

/// Records request count and latency per route template and tenant.
pub async fn track(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().as_str().to_owned();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let tenant: &'static str = match req.headers().get(TENANT_HEADER).and_then(|v| v.to_str().ok()) {
        Some(t) => Box::leak(t.to_owned().into_boxed_str()),
        None => "anonymous",
    };

    let response = next.run(req).await;

    let status = response.status().as_u16().to_string();
    let labels = [
        ("method", SharedString::from(method)),
        ("route", SharedString::from(route)),
        ("status", SharedString::from(status)),
        ("tenant", SharedString::const_str(tenant)),
    ];
    counter!("http_requests_total", &labels).increment(1);
    histogram!("http_request_duration_seconds", &labels).record(start.elapsed().as_secs_f64());
    response
}
