use std::process::Command;

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

    let geometry = format!("{}x{}", params.width, params.height);
    let out = Command::new("convert")
        .arg(input.path())
        .args(["-thumbnail", &geometry, "-strip", "png:-"])
        .output()?;
    if !out.status.success() {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "convert failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let thumb = Bytes::from(out.stdout);
    store.put(&format!("thumbs/{id}/{}", params.width), thumb.clone()).await?;
    Ok(HttpResponse::Ok().content_type("image/png").body(thumb))
}
