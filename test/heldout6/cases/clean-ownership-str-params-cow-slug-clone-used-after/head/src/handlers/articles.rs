use std::borrow::Cow;

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

/// Lower-case, dash-separated slug; titles that already are one are borrowed.
pub fn slugify(title: &str) -> Cow<'_, str> {
    let already_slug = !title.is_empty()
        && title
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if already_slug {
        return Cow::Borrowed(title);
    }
    let mut slug = String::with_capacity(title.len());
    for word in title.split_whitespace() {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(
            word.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase),
        );
    }
    Cow::Owned(slug)
}

fn is_draft(tags: &[String]) -> bool {
    tags.iter().any(|t| t.eq_ignore_ascii_case("draft"))
}

pub async fn create_article(
    State(state): State<AppState>,
    Json(input): Json<NewArticle>,
) -> Result<(StatusCode, Json<Article>), ApiError> {
    let slug = slugify(&input.title).into_owned();
    let article = state
        .articles
        .insert(&slug, &input.title, &input.body, &input.tags)
        .await?;
    if !is_draft(&input.tags) {
        state.slug_index.insert(slug.clone(), article.id);
    }
    tracing::info!(%slug, article_id = %article.id, "article created");
    Ok((StatusCode::CREATED, Json(article)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_is_borrowed_when_already_normalised() {
        assert!(matches!(slugify("rust-2024-notes"), Cow::Borrowed(_)));
    }

    #[test]
    fn slug_joins_lowercased_words() {
        assert_eq!(slugify("Async Rust, in Practice!"), "async-rust-in-practice");
    }
}
