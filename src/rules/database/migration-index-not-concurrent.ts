import { indexTarget, nameAfter } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';
import { reportSquawkFindings } from './support/squawk-findings.js';

export default defineRule({
  id: 'database/migration-index-not-concurrent',
  role: 'database',
  category: 'perf',
  docs: {
    summary: '`CREATE INDEX` / `DROP INDEX` on an existing table without `CONCURRENTLY`.',
    why: 'A plain `CREATE INDEX` holds a SHARE lock for the whole build, blocking every write to the table; a plain `DROP INDEX` takes an ACCESS EXCLUSIVE lock. On a large table that is minutes of failed requests during the deploy.',
    bad: `CREATE INDEX idx_orders_customer_created
    ON orders (customer_id, created_at DESC);
`,
    good: `-- no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_customer_created
    ON orders (customer_id, created_at DESC);
`,
    path: 'migrations/20240702081500_orders_customer_created_idx.sql',
    anchor: 'squawk require-concurrent-index-creation, require-concurrent-index-deletion',
  },
  messages: {
    create: '`CREATE INDEX{{index}}` on `{{table}}` without `CONCURRENTLY` blocks every write to `{{table}}` while the index builds',
    drop: '`DROP INDEX {{index}}` without `CONCURRENTLY` takes an ACCESS EXCLUSIVE lock that blocks reads and writes on its table',
  },
  help: 'Use `CREATE INDEX CONCURRENTLY` (or `DROP INDEX CONCURRENTLY`) in its own migration that does not run in a transaction (sqlx: first line `-- no-transaction`; diesel: `run_in_transaction = false` in metadata.toml).',
  check: (ctx) =>
    reportSquawkFindings(ctx, {
      rules: { 'require-concurrent-index-creation': 'create', 'require-concurrent-index-deletion': 'drop' },
      describe: ({ statement }, messageId) => {
        if (messageId === 'drop') return { index: nameAfter(statement.code, String.raw`DROP\s+INDEX`) ?? '?' };
        const target = indexTarget(statement.code);
        return { index: target?.index ? ` ${target.index}` : '', table: target?.table ?? 'the table' };
      },
      // `CONCURRENTLY` after `CREATE [UNIQUE] INDEX` / `DROP INDEX` on the violation's line. Inside a
      // transaction it would fail, so there the migration must also move out of it (by hand).
      suggest: ({ file, violation }) => {
        const line = file.lines[violation.line - 1] ?? '';
        const text = line.replace(/\b((?:CREATE\s+(?:UNIQUE\s+)?|DROP\s+)INDEX)\b(?!\s+CONCURRENTLY)/i, (m) => `${m} CONCURRENTLY`);
        return text === line ? undefined : { text, needsEdit: file.inTransaction };
      },
    }),
});
