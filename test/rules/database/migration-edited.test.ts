import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-edited.js';
import { findingsOf, sqlFixture } from './support/migrations.js';

const reviews = sqlFixture('sqlx/20240709090000_reviews.sql');

describe(rule.id, () => {
  it('fires on a merged sqlx migration that changed, at its first changed line (else missing)', async () => {
    const head = reviews.replace("body        TEXT NOT NULL DEFAULT '',", "body        TEXT NOT NULL DEFAULT '',\n    title       TEXT,");
    const found = await findingsOf(rule, { files: { 'migrations/20240709090000_reviews.sql': { base: reviews, head } } });
    expect(found).toEqual([expect.stringMatching(/^migrations\/20240709090000_reviews\.sql:8 error `20240709090000_reviews\.sql` is already merged and applied: sqlx compares its checksum/)]);
  });

  it('reports a merged migration rewritten past 200,000 lines at its first changed line (no stack overflow)', async () => {
    const head = reviews + '-- padding\n'.repeat(200_000);
    const found = await findingsOf(rule, { files: { 'migrations/20240709090000_reviews.sql': { base: reviews, head } } });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^migrations\/20240709090000_reviews\.sql:\d+ error /);
  });

  it('fires on a deleted merged migration and on a diesel up.sql edit', async () => {
    const removed = await findingsOf(rule, { files: { 'migrations/20240709090000_reviews.sql': { base: reviews } } });
    expect(removed).toEqual([expect.stringContaining('deleting it makes sqlx refuse to start (`VersionMissing`)')]);
    const up = sqlFixture('diesel/2024-07-01-120000_create_coupons/up.sql');
    const diesel = await findingsOf(rule, { files: { 'migrations/2024-07-01-120000_create_coupons/up.sql': { base: up, head: up.replace('TIMESTAMPTZ', 'TIMESTAMPTZ NOT NULL') } } });
    expect(diesel).toEqual([expect.stringContaining('diesel will not run it again there')]);
  });

  it('stays silent on added migrations, edited down files, and Rust or docs changes (else noisy)', async () => {
    const fx = {
      files: {
        'migrations/20240710090000_new.sql': { head: 'ALTER TABLE reviews ADD COLUMN title TEXT;\n' },
        'migrations/20240301100000_create_teams.down.sql': { base: 'DROP TABLE teams;\n', head: 'DROP TABLE IF EXISTS teams;\n' },
        'src/db.rs': { base: 'fn a() {}\n', head: 'fn b() {}\n' },
        'migrations/README.md': { base: 'x\n', head: 'y\n' },
      },
    };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });
});
