use actix_web::{post, web, HttpResponse};
use bytes::Bytes;
use serde::Deserialize;
use tempfile::NamedTempFile;
use tokio::fs;

use crate::error::ApiError;
use crate::storage::ObjectStore;

#[derive(Debug, Deserialize)]
pub struct ThumbParams {
    pub width: u32,
    pub height: u32,
}

#[post("/v1/images/{id}/thumbnail")]
pub async fn create_thumbnail(
    store: web::Data<ObjectStore>,
    id: web::Path<String>,
    params: web::Query<ThumbParams>,
) -> Result<HttpResponse, ApiError> {
    if params.width == 0 || params.width > 2048 || params.height == 0 || params.height > 2048 {
        return Err(ApiError::Validation("thumbnail size out of range".into()));
    }
    let original: Bytes = store.get(&format!("images/{id}")).await?;
    let input = NamedTempFile::new()?;
    fs::write(input.path(), &original).await?;

    let thumb = crate::images::resize_in_memory(&original, params.width, params.height)?;
    store.put(&format!("thumbs/{id}/{}", params.width), thumb.clone()).await?;
    Ok(HttpResponse::Ok().content_type("image/png").body(thumb))
}
