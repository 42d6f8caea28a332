use axum::routing::{get, post};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::trace::TraceLayer;

use crate::handlers::{links, redirect};
use crate::middleware::{RateLimitLayer, RequestIdLayer};
use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/links", post(links::create))
        .route("/:slug", get(redirect::follow))
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                .layer(RequestIdLayer::default())
                .layer(RateLimitLayer::per_minute(120)),
        )
        .with_state(state)
}
