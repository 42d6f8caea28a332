import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-missing-down.js';
import { findingsOf, sqlFixture } from './support/migrations.js';

const teamsUp = sqlFixture('reversible/20240301100000_create_teams.up.sql');
const teamsDown = sqlFixture('reversible/20240301100000_create_teams.down.sql');
const invitesUp = sqlFixture('reversible/20240415093000_create_team_invites.up.sql');

describe(rule.id, () => {
  it('fires on an added .up.sql with no .down.sql (else missing)', async () => {
    const fx = {
      files: { 'migrations/20240415093000_create_team_invites.up.sql': { head: invitesUp } },
      unchanged: { 'migrations/20240301100000_create_teams.up.sql': teamsUp, 'migrations/20240301100000_create_teams.down.sql': teamsDown },
    };
    expect(await findingsOf(rule, fx)).toEqual([
      'migrations/20240415093000_create_team_invites.up.sql:1 info this migration has no `20240415093000_create_team_invites.down.sql`, so it cannot be reverted like the others',
    ]);
  });

  it('fires on a diesel up.sql without down.sql, and on a comment-only down file', async () => {
    const diesel = { files: { 'migrations/2024-07-01-120000_create_coupons/up.sql': { head: sqlFixture('diesel/2024-07-01-120000_create_coupons/up.sql') } } };
    expect(await findingsOf(rule, diesel)).toEqual([expect.stringContaining('migrations/2024-07-01-120000_create_coupons/up.sql:1 info this migration has no `migrations/2024-07-01-120000_create_coupons/down.sql`')]);
    const empty = {
      files: {
        'migrations/20240415093000_create_team_invites.up.sql': { head: invitesUp },
        'migrations/20240415093000_create_team_invites.down.sql': { head: sqlFixture('reversible/20240415093000_create_team_invites.down.sql') },
      },
    };
    expect(await findingsOf(rule, empty)).toEqual([expect.stringContaining('.down.sql:1 info `20240415093000_create_team_invites.down.sql` does nothing')]);
  });

  it('stays silent on complete pairs, forward-only sqlx files, and pairs whose up was already merged (else noisy)', async () => {
    const pair = { files: { 'migrations/20240301100000_create_teams.up.sql': { head: teamsUp }, 'migrations/20240301100000_create_teams.down.sql': { head: teamsDown } } };
    expect(await findingsOf(rule, pair)).toEqual([]);
    const forward = { files: { 'migrations/20240709090000_reviews.sql': { head: sqlFixture('sqlx/20240709090000_reviews.sql') } } };
    expect(await findingsOf(rule, forward)).toEqual([]);
    const modified = { files: { 'migrations/20240301100000_create_teams.up.sql': { base: teamsUp, head: `${teamsUp}\n` } } };
    expect(await findingsOf(rule, modified)).toEqual([]);
  });
});
