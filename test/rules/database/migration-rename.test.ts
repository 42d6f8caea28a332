import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-rename.js';
import { addedMigrations, findingsOf } from './support/migrations.js';

describe(rule.id, () => {
  it('fires on column and table renames, naming old and new names (else missing)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240707090000_renames.sql']))).toEqual([
      'migrations/20240707090000_renames.sql:1 warning renaming `orders.total` to `total_cents` breaks every running instance that still queries `total`',
      'migrations/20240707090000_renames.sql:3 warning renaming table `order_lines` to `order_items` breaks every running instance that still queries `order_lines`',
    ]);
  });

  it('says where the crate still uses the old column name', async () => {
    const fx = addedMigrations(['sqlx/20240707090000_renames.sql'], { 'src/repo/orders.rs': 'pub const TOTAL: &str = "SELECT total FROM orders WHERE id = $1";\n' });
    const found = await findingsOf(rule, fx);
    expect(found[0]).toContain('still queries `total` (the crate still does, at `src/repo/orders.rs:1`)');
  });

  it('stays silent on additive migrations and on renames in a down migration (else noisy)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240709090000_reviews.sql']))).toEqual([]);
    const fx = { files: { 'migrations/20240801000000_x.down.sql': { head: 'ALTER TABLE orders RENAME COLUMN total_cents TO total;\n' } } };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });

  it('stays silent on renaming an index or a constraint', async () => {
    const fx = { files: { 'migrations/20240801000000_x.sql': { head: `ALTER INDEX idx_a RENAME TO idx_b;
ALTER TABLE orders RENAME CONSTRAINT c1 TO c2;
` } } };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });
});
