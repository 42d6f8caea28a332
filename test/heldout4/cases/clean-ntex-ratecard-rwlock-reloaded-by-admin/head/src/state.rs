use std::sync::Arc;

use parking_lot::RwLock;
use sqlx::PgPool;

use crate::pricing::RateCard;

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    /// Current rate card; replaced in place by `POST /admin/rates/reload`.
    pub rates: Arc<RwLock<RateCard>>,
}

impl AppState {
    pub fn new(db: PgPool, rates: RateCard) -> Self {
        Self { db, rates: Arc::new(RwLock::new(rates)) }
    }
}
