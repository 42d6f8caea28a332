import { alteredTable, nameAfter } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';
import { reportSquawkFindings } from './support/squawk-findings.js';

export default defineRule({
  id: 'database/migration-volatile-default',
  role: 'database',
  category: 'perf',
  docs: {
    summary: 'A column added to an existing table with a volatile `DEFAULT` (`gen_random_uuid()`, `random()`, `clock_timestamp()`) or as a stored generated column.',
    why: 'A constant default is stored once in the catalog (Postgres 11+), but a volatile one must be computed per row: Postgres rewrites the whole table under an ACCESS EXCLUSIVE lock.',
    bad: 'ALTER TABLE orders ADD COLUMN public_id UUID NOT NULL DEFAULT gen_random_uuid();\n',
    good: `ALTER TABLE orders ADD COLUMN public_id UUID;
ALTER TABLE orders ALTER COLUMN public_id SET DEFAULT gen_random_uuid();
`,
    path: 'migrations/20240801090000_orders_public_id.sql',
    anchor: 'squawk adding-field-with-default',
  },
  messages: {
    rewrite: '`{{table}}.{{column}}` is added with a default that must be computed per row: Postgres rewrites all of `{{table}}` under an ACCESS EXCLUSIVE lock',
  },
  help: 'Add the column without the default (or nullable), set the default afterwards for new rows, and backfill existing rows in batches.',
  check: (ctx) =>
    reportSquawkFindings(ctx, {
      skipTablesCreatedHere: true,
      rules: { 'adding-field-with-default': 'rewrite' },
      describe: ({ statement, span }) => ({
        table: alteredTable(statement.code) ?? '?',
        column: nameAfter(span, String.raw`ADD(?:\s+COLUMN)?`) ?? nameAfter(statement.code, String.raw`ADD(?:\s+COLUMN)?`) ?? '?',
      }),
    }),
});
