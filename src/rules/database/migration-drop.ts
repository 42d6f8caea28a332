import { alteredTable, droppedColumns, dropSites, lintChangedMigrations, nameAfter } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';
import { headColumnReference, removedColumnReference } from './support/column-uses.js';
import type { ColumnReference } from '../../model/column-references.js';
import { reportSquawkFindings } from './support/squawk-findings.js';

/** A DROP COLUMN that `database/migration-drops-used-column` reports (as an error) is not repeated here. */
export default defineRule({
  id: 'database/migration-drop',
  role: 'database',
  category: 'suspicious',
  docs: {
    summary: 'A migration drops a table, or a column in the same change that stops reading it (a column nothing reads any more is only noted; statements in a `-- safety-assured` block are the team\'s accepted risk).',
    why: 'The app version still running during the deploy (and any other service or report reading the database) may still use it; the data is gone for good once the migration commits.',
    bad: `-- in the same change that removes "SELECT gift_message FROM orders .." from src/repo/orders.rs:
ALTER TABLE orders DROP COLUMN gift_message;
`,
    good: 'ALTER TABLE orders ALTER COLUMN gift_message DROP NOT NULL;\n',
    path: 'migrations/20240801090000_drop_gift_message.sql',
    fixtures: {
      bad: {
        files: {
          'migrations/20240801090000_drop_gift_message.sql': { head: 'ALTER TABLE orders DROP COLUMN gift_message;\n' },
          'src/repo/orders.rs': { base: 'pub const GIFT: &str = "SELECT gift_message FROM orders WHERE id = $1";\n', head: 'pub const GIFT: &str = "SELECT message FROM gift_cards WHERE order_id = $1";\n' },
        },
      },
      good: { files: { 'migrations/20240801090000_drop_gift_message.sql': { head: 'ALTER TABLE orders ALTER COLUMN gift_message DROP NOT NULL;\n' } } },
    },
    anchor: 'squawk ban-drop-column, ban-drop-table, ban-drop-database',
  },
  messages: {
    column: 'dropping `{{table}}.{{column}}` breaks anything still reading it and deletes its data for good',
    columnReadUntilNow: 'dropping `{{table}}.{{column}}` in the change that stops reading it ({{at}} read it before): while the deploy rolls out, the version still running reads the column and fails; drop it in a later release',
    // Nothing in the repository reads it, before or after the change: the contract step of expand /
    // contract, done as it should be. Said once (data loss is for good), not as a warning.
    columnUnread: { text: 'dropping `{{table}}.{{column}}` deletes its data for good (nothing in this repository reads it)', category: 'style' },
    table: 'dropping table `{{table}}` breaks anything still reading it and deletes its data for good',
    database: 'dropping database `{{table}}` from a migration',
  },
  help: 'Drop only after a release in which no code reads or writes it (expand / contract); keep a backup or export if the data may be needed.',
  check: async (ctx) => {
    const referenced = new Set<string>();
    /** Columns this change stops reading: where the base read them. */
    const readUntilNow = new Map<string, ColumnReference>();
    for (const file of (await lintChangedMigrations(ctx)).files) {
      for (const site of dropSites(file)) {
        const key = `${site.table}.${site.column}`;
        if (await headColumnReference(ctx, site)) referenced.add(key);
        else {
          const before = await removedColumnReference(ctx, site);
          if (before) readUntilNow.set(key, before);
        }
      }
    }
    const columnOf = (code: string, span: string) => {
      const table = alteredTable(code) ?? '?';
      return { table, column: droppedColumns(`ALTER TABLE ${table} ${span}`)[0]?.column ?? '?' };
    };
    await reportSquawkFindings(ctx, {
      skipTablesCreatedHere: true,
      rules: { 'ban-drop-column': 'column', 'ban-drop-table': 'table', 'ban-drop-database': 'database' },
      pickMessage: ({ statement, span }, messageId) => {
        if (messageId !== 'column') return messageId;
        const { table, column } = columnOf(statement.code, span);
        // Columns whose names the SQL does not give plainly keep the general message.
        if (table === '?' || column === '?') return messageId;
        return readUntilNow.has(`${table}.${column}`) ? 'columnReadUntilNow' : 'columnUnread';
      },
      // One statement dropping several columns the change stopped reading is one decision: one comment.
      rootCause: ({ file, statement }, messageId) => (messageId === 'columnReadUntilNow' ? `${file.migration.path}:${statement.line}` : undefined),
      describe: ({ statement, span }, messageId) => {
        if (messageId.startsWith('column')) {
          const { table, column } = columnOf(statement.code, span);
          if (referenced.has(`${table}.${column}`)) return null;
          const before = readUntilNow.get(`${table}.${column}`);
          return { table, column, at: before ? `${before.path}:${before.line}` : undefined };
        }
        const name = nameAfter(statement.code, messageId === 'table' ? String.raw`DROP\s+TABLE` : String.raw`DROP\s+DATABASE`);
        return { table: name ?? '?' };
      },
    });
  },
});
