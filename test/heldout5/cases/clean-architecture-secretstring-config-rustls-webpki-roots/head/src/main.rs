use std::net::SocketAddr;

mod config;
mod http;
mod psp;
mod routes;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let config = config::Config::from_env()?;
    tracing::info!(?config, "configuration loaded");
    let client = psp::PspClient::new(http::psp_client()?, config.psp_base_url.clone(), config.psp_api_key.clone());
    let app = routes::router(client, config.webhook_secret.clone());
    let addr: SocketAddr = config.listen_addr.parse()?;
    axum::serve(tokio::net::TcpListener::bind(addr).await?, app).await?;
    Ok(())
}
