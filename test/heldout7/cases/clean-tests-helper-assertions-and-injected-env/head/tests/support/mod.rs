//! Shared assertions for the HTTP tests.

use reqwest::Response;
use serde_json::Value;

/// Asserts an RFC 7807 problem response with the given status and title.
pub async fn assert_problem(resp: Response, status: u16, title: &str) {
    assert_eq!(resp.status().as_u16(), status, "unexpected status");
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = resp.json().await.expect("problem body is JSON");
    assert_eq!(body["title"], title);
    assert!(body.get("detail").is_none(), "problem leaks internal detail: {body}");
}

pub async fn spawn_app() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(gateway::serve(listener));
    format!("http://{addr}")
}
