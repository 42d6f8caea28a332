import { alteredTable, nameAfter } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';
import { reportSquawkFindings, type SquawkHit } from './support/squawk-findings.js';

/** Which kind of constraint the flagged `ADD CONSTRAINT` adds. */
function constraintKind(hit: SquawkHit): 'check' | 'foreign-key' | 'unique' | 'validate-same-transaction' | null {
  if (/^ALTER\s+TABLE\b.*\bVALIDATE\s+CONSTRAINT\b/i.test(hit.statement.code)) return 'validate-same-transaction';
  const text = `${hit.span} ${hit.statement.code}`;
  if (/\bFOREIGN\s+KEY\b|\bREFERENCES\b/i.test(hit.span)) return 'foreign-key';
  if (/\bCHECK\s*\(/i.test(hit.span)) return 'check';
  if (/\bUNIQUE\b/i.test(hit.span)) return 'unique';
  if (/\bFOREIGN\s+KEY\b/i.test(text)) return 'foreign-key';
  if (/\bCHECK\s*\(/i.test(text)) return 'check';
  if (/\bUNIQUE\b/i.test(text)) return 'unique';
  return null;
}

export default defineRule({
  id: 'database/migration-constraint-not-valid',
  role: 'database',
  category: 'perf',
  docs: {
    summary: 'A `CHECK` or `FOREIGN KEY` constraint added to an existing table without `NOT VALID`, or a `UNIQUE` constraint not built from an existing index.',
    why: 'Validating a new constraint scans the whole table while holding a lock that blocks writes (a foreign key locks the referenced table too); a `UNIQUE` constraint builds its index under an ACCESS EXCLUSIVE lock.',
    bad: `ALTER TABLE orders
    ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
`,
    good: `ALTER TABLE orders
    ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
-- VALIDATE CONSTRAINT orders_customer_fk in the next migration
`,
    path: 'migrations/20240801090000_orders_customer_fk.sql',
    anchor: 'squawk constraint-missing-not-valid, disallowed-unique-constraint',
  },
  messages: {
    'foreign-key': 'foreign key `{{constraint}}` on `{{table}}` is validated while adding it: a full scan that blocks writes to `{{table}}` and the table it references',
    check: 'check constraint `{{constraint}}` on `{{table}}` is validated while adding it: a full scan that blocks writes to `{{table}}`',
    'validate-same-transaction': '`VALIDATE CONSTRAINT {{constraint}}` runs in the same transaction that added it, so the lock `ADD CONSTRAINT` took on `{{table}}` is held for the whole validating scan',
    unique: 'unique constraint `{{constraint}}` on `{{table}}` builds its index under an ACCESS EXCLUSIVE lock (no reads or writes meanwhile)',
  },
  help: 'Add it `NOT VALID`, then `VALIDATE CONSTRAINT` in a later migration (its own transaction: validating only takes a SHARE UPDATE EXCLUSIVE lock). For `UNIQUE`: `CREATE UNIQUE INDEX CONCURRENTLY`, then `ADD CONSTRAINT .. UNIQUE USING INDEX`.',
  check: (ctx) =>
    reportSquawkFindings(ctx, {
      skipTablesCreatedHere: true,
      rules: { 'constraint-missing-not-valid': 'check', 'disallowed-unique-constraint': 'unique' },
      // squawk also flags UNIQUE under constraint-missing-not-valid, where NOT VALID is no fix: sort by kind.
      pickMessage: (hit) => constraintKind(hit) ?? 'check',
      describe: (hit) => {
        if (!constraintKind(hit)) return null;
        const phrase = constraintKind(hit) === 'validate-same-transaction' ? String.raw`VALIDATE\s+CONSTRAINT` : String.raw`ADD\s+CONSTRAINT`;
        return { table: alteredTable(hit.statement.code) ?? '?', constraint: nameAfter(hit.span, phrase) ?? nameAfter(hit.statement.code, phrase) ?? '(unnamed)' };
      },
    }),
});
