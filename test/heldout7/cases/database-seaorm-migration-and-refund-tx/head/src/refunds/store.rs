use deadpool_postgres::Pool;

#[derive(Debug, thiserror::Error)]
pub enum RefundError {
    #[error("order {0} not found")]
    NotFound(i64),
    #[error("refund exceeds captured amount")]
    TooLarge,
    #[error(transparent)]
    Db(#[from] tokio_postgres::Error),
    #[error(transparent)]
    Pool(#[from] deadpool_postgres::PoolError),
}

pub async fn issue_refund(pool: &Pool, order_id: i64, cents: i64) -> Result<i64, RefundError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;

    let row = tx
        .query_opt(
            "SELECT captured_cents FROM payments WHERE order_id = $1 FOR UPDATE",
            &[&order_id],
        )
        .await?
        .ok_or(RefundError::NotFound(order_id))?;
    let captured: i64 = row.get(0);
    if cents > captured {
        return Err(RefundError::TooLarge);
    }

    let refund_id: i64 = tx
        .query_one(
            "INSERT INTO refunds (order_id, cents) VALUES ($1, $2) RETURNING id",
            &[&order_id, &cents],
        )
        .await?
        .get(0);
    tx.execute(
        "UPDATE payments SET captured_cents = captured_cents - $2 WHERE order_id = $1",
        &[&order_id, &cents],
    )
    .await?;

    Ok(refund_id)
}
