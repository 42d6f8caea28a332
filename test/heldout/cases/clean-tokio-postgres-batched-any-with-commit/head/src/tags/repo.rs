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

    /// Replaces the document's tags with `names`, creating missing tags, atomically.
    pub async fn set_tags(&self, document_id: Uuid, names: &[String]) -> Result<Vec<Tag>, TagError> {
        let normalized: Vec<String> = names.iter().map(|n| n.trim().to_lowercase()).filter(|n| !n.is_empty()).collect();
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute(
            "INSERT INTO tags (id, name) SELECT gen_random_uuid(), n FROM unnest($1::text[]) AS n \
             ON CONFLICT (name) DO NOTHING",
            &[&normalized],
        )
        .await?;
        let rows = tx
            .query("SELECT id, name FROM tags WHERE name = ANY($1) ORDER BY name", &[&normalized])
            .await?;
        let tags: Vec<Tag> = rows.iter().map(|r| Tag { id: r.get(0), name: r.get(1) }).collect();
        let ids: Vec<Uuid> = tags.iter().map(|t| t.id).collect();
        tx.execute("DELETE FROM document_tags WHERE document_id = $1", &[&document_id]).await?;
        tx.execute(
            "INSERT INTO document_tags (document_id, tag_id) SELECT $1, unnest($2::uuid[])",
            &[&document_id, &ids],
        )
        .await?;
        tx.commit().await?;
        Ok(tags)
    }
}
