use chrono::{DateTime, Utc};
use salvo::prelude::*;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::AuthedCustomer;
use crate::error::AppError;
use crate::models::{OrderDetail, OrderSummary};

const DEFAULT_PAGE: i64 = 25;
const MAX_PAGE: i64 = 100;

/// Keyset page of a customer's orders, newest first: `?before=<rfc3339>&limit=<n>`.
const RECENT_ORDERS_SQL: &str = r#"
    SELECT id, status, total_cents, created_at
      FROM orders
     WHERE customer_id = $1
       AND created_at < $2
  ORDER BY created_at DESC
     LIMIT $3
"#;

#[handler]
pub async fn order_detail(req: &mut Request, depot: &mut Depot, res: &mut Response) -> Result<(), AppError> {
    let pool = depot.obtain::<PgPool>().map_err(|_| AppError::MissingState("pool"))?;
    let customer = depot.obtain::<AuthedCustomer>().map_err(|_| AppError::Unauthorized)?;
    let order_id: Uuid = req.param("id").ok_or(AppError::BadRequest("order id"))?;

    let order = sqlx::query_as::<_, OrderDetail>(
        "SELECT id, status, total_cents, created_at FROM orders WHERE id = $1 AND customer_id = $2",
    )
    .bind(order_id)
    .bind(customer.id)
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;

    res.render(Json(order));
    Ok(())
}

#[handler]
pub async fn recent_orders(req: &mut Request, depot: &mut Depot, res: &mut Response) -> Result<(), AppError> {
    let pool = depot.obtain::<PgPool>().map_err(|_| AppError::MissingState("pool"))?;
    let customer = depot.obtain::<AuthedCustomer>().map_err(|_| AppError::Unauthorized)?;
    let before: DateTime<Utc> = req.query("before").unwrap_or_else(Utc::now);
    let limit = req.query::<i64>("limit").unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);

    let orders = sqlx::query_as::<_, OrderSummary>(RECENT_ORDERS_SQL)
        .bind(customer.id)
        .bind(before)
        .bind(limit)
        .fetch_all(pool)
        .await?;

    res.render(Json(orders));
    Ok(())
}
