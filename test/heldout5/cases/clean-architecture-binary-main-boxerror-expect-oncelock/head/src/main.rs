use std::error::Error;

use serde::Deserialize;
use sqlx::postgres::PgPoolOptions;

mod sku;
mod sync;

pub type BoxError = Box<dyn Error + Send + Sync + 'static>;

const GIT_REV: &str = include_str!(concat!(env!("OUT_DIR"), "/git_rev.txt"));

#[derive(Debug, Deserialize)]
struct Settings {
    database_url: String,
    #[serde(default = "default_batch")]
    batch_size: usize,
}

fn default_batch() -> usize {
    500
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    tracing_subscriber::fmt().json().init();

    if std::env::args().nth(1).as_deref() == Some("--version") {
        println!("catalog-sync {} ({GIT_REV})", env!("CARGO_PKG_VERSION"));
        std::process::exit(0);
    }

    let settings: Settings = envy::from_env()
        .expect("DATABASE_URL must be set (BATCH_SIZE is optional); see README 'Configuration'");
    let pool = PgPoolOptions::new().max_connections(4).connect(&settings.database_url).await?;

    tracing::info!(rev = GIT_REV, batch = settings.batch_size, "catalog sync starting");
    let synced = sync::run(&pool, settings.batch_size).await?;
    tracing::info!(synced, "catalog sync finished");
    Ok(())
}
