import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-set-not-null.js';
import { addedMigrations, findingsOf } from './support/migrations.js';

describe(rule.id, () => {
  it('fires on SET NOT NULL of an existing table (else missing)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240710090000_orders_public_id.sql']))).toEqual([
      'migrations/20240710090000_orders_public_id.sql:6 warning `SET NOT NULL` on `orders.customer_id` scans the whole table under an ACCESS EXCLUSIVE lock (no reads or writes meanwhile)',
    ]);
  });

  it('stays silent on NOT NULL columns with defaults, new tables and NOT VALID checks (else noisy)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240709090000_reviews.sql', 'sqlx/20240706100000_orders_constraints_not_valid.sql']))).toEqual([]);
    const fx = { files: { 'migrations/20240801000000_t.sql': { head: `CREATE TABLE t (id BIGINT PRIMARY KEY, n TEXT);
ALTER TABLE t ALTER COLUMN n SET NOT NULL;
` } } };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });
});
