import { alteredTable, nameAfter } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';
import { reportSquawkFindings } from './support/squawk-findings.js';

export default defineRule({
  id: 'database/migration-not-null-without-default',
  role: 'database',
  category: 'correctness',
  docs: {
    summary: 'A migration adds a `NOT NULL` column without a `DEFAULT` to an existing table.',
    why: 'Postgres must fill the new column for every existing row; with no default it cannot, so the migration aborts on any non-empty table (and old app versions that insert without the column break).',
    bad: `ALTER TABLE organizations
    ADD COLUMN billing_email TEXT NOT NULL;
`,
    good: `ALTER TABLE organizations
    ADD COLUMN billing_email TEXT;
`,
    path: 'migrations/20240611120000_invoicing.sql',
    anchor: 'squawk adding-required-field',
  },
  messages: {
    required: '`{{table}}.{{column}}` is added `NOT NULL` with no `DEFAULT`: the migration fails on every table that already has rows',
  },
  help: 'Add the column nullable, backfill it, then `SET NOT NULL` (via a `CHECK (.. IS NOT NULL) NOT VALID` constraint on big tables); or give it a constant `DEFAULT`.',
  check: (ctx) =>
    reportSquawkFindings(ctx, {
      rules: { 'adding-required-field': 'required' },
      includeDown: true,
      describe: ({ statement, span }) => ({
        table: alteredTable(statement.code) ?? '?',
        column: nameAfter(span, String.raw`ADD(?:\s+COLUMN)?`) ?? '?',
      }),
    }),
});
