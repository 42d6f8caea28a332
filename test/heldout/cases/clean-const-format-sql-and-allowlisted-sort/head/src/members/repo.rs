use serde::Deserialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::members::Member;

const MEMBER_COLUMNS: &str = "id, org_id, email, display_name, role, joined_at";

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberSort {
    #[default]
    JoinedAt,
    Email,
    Name,
}

pub struct MemberRepo {
    pool: PgPool,
}

impl MemberRepo {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    pub async fn list(&self, org_id: Uuid, sort: MemberSort, limit: i64) -> Result<Vec<Member>, sqlx::Error> {
        let order_by = match sort {
            MemberSort::JoinedAt => "joined_at, id",
            MemberSort::Email => "email, id",
            MemberSort::Name => "lower(display_name), id",
        };
        let sql = format!(
            "SELECT {MEMBER_COLUMNS} FROM members WHERE org_id = $1 ORDER BY {order_by} LIMIT $2"
        );
        sqlx::query_as::<_, Member>(&sql)
        .bind(org_id)
        .bind(limit.clamp(1, 200))
        .fetch_all(&self.pool)
        .await
    }

    pub async fn by_email(&self, org_id: Uuid, email: &str) -> Result<Option<Member>, sqlx::Error> {
        let sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE org_id = $1 AND email = $2");
        sqlx::query_as::<_, Member>(&sql)
            .bind(org_id)
            .bind(email)
            .fetch_optional(&self.pool)
            .await
    }
}
