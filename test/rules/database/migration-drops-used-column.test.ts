import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-drops-used-column.js';
import { addedMigrations, findingsOf } from './support/migrations.js';

const repo = `use sqlx::PgPool;

pub async fn notes(pool: &PgPool, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        r#"SELECT o.legacy_note FROM orders o WHERE o.id = $1"#,
        id
    )
    .fetch_one(pool)
    .await
}
`;

const schema = `diesel::table! {
    orders (id) {
        id -> Int8,
        gift_message -> Nullable<Text>,
    }
}
`;

describe(rule.id, () => {
  it('fires when a query! string still selects the dropped column (else missing)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240708090000_drop_legacy.sql'], { 'src/repo/orders.rs': repo }))).toEqual([
      'migrations/20240708090000_drop_legacy.sql:2 error `orders.legacy_note` is dropped but still used by the crate at `src/repo/orders.rs:5`: those queries fail once this migration runs',
    ]);
  });

  it('fires when diesel schema.rs still lists the column', async () => {
    const found = await findingsOf(rule, addedMigrations(['sqlx/20240708090000_drop_legacy.sql'], { 'src/schema.rs': schema }));
    expect(found).toEqual([expect.stringContaining('migrations/20240708090000_drop_legacy.sql:5 error `orders.gift_message` is dropped but still used by the crate at `src/schema.rs:4`')]);
  });

  it('fires when a FromRow struct of the table still has the field', async () => {
    const model = `#[derive(Debug, sqlx::FromRow)]
pub struct Order {
    pub id: i64,
    pub legacy_note: Option<String>,
}
`;
    const found = await findingsOf(rule, addedMigrations(['sqlx/20240708090000_drop_legacy.sql'], { 'src/models/order.rs': model }));
    expect(found).toEqual([expect.stringContaining('`orders.legacy_note` is dropped but still used by the crate at `src/models/order.rs:4`')]);
  });

  it('stays silent on a FromRow struct of another table with the same field name', async () => {
    const model = `#[derive(Debug, sqlx::FromRow)]
pub struct Invoice {
    pub id: i64,
    pub legacy_note: Option<String>,
}
`;
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240708090000_drop_legacy.sql'], { 'src/models/invoice.rs': model }))).toEqual([]);
  });

  it('stays silent when the column name only appears with another table, or not in SQL (else noisy)', async () => {
    const other = `pub fn f() -> &'static str { "SELECT legacy_note FROM invoices" }\npub struct Order { pub legacy_note: String }\nconst LABEL: &str = "legacy_note";\n`;
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240708090000_drop_legacy.sql'], { 'src/other.rs': other }))).toEqual([]);
  });

  it('stays silent when the same change removes the last use (head contents count)', async () => {
    const fx = addedMigrations(['sqlx/20240708090000_drop_legacy.sql']);
    fx.files['src/repo/orders.rs'] = { base: repo, head: repo.replace('o.legacy_note', 'o.id') };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });
});
