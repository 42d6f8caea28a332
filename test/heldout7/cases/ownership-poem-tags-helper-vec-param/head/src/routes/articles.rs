use std::collections::HashMap;
use std::sync::Arc;

use poem::{handler, http::StatusCode, web::{Data, Json}};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use crate::util::tags::normalize_tags;

#[derive(Clone)]
pub struct SiteConfig {
    pub base_url: String,
    pub reserved_slugs: Vec<String>,
    pub redirects: HashMap<String, String>,
}

pub struct AppState {
    pub pool: PgPool,
    pub site: Arc<SiteConfig>,
}

#[derive(Deserialize)]
pub struct NewArticle {
    pub slug: String,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
}

#[derive(Serialize)]
pub struct Created {
    pub url: String,
    pub tags: Vec<String>,
}

#[handler]
pub async fn create_article(
    state: Data<&Arc<AppState>>,
    Json(req): Json<NewArticle>,
) -> poem::Result<Json<Created>> {
    let site: SiteConfig = state.site.as_ref().clone();
    if site.reserved_slugs.iter().any(|s| s == &req.slug) {
        return Err(poem::Error::from_status(StatusCode::CONFLICT));
    }

    let tags = normalize_tags(&req.tags.clone());

    sqlx::query("INSERT INTO articles (slug, title, body, tags) VALUES ($1, $2, $3, $4)")
        .bind(&req.slug)
        .bind(&req.title)
        .bind(&req.body)
        .bind(&tags)
        .execute(&state.pool)
        .await
        .map_err(|_| poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR))?;

    Ok(Json(Created {
        url: format!("{}/a/{}", site.base_url, req.slug),
        tags,
    }))
}
