import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-drop.js';
import { addedMigrations, findingsOf } from './support/migrations.js';

describe(rule.id, () => {
  it('fires on dropped columns and tables (else missing)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240708090000_drop_legacy.sql']))).toEqual([
      'migrations/20240708090000_drop_legacy.sql:2 warning dropping `orders.legacy_note` breaks anything still reading it and deletes its data for good',
      'migrations/20240708090000_drop_legacy.sql:5 warning dropping `orders.gift_message` breaks anything still reading it and deletes its data for good',
      'migrations/20240708090000_drop_legacy.sql:7 warning dropping table `order_exports` breaks anything still reading it and deletes its data for good',
    ]);
  });

  it('leaves a column still used by the crate to database/migration-drops-used-column', async () => {
    const fx = addedMigrations(['sqlx/20240708090000_drop_legacy.sql'], {
      'src/repo/orders.rs': 'pub async fn note(pool: &PgPool, id: i64) -> sqlx::Result<Option<String>> {\n    sqlx::query_scalar("SELECT legacy_note FROM orders WHERE id = $1").bind(id).fetch_one(pool).await\n}\n',
    });
    const found = await findingsOf(rule, fx);
    expect(found).toHaveLength(2);
    expect(found.join('\n')).not.toContain('legacy_note');
  });

  it('stays silent on down migrations, dropped defaults / NOT NULL / constraints (else noisy)', async () => {
    expect(await findingsOf(rule, addedMigrations(['reversible/20240301100000_create_teams.down.sql', 'diesel/2024-07-01-120000_create_coupons/down.sql']))).toEqual([]);
    const fx = { files: { 'migrations/20240801000000_x.sql': { head: 'ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;\nALTER TABLE orders DROP CONSTRAINT orders_note_check;\n' } } };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });
});
