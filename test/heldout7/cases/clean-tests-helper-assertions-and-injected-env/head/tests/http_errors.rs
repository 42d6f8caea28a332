mod support;

use std::collections::HashMap;
use std::time::Duration;

use gateway::config::Config;
use support::{assert_problem, spawn_app};

#[tokio::test]
async fn unknown_route_is_a_problem_404() {
    let base = spawn_app().await;
    let resp = reqwest::get(format!("{base}/nope")).await.unwrap();
    assert_problem(resp, 404, "Not Found").await;
}

#[tokio::test]
async fn malformed_json_is_a_problem_400() {
    let base = spawn_app().await;
    let resp = reqwest::Client::new()
        .post(format!("{base}/v1/orders"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_problem(resp, 400, "Bad Request").await;
}

#[test]
fn upstream_timeout_comes_from_lookup() {
    let vars = HashMap::from([("UPSTREAM_TIMEOUT_MS", "1500")]);
    let cfg = Config::from_lookup(|k| vars.get(k).map(|v| v.to_string()));
    assert_eq!(cfg.upstream_timeout, Duration::from_millis(1500));
}

#[test]
#[should_panic(expected = "LISTEN_ADDR has a port")]
fn listen_addr_without_port_panics_on_port() {
    let cfg = Config::from_lookup(|k| (k == "LISTEN_ADDR").then(|| "localhost".to_string()));
    cfg.port();
}
