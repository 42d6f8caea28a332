use deadpool_postgres::Pool;
use uuid::Uuid;

use crate::tags::{Tag, TagError};

pub struct TagRepo {
    pool: Pool,
}

impl TagRepo {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    pub async fn for_document(&self, document_id: Uuid) -> Result<Vec<Tag>, TagError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT t.id, t.name FROM tags t JOIN document_tags dt ON dt.tag_id = t.id \
                 WHERE dt.document_id = $1 ORDER BY t.name LIMIT 100",
                &[&document_id],
            )
            .await?;
        Ok(rows.iter().map(|r| Tag { id: r.get(0), name: r.get(1) }).collect())
    }
}
