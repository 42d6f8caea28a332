use deadpool_postgres::Pool;
use uuid::Uuid;

use crate::licenses::LicenseError;

pub struct LicenseService {
    pool: Pool,
}

impl LicenseService {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    pub async fn seats_used(&self, org_id: Uuid) -> Result<i64, LicenseError> {
        let client = self.pool.get().await?;
        let row = client
            .query_one("SELECT count(*) FROM license_seats WHERE org_id = $1 AND user_id IS NOT NULL", &[&org_id])
            .await?;
        Ok(row.get(0))
    }

    pub async fn reassign_seat(&self, org_id: Uuid, from_user: Uuid, to_user: Uuid) -> Result<(), LicenseError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let released = tx
            .execute(
                "UPDATE license_seats SET user_id = NULL, released_at = now() \
                 WHERE org_id = $1 AND user_id = $2",
                &[&org_id, &from_user],
            )
            .await?;
        if released == 0 {
            return Err(LicenseError::NoSeat(from_user));
        }
        tx.execute(
            "UPDATE license_seats SET user_id = $2, assigned_at = now() \
             WHERE id = (SELECT id FROM license_seats WHERE org_id = $1 AND user_id IS NULL \
                         ORDER BY released_at DESC LIMIT 1 FOR UPDATE)",
            &[&org_id, &to_user],
        )
        .await?;
        tx.execute(
            "INSERT INTO license_events (org_id, kind, from_user, to_user) VALUES ($1, 'reassign', $2, $3)",
            &[&org_id, &from_user, &to_user],
        )
        .await?;
        Ok(())
    }
}
