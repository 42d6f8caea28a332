use salvo::prelude::*;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::AuthedCustomer;
use crate::error::AppError;
use crate::models::OrderDetail;

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
