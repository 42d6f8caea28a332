use std::sync::Arc;

use crate::thumbs::{ThumbnailJob, Thumbnailer};

mod store;
mod thumbs;

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().json().init();
    let store = store::ObjectStore::from_env().await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<ThumbnailJob>(256);
    let worker = Thumbnailer::new(Arc::new(store));
    let handle = tokio::spawn(worker.run(rx));
    store::listen_for_uploads(tx).await?;
    handle.await??;
    Ok(())
}
