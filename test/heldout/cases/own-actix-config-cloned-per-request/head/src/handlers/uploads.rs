use actix_multipart::Multipart;
use actix_web::{post, web, HttpResponse};
use futures_util::TryStreamExt;
use uuid::Uuid;

use crate::config::UploadConfig;
use crate::error::ApiError;
use crate::storage::ObjectStore;

#[post("/v1/uploads")]
pub async fn upload(
    config: web::Data<UploadConfig>,
    store: web::Data<ObjectStore>,
    mut payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let cfg = config.get_ref().clone();
    let mut stored = Vec::new();
    while let Some(mut field) = payload.try_next().await? {
        let content_type = field
            .content_type()
            .map(|m| m.essence_str().to_owned())
            .unwrap_or_default();
        if !cfg.allowed_mime_types.iter().any(|m| *m == content_type) {
            return Err(ApiError::UnsupportedMediaType(content_type));
        }
        let mut body = Vec::new();
        while let Some(chunk) = field.try_next().await? {
            if body.len() + chunk.len() > cfg.max_bytes {
                return Err(ApiError::PayloadTooLarge(cfg.max_bytes));
            }
            body.extend_from_slice(&chunk);
        }
        let key = format!("uploads/{}", Uuid::new_v4());
        store.put(&cfg.bucket, &key, body.into()).await?;
        stored.push(format!("https://{}/{}", cfg.cdn_host, key));
    }
    Ok(HttpResponse::Created().json(stored))
}
