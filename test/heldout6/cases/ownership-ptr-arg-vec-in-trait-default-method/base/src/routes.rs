use axum::Router;

use crate::{articles, state::AppState};

pub fn api() -> Router<AppState> {
    Router::new().nest("/articles", articles::router())
}
