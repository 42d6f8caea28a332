import { migrationPath, splitStatements } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';

export default defineRule({
  id: 'database/migration-missing-down',
  role: 'database',
  category: 'style',
  docs: {
    summary: 'A reversible migration (sqlx `.up.sql`, diesel `up.sql`) added without its down half, or with an empty one.',
    why: 'The repository reverts migrations with `sqlx migrate revert` / `diesel migration revert`; a migration without a working down file cannot be rolled back when the release has to be.',
    bad: `CREATE TABLE team_invites (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL
);
`,
    good: `-- with migrations/20240415093000_create_team_invites.down.sql:
DROP TABLE team_invites;
`,
    path: 'migrations/20240415093000_create_team_invites.up.sql',
    fixtures: {
      bad: {
        files: { 'migrations/20240415093000_create_team_invites.up.sql': { head: `CREATE TABLE team_invites (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL
);
` } },
        unchanged: { 'migrations/20240301100000_create_teams.up.sql': 'CREATE TABLE teams (id UUID PRIMARY KEY);\n', 'migrations/20240301100000_create_teams.down.sql': 'DROP TABLE teams;\n' },
      },
      good: {
        files: {
          'migrations/20240415093000_create_team_invites.up.sql': { head: `CREATE TABLE team_invites (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL
);
` },
          'migrations/20240415093000_create_team_invites.down.sql': { head: 'DROP TABLE team_invites;\n' },
        },
        unchanged: { 'migrations/20240301100000_create_teams.up.sql': 'CREATE TABLE teams (id UUID PRIMARY KEY);\n', 'migrations/20240301100000_create_teams.down.sql': 'DROP TABLE teams;\n' },
      },
    },
    anchor: 'sqlx-cli reversible migrations (`sqlx migrate add -r`); diesel migration revert',
  },
  messages: {
    missing: 'this migration has no `{{down}}`, so it cannot be reverted like the others',
    empty: '`{{down}}` does nothing, so reverting this migration leaves what `{{up}}` created in place',
  },
  help: 'Add the down migration that undoes it (e.g. `DROP TABLE ..` for a `CREATE TABLE`).',
  check: async (ctx) => {
    for (const f of ctx.files) {
      if (f.status !== 'added') continue;
      const m = migrationPath(f.path);
      if (!m?.counterpart || m.direction === 'forward') continue;
      const file = (p: string) => p.slice(p.lastIndexOf('/') + 1);
      const up = m.direction === 'up' ? m.path : m.counterpart;
      const down = m.direction === 'down' ? m.path : m.counterpart;
      if (m.direction === 'up') {
        if (!ctx.project.hasPath(down)) ctx.report({ path: f.path, line: 1, messageId: 'missing', data: { down: m.tool === 'diesel' ? down : file(down) } });
        continue;
      }
      // An added down file that is empty or comments only, paired with an up file that does something.
      const downSql = await ctx.readHead(down);
      const upSql = await ctx.readHead(up);
      if (downSql !== undefined && upSql !== undefined && !splitStatements(downSql).length && splitStatements(upSql).length)
        ctx.report({ path: f.path, line: 1, messageId: 'empty', data: { down: file(down), up: file(up) } });
    }
  },
});
