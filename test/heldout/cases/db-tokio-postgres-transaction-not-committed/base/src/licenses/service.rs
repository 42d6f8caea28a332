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
}
