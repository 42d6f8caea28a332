use std::sync::{Mutex, PoisonError};

use deadpool_redis::redis::AsyncCommands;
use deadpool_redis::{Pool, PoolError};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    pub name: &'static str,
    pub value: f64,
    pub at_ms: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum FlushError {
    #[error("redis pool")]
    Pool(#[from] PoolError),
    #[error("redis")]
    Redis(#[from] deadpool_redis::redis::RedisError),
    #[error("encode")]
    Encode(#[from] serde_json::Error),
}

/// `record` is called from hot sync code paths, so the buffer uses a std mutex; the guard is
/// never held across an `.await` (each use is a single statement).
pub struct MetricBuffer {
    pending: Mutex<Vec<Metric>>,
    redis: Pool,
}

impl MetricBuffer {
    pub fn new(redis: Pool) -> Self {
        Self { pending: Mutex::new(Vec::with_capacity(1024)), redis }
    }

    pub fn record(&self, metric: Metric) {
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(metric);
    }

    /// Moves everything recorded so far to the `metrics:inbox` list.
    pub async fn flush(&self) -> Result<usize, FlushError> {
        let batch = std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner));
        if batch.is_empty() {
            return Ok(0);
        }
        let payload = serde_json::to_string(&batch)?;
        let mut conn = self.redis.get().await?;
        conn.rpush::<_, _, ()>("metrics:inbox", payload).await?;
        Ok(batch.len())
    }
}
