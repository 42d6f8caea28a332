use std::collections::HashMap;
use std::sync::Arc;

use warp::http::StatusCode;
use warp::{Filter, Rejection, Reply};

use super::client::OAuthClient;

pub fn route(
    client: Arc<OAuthClient>,
) -> impl Filter<Extract = (impl Reply,), Error = Rejection> + Clone {
    warp::path!("oauth" / "callback")
        .and(warp::get())
        .and(warp::query::<HashMap<String, String>>())
        .and(warp::any().map(move || client.clone()))
        .and_then(callback)
}

async fn callback(
    params: HashMap<String, String>,
    client: Arc<OAuthClient>,
) -> Result<impl Reply, Rejection> {
    let code = params.get("code").unwrap();
    match client.exchange(code).await {
        Ok(token) => Ok(warp::reply::with_status(
            warp::reply::json(&serde_json::json!({ "expires_in": token.expires_in })),
            StatusCode::OK,
        )),
        Err(_) => Ok(warp::reply::with_status(
            warp::reply::json(&serde_json::json!({ "error": "token exchange failed" })),
            StatusCode::BAD_GATEWAY,
        )),
    }
}
