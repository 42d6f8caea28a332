use axum::Router;

use crate::{articles, state::AppState, tags};

pub fn api() -> Router<AppState> {
    Router::new()
        .nest("/articles", articles::router())
        .nest("/tags", tags::router())
}
