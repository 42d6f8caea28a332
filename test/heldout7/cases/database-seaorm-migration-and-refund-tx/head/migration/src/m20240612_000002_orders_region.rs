use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // orders has ~40M rows in production.
        db.execute_unprepared("ALTER TABLE orders ADD COLUMN region VARCHAR(8) NOT NULL")
            .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_orders_region_created ON orders (region, created_at)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS idx_orders_region_created")
            .await?;
        db.execute_unprepared("ALTER TABLE orders DROP COLUMN region")
            .await?;
        Ok(())
    }
}
