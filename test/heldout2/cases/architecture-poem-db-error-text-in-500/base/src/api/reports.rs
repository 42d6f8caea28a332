use poem::http::StatusCode;
use poem::web::{Data, Json, Path};
use poem::{handler, Error, Result};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Report {
    pub id: Uuid,
    pub title: String,
    pub row_count: i64,
}

#[handler]
pub async fn get_report(pool: Data<&PgPool>, Path(id): Path<Uuid>) -> Result<Json<Report>> {
    let report = sqlx::query_as::<_, Report>("SELECT id, title, row_count FROM reports WHERE id = $1")
        .bind(id)
        .fetch_optional(*pool)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, report_id = %id, "report lookup failed");
            Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
        })?;

    report
        .map(Json)
        .ok_or_else(|| Error::from_status(StatusCode::NOT_FOUND))
}
