import { alteredTable } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';
import { reportSquawkFindings } from './support/squawk-findings.js';

export default defineRule({
  id: 'database/migration-set-not-null',
  role: 'database',
  category: 'perf',
  docs: {
    summary: '`ALTER COLUMN .. SET NOT NULL` on an existing table without a validated `CHECK (.. IS NOT NULL)` first.',
    why: 'Postgres scans the whole table to prove there is no NULL while holding an ACCESS EXCLUSIVE lock: no reads or writes on the table until the scan ends.',
    bad: 'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\n',
    good: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_not_null CHECK (customer_id IS NOT NULL) NOT VALID;\n',
    path: 'migrations/20240801090000_orders_customer_not_null.sql',
    anchor: 'squawk adding-not-nullable-field',
  },
  messages: {
    scan: '`SET NOT NULL` on `{{table}}.{{column}}` scans the whole table under an ACCESS EXCLUSIVE lock (no reads or writes meanwhile)',
  },
  help: 'Add `CHECK ({{column}} IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT` it in a later migration, then `SET NOT NULL` (Postgres 12+ uses the valid constraint and skips the scan) and drop the check.',
  check: (ctx) =>
    reportSquawkFindings(ctx, {
      skipTablesCreatedHere: true,
      rules: { 'adding-not-nullable-field': 'scan' },
      describe: ({ statement, span }) => {
        const text = `${span} ${statement.code}`.replace(/\s+/g, ' ');
        const column = /ALTER\s+(?:COLUMN\s+)?("(?:[^"]|"")+"|\w+)\s+SET\s+NOT\s+NULL/i.exec(text)?.[1]?.replace(/"/g, '');
        return { table: alteredTable(statement.code) ?? '?', column: column ?? '?' };
      },
    }),
});
