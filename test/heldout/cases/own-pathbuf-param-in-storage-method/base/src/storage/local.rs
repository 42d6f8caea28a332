use std::path::{Path, PathBuf};

use bytes::Bytes;
use tokio::fs;
use tracing::warn;

use crate::storage::{BlobKey, StorageError};

/// Filesystem-backed blob store used in development and on single-node installs.
pub struct LocalBlobStore {
    root: PathBuf,
}

impl LocalBlobStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path_for(&self, key: &BlobKey) -> PathBuf {
        self.root.join(key.tenant().to_string()).join(key.object())
    }

    pub async fn put(&self, key: &BlobKey, body: Bytes) -> Result<(), StorageError> {
        let path = self.path_for(key);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).await?;
        }
        fs::write(&path, &body).await?;
        Ok(())
    }

    pub async fn get(&self, key: &BlobKey) -> Result<Bytes, StorageError> {
        match fs::read(self.path_for(key)).await {
            Ok(data) => Ok(Bytes::from(data)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StorageError::NotFound),
            Err(e) => Err(e.into()),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}
