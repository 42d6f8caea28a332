use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::ApiError;
use crate::reports::ReportService;

#[derive(Debug, Deserialize)]
pub struct RangeQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[get("/v1/reports/revenue")]
pub async fn revenue_report(
    reports: web::Data<ReportService>,
    range: web::Query<RangeQuery>,
) -> Result<HttpResponse, ApiError> {
    if range.to < range.from {
        return Err(ApiError::Validation("`to` must not be before `from`".into()));
    }
    let rows = reports.revenue_by_day(range.from, range.to).await?;
    Ok(HttpResponse::Ok().json(rows))
}
