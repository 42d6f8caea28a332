use axum::{extract::State, http::StatusCode, Json};
use serde::Deserialize;

use crate::{error::ApiError, models::Article, state::AppState};

#[derive(Debug, Deserialize)]
pub struct NewArticle {
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

pub async fn create_article(
    State(state): State<AppState>,
    Json(input): Json<NewArticle>,
) -> Result<(StatusCode, Json<Article>), ApiError> {
    let article = state
        .articles
        .insert(&input.title, &input.body, &input.tags)
        .await?;
    Ok((StatusCode::CREATED, Json(article)))
}
