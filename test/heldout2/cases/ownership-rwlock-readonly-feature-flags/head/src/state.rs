use std::sync::Arc;

use sqlx::PgPool;
use tokio::sync::RwLock;

use crate::config::Settings;
use crate::flags::FeatureFlags;
use crate::payments::PaymentGateway;

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub settings: Arc<Settings>,
    pub gateway: Arc<dyn PaymentGateway>,
    /// Loaded from `flags.toml` once at start-up.
    pub flags: Arc<RwLock<FeatureFlags>>,
}

impl AppState {
    pub async fn build(settings: Settings, gateway: Arc<dyn PaymentGateway>) -> anyhow::Result<Self> {
        let db = PgPool::connect(&settings.database_url).await?;
        let flags = FeatureFlags::load(&settings.flags_path)?;
        Ok(Self {
            db,
            settings: Arc::new(settings),
            gateway,
            flags: Arc::new(RwLock::new(flags)),
        })
    }
}
