use std::sync::LazyLock;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use regex::Regex;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

static SLUG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$").unwrap());

#[derive(Debug, Deserialize)]
pub struct NewWorkspace {
    pub slug: String,
    pub name: String,
}

pub fn valid_slug(slug: &str) -> bool {
    SLUG.is_match(slug)
}

pub async fn create_workspace(
    State(state): State<AppState>,
    Json(body): Json<NewWorkspace>,
) -> Result<(StatusCode, Json<Uuid>), ApiError> {
    if !valid_slug(&body.slug) {
        return Err(ApiError::Validation("slug must be 3-40 lowercase letters, digits or dashes".into()));
    }
    let id = Uuid::new_v4();
    sqlx::query("INSERT INTO workspaces (id, slug, name) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(&body.slug)
        .bind(body.name.trim())
        .execute(&state.db)
        .await?;
    Ok((StatusCode::CREATED, Json(id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::PgPool;

    #[test]
    fn slug_rules() {
        assert!(valid_slug("acme-eu"));
        assert!(!valid_slug("-acme"));
        assert!(!valid_slug("Acme"));
        assert!(!valid_slug("ab"));
    }

    #[sqlx::test]
    async fn create_workspace_inserts_row(pool: PgPool) {
        let state = AppState::for_tests(pool.clone());
        let body = NewWorkspace { slug: "acme-eu".into(), name: " Acme EU ".into() };
        let (status, Json(id)) = create_workspace(State(state), Json(body)).await.unwrap();
        assert_eq!(status, StatusCode::CREATED);
        let name: String = sqlx::query_scalar("SELECT name FROM workspaces WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(name, "Acme EU");
    }
}
