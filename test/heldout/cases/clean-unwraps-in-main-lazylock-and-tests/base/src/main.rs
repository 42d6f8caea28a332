use std::net::SocketAddr;

use axum::routing::{get, post};
use axum::Router;
use sqlx::postgres::PgPoolOptions;
use tracing_subscriber::EnvFilter;

mod error;
mod handlers;
mod state;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().with_env_filter(EnvFilter::from_default_env()).init();

    let database_url = std::env::var("DATABASE_URL").unwrap();
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .connect(&database_url)
        .await
        .unwrap();

    let app = Router::new()
        .route("/healthz", get(handlers::health))
        .with_state(state::AppState::new(pool));

    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([0, 0, 0, 0], 8080))).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
