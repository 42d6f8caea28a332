use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Per-tenant prefetch counters, read by the `/metrics` exporter.
///
/// The lock is only ever taken inside these synchronous methods, so no guard can
/// live across an `.await` of the caller.
#[derive(Clone, Default)]
pub struct HitCounter {
    inner: Arc<Mutex<HashMap<Arc<str>, u64>>>,
}

impl HitCounter {
    pub fn record(&self, tenant: &Arc<str>) -> u64 {
        let mut hits = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let n = hits.entry(Arc::clone(tenant)).or_insert(0);
        *n += 1;
        *n
    }

    pub fn snapshot(&self) -> Vec<(Arc<str>, u64)> {
        let hits = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out: Vec<(Arc<str>, u64)> = hits.iter().map(|(k, v)| (Arc::clone(k), *v)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}
