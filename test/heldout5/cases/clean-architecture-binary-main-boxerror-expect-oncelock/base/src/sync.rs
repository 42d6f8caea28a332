use sqlx::PgPool;

pub async fn run(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE catalog_items SET synced_at = now() WHERE synced_at IS NULL")
        .execute(pool)
        .await?;
    Ok(())
}
