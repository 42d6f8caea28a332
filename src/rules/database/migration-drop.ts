import { lintChangedMigrations } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';
import { dropSites } from './support/dropped-columns.js';
import { findColumnReference } from './support/column-references.js';
import { reportSquawkFindings } from './support/squawk-findings.js';
import { alteredTable, droppedColumns, nameAfter } from './support/sql-names.js';

/** A DROP COLUMN that `database/migration-drops-used-column` reports (as an error) is not repeated here. */
export default defineRule({
  id: 'database/migration-drop',
  role: 'database',
  category: 'suspicious',
  docs: {
    summary: 'A migration drops a column or a table.',
    why: 'The app version still running during the deploy (and any other service or report reading the database) may still use it; the data is gone for good once the migration commits.',
    bad: 'ALTER TABLE orders DROP COLUMN gift_message;\n',
    good: 'ALTER TABLE orders ALTER COLUMN gift_message DROP NOT NULL;\n',
    path: 'migrations/20240801090000_drop_gift_message.sql',
    anchor: 'squawk ban-drop-column, ban-drop-table, ban-drop-database',
  },
  messages: {
    column: 'dropping `{{table}}.{{column}}` breaks anything still reading it and deletes its data for good',
    table: 'dropping table `{{table}}` breaks anything still reading it and deletes its data for good',
    database: 'dropping database `{{table}}` from a migration',
  },
  help: 'Drop only after a release in which no code reads or writes it (expand / contract); keep a backup or export if the data may be needed.',
  check: async (ctx) => {
    const referenced = new Set<string>();
    for (const file of (await lintChangedMigrations(ctx)).files) {
      for (const site of dropSites(file)) if (await findColumnReference(ctx, site)) referenced.add(`${site.table}.${site.column}`);
    }
    await reportSquawkFindings(ctx, {
      skipTablesCreatedHere: true,
      rules: { 'ban-drop-column': 'column', 'ban-drop-table': 'table', 'ban-drop-database': 'database' },
      describe: ({ statement, span }, messageId) => {
        if (messageId === 'column') {
          const table = alteredTable(statement.code) ?? '?';
          const column = droppedColumns(`ALTER TABLE ${table} ${span}`)[0]?.column ?? '?';
          if (referenced.has(`${table}.${column}`)) return null;
          return { table, column };
        }
        const name = nameAfter(statement.code, messageId === 'table' ? String.raw`DROP\s+TABLE` : String.raw`DROP\s+DATABASE`);
        return { table: name ?? '?' };
      },
    });
  },
});
