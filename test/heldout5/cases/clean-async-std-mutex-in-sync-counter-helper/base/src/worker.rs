use std::sync::Arc;

use tokio::task::JoinSet;

use crate::client::ManifestClient;
use crate::error::PrefetchError;

pub struct Prefetcher {
    client: ManifestClient,
}

impl Prefetcher {
    pub fn new(client: ManifestClient) -> Self {
        Self { client }
    }

    pub async fn run_once(&self, tenants: &[Arc<str>]) -> Result<usize, PrefetchError> {
        let mut tasks = JoinSet::new();
        for tenant in tenants {
            let tenant = Arc::clone(tenant);
            let client = self.client.clone();
            tasks.spawn(async move { client.fetch_manifest(&tenant).await.map(|b| b.len()) });
        }
        let mut bytes = 0;
        while let Some(res) = tasks.join_next().await {
            bytes += res??;
        }
        Ok(bytes)
    }
}
