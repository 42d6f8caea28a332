use serde::Deserialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::members::Member;

pub struct MemberRepo {
    pool: PgPool,
}

impl MemberRepo {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    pub async fn list(&self, org_id: Uuid, limit: i64) -> Result<Vec<Member>, sqlx::Error> {
        sqlx::query_as::<_, Member>(
            "SELECT id, org_id, email, display_name, role, joined_at FROM members \
             WHERE org_id = $1 ORDER BY joined_at LIMIT $2",
        )
        .bind(org_id)
        .bind(limit.clamp(1, 200))
        .fetch_all(&self.pool)
        .await
    }
}
