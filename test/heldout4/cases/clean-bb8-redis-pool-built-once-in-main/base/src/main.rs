use poem::listener::TcpListener;
use poem::{get, handler, Route, Server};

#[handler]
fn health() -> &'static str {
    "ok"
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt().init();
    let app = Route::new().at("/healthz", get(health));
    Server::new(TcpListener::bind("0.0.0.0:8080")).run(app).await?;
    Ok(())
}
