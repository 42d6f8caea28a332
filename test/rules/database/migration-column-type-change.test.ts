import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-column-type-change.js';
import { addedMigrations, findingsOf } from './support/migrations.js';

describe(rule.id, () => {
  it('fires on ALTER COLUMN .. TYPE, naming the column and type (else missing)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240705090000_orders_total_bigint.sql']))).toEqual([
      'migrations/20240705090000_orders_total_bigint.sql:3 warning changing the type of `orders.total_cents` to `BIGINT` rewrites `orders` under an ACCESS EXCLUSIVE lock and can break the running app version',
    ]);
  });

  it('stays silent on additive migrations, renames and constraints (else noisy)', async () => {
    const fx = addedMigrations(['sqlx/20240709090000_reviews.sql', 'sqlx/20240707090000_renames.sql', 'sqlx/20240706100000_orders_constraints_not_valid.sql']);
    expect(await findingsOf(rule, fx)).toEqual([]);
  });

  it('stays silent on a type set in the CREATE TABLE of the same migration', async () => {
    const fx = { files: { 'migrations/20240801000000_t.sql': { head: `CREATE TABLE t (id BIGINT PRIMARY KEY, n INT);
ALTER TABLE t ALTER COLUMN n TYPE BIGINT;
` } } };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });
});
