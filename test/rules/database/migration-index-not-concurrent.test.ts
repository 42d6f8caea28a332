import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-index-not-concurrent.js';
import { addedMigrations, findingsOf } from './support/migrations.js';

describe(rule.id, () => {
  it('fires on CREATE INDEX and DROP INDEX without CONCURRENTLY (else missing)', async () => {
    const found = await findingsOf(rule, addedMigrations(['sqlx/20240702081500_orders_customer_created_idx.sql']));
    expect(found).toEqual([
      'migrations/20240702081500_orders_customer_created_idx.sql:2 warning `CREATE INDEX idx_orders_customer_created` on `orders` without `CONCURRENTLY` blocks every write to `orders` while the index builds',
      'migrations/20240702081500_orders_customer_created_idx.sql:5 warning `DROP INDEX idx_orders_customer` without `CONCURRENTLY` takes an ACCESS EXCLUSIVE lock that blocks reads and writes on its table',
    ]);
  });

  it('stays silent on indexes of a table created in the same migration, and on CONCURRENTLY (else noisy)', async () => {
    const fx = addedMigrations(['sqlx/20240709090000_reviews.sql', 'sqlx/20240611120000_invoicing.sql', 'sqlx/20240703090000_orders_status_idx.sql', 'diesel/2024-07-03-090000_coupons_code_idx_no_tx/up.sql']);
    expect(await findingsOf(rule, fx)).toEqual([]);
  });

  it('stays silent on a table that another migration of the same change creates', async () => {
    const fx = {
      files: {
        'migrations/20240801000000_create_coupons.sql': { head: 'CREATE TABLE coupons (id BIGINT PRIMARY KEY, code TEXT NOT NULL);\n' },
        'migrations/20240801000100_coupons_code_idx.sql': { head: 'CREATE INDEX idx_coupons_code ON coupons (code);\n' },
      },
    };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });

  it('does not lint down migrations (they undo, and run by hand)', async () => {
    const fx = { files: { 'migrations/2024-07-01-120000_x/down.sql': { head: 'DROP INDEX idx_coupons_code;\n' } } };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });
});
