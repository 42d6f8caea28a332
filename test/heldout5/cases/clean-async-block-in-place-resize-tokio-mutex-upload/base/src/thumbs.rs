use std::sync::Arc;

use tokio::sync::mpsc;

use crate::store::{ObjectStore, StoreError};

#[derive(Debug)]
pub struct ThumbnailJob {
    pub key: String,
}

pub struct Thumbnailer {
    store: Arc<ObjectStore>,
}

impl Thumbnailer {
    pub fn new(store: Arc<ObjectStore>) -> Self {
        Self { store }
    }

    pub async fn run(self, mut rx: mpsc::Receiver<ThumbnailJob>) -> Result<(), StoreError> {
        while let Some(job) = rx.recv().await {
            let original = self.store.get(&job.key).await?;
            self.store.put(&format!("{}.orig", job.key), original).await?;
        }
        Ok(())
    }
}
