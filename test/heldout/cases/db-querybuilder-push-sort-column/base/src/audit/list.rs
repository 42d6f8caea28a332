use actix_web::{get, web, HttpResponse};
use serde::Deserialize;
use sqlx::{PgPool, Postgres, QueryBuilder};

use crate::audit::AuditEntry;
use crate::auth::AdminUser;
use crate::error::ApiError;

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub limit: Option<i64>,
}

#[get("/admin/audit")]
pub async fn list_audit(
    admin: AdminUser,
    pool: web::Data<PgPool>,
    params: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT id, actor, action, target, created_at FROM audit_log WHERE org_id = ",
    );
    qb.push_bind(admin.org_id);
    if let Some(actor) = &params.actor {
        qb.push(" AND actor = ").push_bind(actor);
    }
    qb.push(" ORDER BY created_at DESC LIMIT ");
    qb.push_bind(params.limit.unwrap_or(100).clamp(1, 500));
    let entries = qb
        .build_query_as::<AuditEntry>()
        .fetch_all(pool.get_ref())
        .await?;
    Ok(HttpResponse::Ok().json(entries))
}
