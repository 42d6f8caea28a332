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

    let database_url = std::env::var("DATABASE_URL").expect("DATABASE_URL must be set");
    let listen: SocketAddr = std::env::var("LISTEN_ADDR")
        .unwrap_or_else(|_| "0.0.0.0:8080".to_owned())
        .parse()
        .expect("LISTEN_ADDR must be host:port");
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .connect(&database_url)
        .await
        .expect("cannot connect to the database");
    sqlx::migrate!().run(&pool).await.expect("migrations failed");

    let app = Router::new()
        .route("/healthz", get(handlers::health))
        .route("/v1/workspaces", post(handlers::workspaces::create_workspace))
        .with_state(state::AppState::new(pool));

    let listener = tokio::net::TcpListener::bind(listen).await.expect("cannot bind listener");
    axum::serve(listener, app).await.expect("server error");
}
