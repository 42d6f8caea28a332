use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::models::Order;
use crate::schema::orders;

pub const HISTORY_PAGE: i64 = 50;

pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Order>> {
    orders::table
        .find(id)
        .select(Order::as_select())
        .first(conn)
        .await
        .optional()
}

/// One page of a customer's order history, newest first, strictly older than `before`.
pub async fn history(
    conn: &mut AsyncPgConnection,
    customer: Uuid,
    before: DateTime<Utc>,
) -> QueryResult<Vec<Order>> {
    orders::table
        .filter(orders::customer_id.eq(customer))
        .filter(orders::created_at.lt(before))
        .order(orders::created_at.desc())
        .limit(HISTORY_PAGE)
        .select(Order::as_select())
        .load(conn)
        .await
}
