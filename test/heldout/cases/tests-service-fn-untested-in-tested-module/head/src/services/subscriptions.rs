use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::ServiceError;

const MAX_PAUSE_DAYS: i64 = 90;

pub async fn cancel(pool: &PgPool, subscription_id: Uuid) -> Result<(), ServiceError> {
    let done = sqlx::query(
        "UPDATE subscriptions SET status = 'cancelled', cancelled_at = now() \
         WHERE id = $1 AND status IN ('active', 'paused')",
    )
    .bind(subscription_id)
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ServiceError::InvalidState("subscription is not active"));
    }
    Ok(())
}

pub async fn resume(pool: &PgPool, subscription_id: Uuid) -> Result<(), ServiceError> {
    let done = sqlx::query(
        "UPDATE subscriptions SET status = 'active', paused_until = NULL WHERE id = $1 AND status = 'paused'",
    )
    .bind(subscription_id)
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ServiceError::InvalidState("subscription is not paused"));
    }
    Ok(())
}

pub async fn pause_subscription(
    pool: &PgPool,
    subscription_id: Uuid,
    until: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if until <= Utc::now() || until > Utc::now() + Duration::days(MAX_PAUSE_DAYS) {
        return Err(ServiceError::Validation("pause must end within 90 days"));
    }
    let done = sqlx::query(
        "UPDATE subscriptions SET status = 'paused', paused_until = $2 WHERE id = $1 AND status = 'active'",
    )
    .bind(subscription_id)
    .bind(until)
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ServiceError::InvalidState("subscription is not active"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIVE: Uuid = uuid::uuid!("0b8f9a52-4a55-4d3e-9c1b-3f2d7e6a1c01");
    const PAUSED: Uuid = uuid::uuid!("7c1e2d3f-5a6b-4c7d-8e9f-0a1b2c3d4e02");

    async fn status_of(pool: &PgPool, id: Uuid) -> String {
        sqlx::query_scalar("SELECT status FROM subscriptions WHERE id = $1")
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap()
    }

    #[sqlx::test(fixtures("subscriptions"))]
    async fn cancel_active_subscription(pool: PgPool) {
        cancel(&pool, ACTIVE).await.unwrap();
        assert_eq!(status_of(&pool, ACTIVE).await, "cancelled");
    }

    #[sqlx::test(fixtures("subscriptions"))]
    async fn resume_paused_subscription(pool: PgPool) {
        resume(&pool, PAUSED).await.unwrap();
        assert_eq!(status_of(&pool, PAUSED).await, "active");
    }

    #[sqlx::test(fixtures("subscriptions"))]
    async fn resume_rejects_active_subscription(pool: PgPool) {
        let err = resume(&pool, ACTIVE).await.unwrap_err();
        assert!(matches!(err, ServiceError::InvalidState(_)));
    }
}
