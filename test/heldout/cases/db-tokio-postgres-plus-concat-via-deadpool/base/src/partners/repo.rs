use deadpool_postgres::Pool;
use tokio_postgres::Row;

use crate::partners::{Partner, PartnerError};

pub struct PartnerRepo {
    pool: Pool,
}

fn row_to_partner(row: &Row) -> Partner {
    Partner {
        id: row.get("id"),
        name: row.get("name"),
        external_id: row.get("external_id"),
        webhook_url: row.get("webhook_url"),
    }
}

impl PartnerRepo {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    pub async fn by_id(&self, id: i64) -> Result<Option<Partner>, PartnerError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt("SELECT id, name, external_id, webhook_url FROM partners WHERE id = $1", &[&id])
            .await?;
        Ok(row.as_ref().map(row_to_partner))
    }
}
