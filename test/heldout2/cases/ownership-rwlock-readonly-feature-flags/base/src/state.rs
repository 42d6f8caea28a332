use std::sync::Arc;

use sqlx::PgPool;

use crate::config::Settings;
use crate::payments::PaymentGateway;

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub settings: Arc<Settings>,
    pub gateway: Arc<dyn PaymentGateway>,
}

impl AppState {
    pub async fn build(settings: Settings, gateway: Arc<dyn PaymentGateway>) -> anyhow::Result<Self> {
        let db = PgPool::connect(&settings.database_url).await?;
        Ok(Self {
            db,
            settings: Arc::new(settings),
            gateway,
        })
    }
}
