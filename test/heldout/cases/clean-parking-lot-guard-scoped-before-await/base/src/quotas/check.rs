use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use sqlx::PgPool;
use uuid::Uuid;

use crate::quotas::{Quota, QuotaError};

const CACHE_FOR: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct QuotaChecker {
    pool: PgPool,
    cache: Arc<Mutex<HashMap<Uuid, (Instant, Quota)>>>,
}

impl QuotaChecker {
    pub fn new(pool: PgPool) -> Self {
        Self { pool, cache: Arc::new(Mutex::new(HashMap::new())) }
    }

    pub async fn quota(&self, tenant_id: Uuid) -> Result<Quota, QuotaError> {
        let quota = sqlx::query_as::<_, Quota>(
            "SELECT tenant_id, max_projects, max_seats, max_storage_bytes FROM tenant_quotas WHERE tenant_id = $1",
        )
        .bind(tenant_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(QuotaError::UnknownTenant(tenant_id))?;
        Ok(quota)
    }
}
