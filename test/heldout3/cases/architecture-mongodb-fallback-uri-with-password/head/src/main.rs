mod db;
mod routes;

use std::net::SocketAddr;

use crate::db::MongoSettings;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let settings = MongoSettings::from_env();
    let database = db::connect(&settings).await?;
    let app = routes::router(database);
    let addr = SocketAddr::from(([0, 0, 0, 0], 8080));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
