use sqlx::postgres::PgPoolOptions;

mod sync;

#[tokio::main]
async fn main() -> Result<(), sqlx::Error> {
    tracing_subscriber::fmt().json().init();
    let url = std::env::var("DATABASE_URL").unwrap_or_default();
    let pool = PgPoolOptions::new().max_connections(4).connect(&url).await?;
    sync::run(&pool).await
}
