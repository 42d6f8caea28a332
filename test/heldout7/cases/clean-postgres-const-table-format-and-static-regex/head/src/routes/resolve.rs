use std::sync::Arc;

use poem::{handler, http::StatusCode, web::{Data, Json}};
use serde::{Deserialize, Serialize};

use crate::repo::slugs::{is_valid_slug, resolve_many};
use crate::AppState;

#[derive(Deserialize)]
pub struct ResolveRequest {
    pub slugs: Vec<String>,
}

#[derive(Serialize)]
pub struct Resolved {
    pub slug: String,
    pub target_id: i64,
}

#[handler]
pub async fn resolve(
    state: Data<&Arc<AppState>>,
    Json(req): Json<ResolveRequest>,
) -> poem::Result<Json<Vec<Resolved>>> {
    if req.slugs.len() > 100 || !req.slugs.iter().all(|s| is_valid_slug(s)) {
        return Err(poem::Error::from_status(StatusCode::BAD_REQUEST));
    }
    let client = state
        .pool
        .get()
        .await
        .map_err(|_| poem::Error::from_status(StatusCode::SERVICE_UNAVAILABLE))?;
    let found = resolve_many(&client, &req.slugs).await.map_err(|err| {
        tracing::error!(error = %err, "slug lookup failed");
        poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
    })?;
    Ok(Json(
        found
            .into_iter()
            .map(|(slug, target_id)| Resolved { slug, target_id })
            .collect(),
    ))
}
