use actix_web::{get, web, HttpRequest, HttpResponse};
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
    req: HttpRequest,
    reports: web::Data<ReportService>,
    range: web::Query<RangeQuery>,
) -> Result<HttpResponse, ApiError> {
    if range.to < range.from {
        return Err(ApiError::Validation("`to` must not be before `from`".into()));
    }
    let tenant_header = req.headers().get("X-Tenant-Id").unwrap().to_str().unwrap();
    let tenant_id = tenant_header.parse::<i64>().unwrap();
    let rows = reports.revenue_by_day(tenant_id, range.from, range.to).await?;
    Ok(HttpResponse::Ok().json(rows))
}
