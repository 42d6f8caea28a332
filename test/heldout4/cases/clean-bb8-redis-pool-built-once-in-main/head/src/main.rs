mod error;
mod reaper;
mod routes;

use std::time::Duration;

use bb8_redis::RedisConnectionManager;
use poem::listener::TcpListener;
use poem::{get, handler, EndpointExt, Route, Server};

pub type RedisPool = bb8::Pool<RedisConnectionManager>;

#[handler]
fn health() -> &'static str {
    "ok"
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt().init();

    let redis_url = std::env::var("REDIS_URL")?;
    let pool: RedisPool = bb8::Pool::builder()
        .max_size(32)
        .connection_timeout(Duration::from_secs(2))
        .build(RedisConnectionManager::new(redis_url)?)
        .await?;

    let reaper = tokio::spawn(reaper::run(pool.clone(), Duration::from_secs(60)));

    let app = Route::new()
        .at("/healthz", get(health))
        .at("/sessions/:token", get(routes::sessions::lookup))
        .data(pool);
    Server::new(TcpListener::bind("0.0.0.0:8080")).run(app).await?;

    reaper.abort();
    Ok(())
}
