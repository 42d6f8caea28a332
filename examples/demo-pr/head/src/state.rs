use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sqlx::PgPool;

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub price_cache: Arc<Mutex<HashMap<i64, i64>>>,
}
