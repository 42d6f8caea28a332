import { describe, expect, it } from 'vitest';
import concurrentlyInTransaction from '../../../src/rules/database/migration-concurrently-in-transaction.js';
import indexNotConcurrent from '../../../src/rules/database/migration-index-not-concurrent.js';
import notNullWithoutDefault from '../../../src/rules/database/migration-not-null-without-default.js';
import { findingsOf } from './support/migrations.js';

/** A sea-orm-migration file: raw SQL in `up` runs like a `.sql` migration's. */
const shipments = (up: string, extra = ''): string => `use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
${extra}    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
${up}        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX idx_shipments_carrier").await?;
        db.execute_unprepared("ALTER TABLE shipments DROP COLUMN carrier").await?;
        Ok(())
    }
}
`;

const PATH = 'migration/src/m20240901_000002_shipments_carrier.rs';
const added = (text: string) => ({ files: { [PATH]: { head: text } } });

describe('SQL run by a sea-orm-migration Rust file', () => {
  const up = `        db.execute_unprepared("ALTER TABLE shipments ADD COLUMN carrier TEXT NOT NULL")
            .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_shipments_carrier ON shipments (carrier)",
        )
        .await?;
`;

  it('is linted on the Rust lines of its literals (else missing)', async () => {
    expect(await findingsOf(indexNotConcurrent, added(shipments(up)))).toEqual([
      `${PATH}:13 warning \`CREATE INDEX idx_shipments_carrier\` on \`shipments\` without \`CONCURRENTLY\` blocks every write to \`shipments\` while the index builds`,
    ]);
    const notNull = await findingsOf(notNullWithoutDefault, added(shipments(up)));
    expect(notNull).toHaveLength(1);
    expect(notNull[0]).toMatch(new RegExp(`^${PATH}:10 `));
  });

  it('runs in a transaction on Postgres unless `use_transaction` returns `Some(false)`', async () => {
    const concurrent = `        db.execute_unprepared("CREATE INDEX CONCURRENTLY idx_shipments_carrier ON shipments (carrier)").await?;
`;
    expect(await findingsOf(concurrentlyInTransaction, added(shipments(concurrent)))).toEqual([
      `${PATH}:10 error \`CREATE INDEX CONCURRENTLY\` on \`shipments\` will fail: sea-orm-migration runs this migration in a transaction and Postgres refuses \`CONCURRENTLY\` inside one`,
    ]);
    const optOut = `    fn use_transaction(&self) -> Option<bool> {
        Some(false)
    }

`;
    expect(await findingsOf(concurrentlyInTransaction, added(shipments(concurrent, optOut)))).toEqual([]);
    // Each `execute_unprepared` is a query of its own, so two statements opted out stay out of any transaction.
    const two = `${concurrent}        db.execute_unprepared("DROP INDEX CONCURRENTLY IF EXISTS idx_shipments_old").await?;\n`;
    expect(await findingsOf(concurrentlyInTransaction, added(shipments(two, optOut)))).toEqual([]);
  });

  it('leaves out `down`, `format!` texts, and SQL in Rust files that are no migration (else noisy)', async () => {
    const formatted = `        let table = "shipments";
        db.execute_unprepared(&format!("CREATE INDEX idx_{table}_carrier ON {table} (carrier)")).await?;
`;
    expect(await findingsOf(indexNotConcurrent, added(shipments(formatted)))).toEqual([]);
    const repository = `pub async fn reindex(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("CREATE INDEX idx_shipments_carrier ON shipments (carrier)").await?;
    Ok(())
}
`;
    expect(await findingsOf(indexNotConcurrent, { files: { 'src/maintenance.rs': { head: repository } } })).toEqual([]);
  });
});
