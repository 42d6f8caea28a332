import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-concurrently-in-transaction.js';
import { addedMigrations, findingsOf, sqlFixture } from './support/migrations.js';

describe(rule.id, () => {
  it('fires on a one-statement sqlx migration without `-- no-transaction` (squawk lets this one through)', async () => {
    const found = await findingsOf(rule, addedMigrations(['sqlx/20240704090000_payments_idx.sql']));
    expect(found).toEqual([
      'migrations/20240704090000_payments_idx.sql:2 error `CREATE INDEX CONCURRENTLY` on `payments` will fail: sqlx runs this migration in a transaction and Postgres refuses `CONCURRENTLY` inside one',
    ]);
  });

  it('fires on an explicit BEGIN block even with `-- no-transaction`', async () => {
    const found = await findingsOf(rule, addedMigrations(['sqlx/20240704100000_payments_idx_explicit_tx.sql']));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(':3 error `CREATE INDEX CONCURRENTLY` on `payments` will fail: it sits inside');
  });

  it('fires on diesel up and down without run_in_transaction = false', async () => {
    const found = await findingsOf(rule, addedMigrations(['diesel/2024-07-02-090000_coupons_code_idx/up.sql', 'diesel/2024-07-02-090000_coupons_code_idx/down.sql']));
    expect(found).toEqual([
      'migrations/2024-07-02-090000_coupons_code_idx/down.sql:1 error `DROP INDEX CONCURRENTLY idx_coupons_code` will fail: diesel runs this migration in a transaction and Postgres refuses `CONCURRENTLY` inside one',
      'migrations/2024-07-02-090000_coupons_code_idx/up.sql:1 error `CREATE INDEX CONCURRENTLY` on `coupons` will fail: diesel runs this migration in a transaction and Postgres refuses `CONCURRENTLY` inside one',
    ]);
    const out = await findingsOf(rule, addedMigrations(['diesel/2024-07-02-090000_coupons_code_idx/up.sql']));
    expect(out).toHaveLength(1);
  });

  it('stays silent with `-- no-transaction` first, with diesel metadata.toml opting out, and on plain indexes (else noisy)', async () => {
    const metadata = sqlFixture('diesel/2024-07-03-090000_coupons_code_idx_no_tx/metadata.toml');
    const fx = addedMigrations(
      ['sqlx/20240703090000_orders_status_idx.sql', 'diesel/2024-07-03-090000_coupons_code_idx_no_tx/up.sql', 'diesel/2024-07-03-090000_coupons_code_idx_no_tx/down.sql', 'sqlx/20240702081500_orders_customer_created_idx.sql'],
      { 'migrations/2024-07-03-090000_coupons_code_idx_no_tx/metadata.toml': metadata },
    );
    expect(await findingsOf(rule, fx)).toEqual([]);
  });

  it('treats `-- no-transaction` after another comment as absent (sqlx only checks the very start)', async () => {
    const fx = { files: { 'migrations/20240801000000_idx.sql': { head: `-- speeds up search
-- no-transaction
CREATE INDEX CONCURRENTLY idx_a ON a (b);
` } } };
    expect(await findingsOf(rule, fx)).toHaveLength(1);
  });

  it('fires on each CONCURRENTLY statement of a no-transaction file of several statements: sqlx sends the file as one query, run in an implicit transaction', async () => {
    const fx = { files: { 'migrations/20240901000000_orders_reindex.sql': { head: `-- no-transaction
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_placed;

CREATE INDEX CONCURRENTLY idx_orders_placed
    ON orders (placed_at DESC);
` } } };
    const found = await findingsOf(rule, fx);
    expect(found).toEqual([
      'migrations/20240901000000_orders_reindex.sql:2 error `DROP INDEX CONCURRENTLY idx_orders_placed` will fail: sqlx sends this no-transaction migration\'s 2 statements to Postgres as one query, which runs them in an implicit transaction, and Postgres refuses `CONCURRENTLY` inside one',
      'migrations/20240901000000_orders_reindex.sql:4 error `CREATE INDEX CONCURRENTLY` on `orders` will fail: sqlx sends this no-transaction migration\'s 2 statements to Postgres as one query, which runs them in an implicit transaction, and Postgres refuses `CONCURRENTLY` inside one',
    ]);
  });

  it('fires on a diesel migration opted out by metadata.toml when the file holds a second statement', async () => {
    const fx = {
      files: {
        'migrations/2024-09-02-000000_coupons_idx/up.sql': { head: 'CREATE UNIQUE INDEX CONCURRENTLY idx_coupons_code ON coupons (code);\nCOMMENT ON INDEX idx_coupons_code IS \'lookup by code\';\n' },
        'migrations/2024-09-02-000000_coupons_idx/metadata.toml': { head: 'run_in_transaction = false\n' },
      },
    };
    const found = await findingsOf(rule, fx);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('up.sql:1 error `CREATE INDEX CONCURRENTLY` on `coupons` will fail: diesel sends this no-transaction migration\'s 2 statements');
  });

  it('stays silent on a no-transaction file of several statements without CONCURRENTLY (else noisy)', async () => {
    const fx = { files: { 'migrations/20240903000000_status_values.sql': { head: `-- no-transaction
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded';
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'disputed';
` } } };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });
});
