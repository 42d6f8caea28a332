use std::io::Cursor;
use std::sync::Arc;

use image::imageops::FilterType;
use image::ImageFormat;
use tokio::sync::{mpsc, Mutex};

use crate::store::{MultipartUpload, ObjectStore, StoreError};

const THUMB_EDGE: u32 = 320;

#[derive(Debug)]
pub struct ThumbnailJob {
    pub key: String,
}

pub struct Thumbnailer {
    store: Arc<ObjectStore>,
    /// One multipart upload at a time per bucket prefix: the store rejects
    /// concurrent part numbers, so the guard is held while the part is sent.
    batch: Mutex<Option<MultipartUpload>>,
}

impl Thumbnailer {
    pub fn new(store: Arc<ObjectStore>) -> Self {
        Self { store, batch: Mutex::new(None) }
    }

    pub async fn run(self, mut rx: mpsc::Receiver<ThumbnailJob>) -> Result<(), StoreError> {
        while let Some(job) = rx.recv().await {
            let original = self.store.get(&job.key).await?;
            // Runs on a multi-thread runtime (see main.rs): block_in_place hands this
            // worker's other tasks to another thread while the resize runs.
            let thumb = tokio::task::block_in_place(|| render_thumbnail(&original))?;
            let mut batch = self.batch.lock().await;
            let mut upload = match batch.take() {
                Some(upload) => upload,
                None => self.store.start_multipart("thumbs/").await?,
            };
            upload.put_part(&format!("{}.thumb.png", job.key), thumb).await?;
            if upload.parts() >= 100 {
                upload.complete().await?;
            } else {
                *batch = Some(upload);
            }
        }
        if let Some(done) = self.batch.lock().await.take() {
            done.complete().await?;
        }
        Ok(())
    }
}

fn render_thumbnail(original: &[u8]) -> Result<Vec<u8>, StoreError> {
    let img = image::load_from_memory(original).map_err(StoreError::decode)?;
    let small = img.resize(THUMB_EDGE, THUMB_EDGE, FilterType::Lanczos3);
    let mut out = Cursor::new(Vec::with_capacity(64 * 1024));
    small.write_to(&mut out, ImageFormat::Png).map_err(StoreError::decode)?;
    Ok(out.into_inner())
}
