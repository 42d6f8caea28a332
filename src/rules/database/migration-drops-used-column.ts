import { dropSites, lintChangedMigrations } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';
import { headColumnReference } from './support/column-uses.js';

export default defineRule({
  id: 'database/migration-drops-used-column',
  role: 'database',
  category: 'correctness',
  docs: {
    summary: 'A migration drops a column that the crate\'s SQL (strings, `query!`, diesel `table!`) still names.',
    why: 'The migration runs before (or while) the new code rolls out; every query that still names the column fails with "column does not exist" from that moment on. Contract only after no released code uses it.',
    bad: `-- while src/repo/orders.rs still runs "SELECT legacy_note FROM orders WHERE id = $1":
ALTER TABLE orders DROP COLUMN legacy_note;
`,
    good: `-- after the release that stopped reading it:
ALTER TABLE orders DROP COLUMN legacy_note;
`,
    path: 'migrations/20240801090000_drop_legacy_note.sql',
    fixtures: {
      bad: {
        files: { 'migrations/20240801090000_drop_legacy_note.sql': { head: 'ALTER TABLE orders DROP COLUMN legacy_note;\n' } },
        unchanged: { 'src/repo/orders.rs': 'pub const NOTE: &str = "SELECT legacy_note FROM orders WHERE id = $1";\n' },
      },
      good: {
        files: {
          'migrations/20240801090000_drop_legacy_note.sql': { head: 'ALTER TABLE orders DROP COLUMN legacy_note;\n' },
          'src/repo/orders.rs': { base: 'pub const NOTE: &str = "SELECT legacy_note FROM orders WHERE id = $1";\n', head: 'pub const NOTE: &str = "SELECT note FROM order_notes WHERE order_id = $1";\n' },
        },
      },
    },
    anchor: 'squawk ban-drop-column, with a cross-reference into the Rust sources',
  },
  messages: {
    used: '`{{table}}.{{column}}` is dropped but still used by the crate at `{{where}}`: those queries fail once this migration runs',
  },
  help: 'Ship the code that stops using the column first, and drop it in a later release (expand / contract).',
  check: async (ctx) => {
    const lint = await lintChangedMigrations(ctx);
    for (const file of lint.files) {
      if (file.migration.direction === 'down') continue;
      for (const site of dropSites(file)) {
        if (file.status !== 'added' && !file.addedLines.has(site.line)) continue;
        const ref = await headColumnReference(ctx, site);
        if (ref) ctx.report({ path: file.migration.path, line: site.line, messageId: 'used', data: { table: site.table, column: site.column, where: `${ref.path}:${ref.line}` } });
      }
    }
  },
});
