use sqlx::PgPool;
use uuid::Uuid;

use crate::models::Article;

#[derive(Clone)]
pub struct ArticleRepo {
    pool: PgPool,
}

impl ArticleRepo {
    pub async fn insert(
        &self,
        slug: &str,
        title: &str,
        body: &str,
        tags: &[String],
    ) -> sqlx::Result<Article> {
        sqlx::query_as::<_, Article>(
            "INSERT INTO articles (id, slug, title, body, tags) VALUES ($1, $2, $3, $4, $5) \
             RETURNING id, slug, title, body, tags, created_at",
        )
        .bind(Uuid::new_v4())
        .bind(slug)
        .bind(title)
        .bind(body)
        .bind(tags)
        .fetch_one(&self.pool)
        .await
    }
}
