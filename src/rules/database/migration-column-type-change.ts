import { alteredTable } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';
import { reportSquawkFindings } from './support/squawk-findings.js';

export default defineRule({
  id: 'database/migration-column-type-change',
  role: 'database',
  category: 'suspicious',
  docs: {
    summary: '`ALTER COLUMN .. TYPE` on an existing table.',
    why: 'Most type changes rewrite the whole table under an ACCESS EXCLUSIVE lock (no reads, no writes until it is done), and the app version still running during the deploy reads and writes the old type.',
    bad: 'ALTER TABLE orders ALTER COLUMN total_cents TYPE BIGINT;\n',
    good: 'ALTER TABLE orders ADD COLUMN total_cents_v2 BIGINT;\n',
    path: 'migrations/20240801090000_orders_total_bigint.sql',
    anchor: 'squawk changing-column-type',
  },
  messages: {
    changed: 'changing the type of `{{table}}.{{column}}` to `{{type}}` rewrites `{{table}}` under an ACCESS EXCLUSIVE lock and can break the running app version',
  },
  help: 'Expand and contract: add a new column, backfill it in batches, switch the code over, then drop the old one (a `varchar(n)` widening or `varchar` -> `text` is the exception that needs no rewrite).',
  check: (ctx) =>
    reportSquawkFindings(ctx, {
      skipTablesCreatedHere: true,
      rules: { 'changing-column-type': 'changed' },
      describe: ({ statement, span }) => {
        const m = /ALTER\s+(?:COLUMN\s+)?("(?:[^"]|"")+"|\w+)\s+(?:SET\s+DATA\s+)?TYPE\s+([^,;]+?)(?:\s+USING\b.*)?$/i.exec(span.replace(/\s+/g, ' ').trim()) ??
          /ALTER\s+(?:COLUMN\s+)?("(?:[^"]|"")+"|\w+)\s+(?:SET\s+DATA\s+)?TYPE\s+([^,;]+?)(?:\s+USING\b[^,]*)?(?:,|$)/i.exec(statement.code);
        return { table: alteredTable(statement.code) ?? '?', column: m?.[1]?.replace(/"/g, '') ?? '?', type: m?.[2]?.trim() ?? '?' };
      },
    }),
});
