import { alteredTable, lintChangedMigrations, splitStatements } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';
import { headColumnReference } from './support/column-uses.js';
import { reportSquawkFindings } from './support/squawk-findings.js';

export default defineRule({
  id: 'database/migration-rename',
  role: 'database',
  category: 'suspicious',
  docs: {
    summary: 'A migration renames a column or a table.',
    why: 'During a rolling deploy the previous app version keeps running against the migrated schema; every query it makes on the old name fails until the last old instance is gone.',
    bad: 'ALTER TABLE orders RENAME COLUMN total TO total_cents;\n',
    good: 'ALTER TABLE orders ADD COLUMN total_cents BIGINT;\n',
    path: 'migrations/20240801090000_orders_total_cents.sql',
    anchor: 'squawk renaming-column, renaming-table',
  },
  messages: {
    column: 'renaming `{{table}}.{{from}}` to `{{to}}` breaks every running instance that still queries `{{from}}`{{still}}',
    table: 'renaming table `{{from}}` to `{{to}}` breaks every running instance that still queries `{{from}}`',
  },
  help: 'Expand and contract: add the new column (or a view / new table), write both, switch readers, and drop the old name in a later release.',
  check: async (ctx) => {
    // Old column names the crate still uses (this change's head), to say so in the message.
    const used = new Map<string, string>();
    for (const file of (await lintChangedMigrations(ctx)).files) {
      for (const stmt of splitStatements(file.content)) {
        const m = /RENAME\s+(?:COLUMN\s+)?("(?:[^"]|"")+"|\w+)\s+TO\b/i.exec(stmt.code);
        const table = alteredTable(stmt.code);
        if (!m || !table || /RENAME\s+(CONSTRAINT|TO)\b/i.test(stmt.code)) continue;
        const column = m[1]!.replace(/"/g, '').toLowerCase();
        const ref = await headColumnReference(ctx, { table, column });
        if (ref) used.set(`${table}.${column}`, ` (the crate still does, at \`${ref.path}:${ref.line}\`)`);
      }
    }
    await reportSquawkFindings(ctx, {
      skipTablesCreatedHere: true,
      rules: { 'renaming-column': 'column', 'renaming-table': 'table' },
      describe: ({ statement, span }, messageId) => {
        const table = alteredTable(statement.code) ?? '?';
        const text = `${span} ${statement.code}`.replace(/\s+/g, ' ');
        if (messageId === 'column') {
          const m = /RENAME\s+(?:COLUMN\s+)?("(?:[^"]|"")+"|\w+)\s+TO\s+("(?:[^"]|"")+"|\w+)/i.exec(text);
          const from = m?.[1]?.replace(/"/g, '') ?? '?';
          return { table, from, to: m?.[2]?.replace(/"/g, '') ?? '?', still: used.get(`${table}.${from.toLowerCase()}`) ?? '' };
        }
        const m = /RENAME\s+TO\s+("(?:[^"]|"")+"|\w+)/i.exec(text);
        return { from: table, to: m?.[1]?.replace(/"/g, '') ?? '?' };
      },
    });
  },
});
