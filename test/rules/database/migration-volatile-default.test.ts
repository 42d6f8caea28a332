import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-volatile-default.js';
import { addedMigrations, findingsOf } from './support/migrations.js';

describe(rule.id, () => {
  it('fires on a column added with gen_random_uuid() (else missing)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240710090000_orders_public_id.sql']))).toEqual([
      'migrations/20240710090000_orders_public_id.sql:2 warning `orders.public_id` is added with a default that must be computed per row: Postgres rewrites all of `orders` under an ACCESS EXCLUSIVE lock',
    ]);
  });

  it('stays silent on constant and now() defaults and on new tables (else noisy)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240709090000_reviews.sql', 'sqlx/20240611120000_invoicing.sql']))).toEqual([]);
    const fx = { files: { 'migrations/20240801000000_t.sql': { head: 'CREATE TABLE t (id UUID PRIMARY KEY DEFAULT gen_random_uuid());\n' } } };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });
});
