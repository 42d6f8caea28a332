use std::sync::Arc;

use tokio::task::JoinSet;

use crate::client::ManifestClient;
use crate::error::PrefetchError;
use crate::metrics::HitCounter;

pub struct Prefetcher {
    client: ManifestClient,
    counter: HitCounter,
}

impl Prefetcher {
    pub fn new(client: ManifestClient, counter: HitCounter) -> Self {
        Self { client, counter }
    }

    pub async fn run_once(&self, tenants: &[Arc<str>]) -> Result<usize, PrefetchError> {
        let mut tasks = JoinSet::new();
        for tenant in tenants {
            let tenant = Arc::clone(tenant);
            let client = self.client.clone();
            let counter = self.counter.clone();
            tasks.spawn(async move {
                let body = client.fetch_manifest(&tenant).await?;
                let hits = counter.record(&tenant);
                tracing::debug!(tenant = %tenant, hits, bytes = body.len(), "manifest prefetched");
                Ok::<usize, PrefetchError>(body.len())
            });
        }
        let mut bytes = 0;
        while let Some(res) = tasks.join_next().await {
            bytes += res??;
        }
        tracing::info!(top = ?self.counter.snapshot().first(), "prefetch round done");
        Ok(bytes)
    }
}
