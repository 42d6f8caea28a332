use axum::{
    extract::{Path, State},
    routing::put,
    Json, Router,
};
use serde::Deserialize;
use uuid::Uuid;

use super::TagNormalizer;
use crate::{error::ApiError, state::AppState};

#[derive(Debug, Deserialize)]
pub struct ReplaceTags {
    pub tags: Vec<String>,
}

struct ArticleTags;

impl TagNormalizer for ArticleTags {}

pub fn router() -> Router<AppState> {
    Router::new().route("/articles/:article_id", put(replace_article_tags))
}

async fn replace_article_tags(
    State(state): State<AppState>,
    Path(article_id): Path<Uuid>,
    Json(body): Json<ReplaceTags>,
) -> Result<Json<Vec<String>>, ApiError> {
    let tags = ArticleTags.normalize_tags(&body.tags);
    state.articles.replace_tags(article_id, &tags).await?;
    Ok(Json(tags))
}
