use std::net::SocketAddr;

mod config;
mod psp;
mod routes;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let config = config::Config::from_env()?;
    let client = psp::PspClient::new(reqwest::Client::new(), config.psp_base_url.clone());
    let app = routes::router(client);
    let addr: SocketAddr = config.listen_addr.parse()?;
    axum::serve(tokio::net::TcpListener::bind(addr).await?, app).await?;
    Ok(())
}
