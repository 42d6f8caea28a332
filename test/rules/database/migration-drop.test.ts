import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-drop.js';
import { addedMigrations, findingsOf } from './support/migrations.js';
import { runChangeRule } from '../../helpers/rule-tester.js';

describe(rule.id, () => {
  it('fires on dropped tables, and only notes columns nothing in the repository reads (else missing / noisy)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240708090000_drop_legacy.sql']))).toEqual([
      'migrations/20240708090000_drop_legacy.sql:2 info dropping `orders.legacy_note` deletes its data for good (nothing in this repository reads it)',
      'migrations/20240708090000_drop_legacy.sql:5 info dropping `orders.gift_message` deletes its data for good (nothing in this repository reads it)',
      'migrations/20240708090000_drop_legacy.sql:7 warning dropping table `order_exports` breaks anything still reading it and deletes its data for good',
    ]);
  });

  it('warns when the same change stops reading the column it drops (rolling deploy), on the DROP line', async () => {
    const reader = (column: string) => `pub async fn badge(pool: &PgPool, id: i64) -> sqlx::Result<Option<String>> {\n    sqlx::query_scalar("SELECT ${column} FROM members WHERE id = $1").bind(id).fetch_one(pool).await\n}\n`;
    const fx = {
      files: {
        'migrations/20240901000000_drop_badge.sql': { head: `ALTER TABLE members
    DROP COLUMN badge_colour;
` },
        'src/store/members.rs': { base: reader('badge_colour'), head: reader('nickname') },
      },
    };
    expect(await findingsOf(rule, fx)).toEqual([
      'migrations/20240901000000_drop_badge.sql:2 warning dropping `members.badge_colour` in the change that stops reading it (src/store/members.rs:2 read it before): while the deploy rolls out, the version still running reads the column and fails; drop it in a later release',
    ]);
  });

  it('one statement dropping two columns the change stopped reading is one root cause (one comment)', async () => {
    const reader = (columns: string) => `pub const BADGE: &str = "SELECT ${columns} FROM members WHERE id = $1";\n`;
    const fx = {
      files: {
        'migrations/20240901000000_drop_badge.sql': { head: `ALTER TABLE members
    DROP COLUMN badge_colour,
    DROP COLUMN badge_icon;
` },
        'src/store/members.rs': { base: reader('badge_colour, badge_icon'), head: reader('nickname') },
      },
    };
    const out = await runChangeRule(rule, fx);
    expect(out.findings.map((f) => `${f.line} ${f.severity}`)).toEqual(['2 warning', '3 warning']);
    expect(new Set(out.findings.map((f) => f.rootCause)).size).toBe(1);
  });

  it('stays silent inside a `-- safety-assured` block, and fires after it ends (else noisy / missing)', async () => {
    const sql = [
      '-- safety-assured:start',
      '-- nothing has read these since the spring release',
      'DROP TABLE audit_scratch;',
      'ALTER TABLE members DROP COLUMN badge_colour;',
      '-- safety-assured:end',
      'DROP TABLE promo_scratch;',
      '',
    ].join('\n');
    expect(await findingsOf(rule, { files: { 'migrations/20240901000000_cleanup.sql': { head: sql } } })).toEqual([
      'migrations/20240901000000_cleanup.sql:6 warning dropping table `promo_scratch` breaks anything still reading it and deletes its data for good',
    ]);
  });

  it('leaves a column still used by the crate to database/migration-drops-used-column', async () => {
    const fx = addedMigrations(['sqlx/20240708090000_drop_legacy.sql'], {
      'src/repo/orders.rs': `pub async fn note(pool: &PgPool, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT legacy_note FROM orders WHERE id = $1").bind(id).fetch_one(pool).await
}
`,
    });
    const found = await findingsOf(rule, fx);
    expect(found).toHaveLength(2);
    expect(found.join('\n')).not.toContain('legacy_note');
  });

  it('stays silent on down migrations, dropped defaults / NOT NULL / constraints (else noisy)', async () => {
    expect(await findingsOf(rule, addedMigrations(['reversible/20240301100000_create_teams.down.sql', 'diesel/2024-07-01-120000_create_coupons/down.sql']))).toEqual([]);
    const fx = { files: { 'migrations/20240801000000_x.sql': { head: `ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;
ALTER TABLE orders DROP CONSTRAINT orders_note_check;
` } } };
    expect(await findingsOf(rule, fx)).toEqual([]);
  });
});
