import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-not-null-without-default.js';
import { addedMigrations, findingsOf, sqlFixture } from './support/migrations.js';

describe(rule.id, () => {
  it('fires on ADD COLUMN .. NOT NULL without a default, naming table and column (else missing)', async () => {
    const found = await findingsOf(rule, addedMigrations(['sqlx/20240611120000_invoicing.sql']));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^migrations\/20240611120000_invoicing\.sql:16 error `organizations\.billing_email` is added `NOT NULL`/);
  });

  it('stays silent on NOT NULL columns of a new table, NOT NULL with DEFAULT, and nullable columns (else noisy)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240709090000_reviews.sql', 'reversible/20240301100000_create_teams.up.sql']))).toEqual([]);
  });

  it('only reports statements the change added to an existing file', async () => {
    const head = sqlFixture('sqlx/20240611120000_invoicing.sql');
    const base = head.replace('ADD COLUMN billing_email TEXT NOT NULL', 'ADD COLUMN billing_email TEXT');
    const fx = { files: { 'migrations/20240611120000_invoicing.sql': { base, head, addedLines: [19] } } };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });
});
