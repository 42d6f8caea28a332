import { indexTarget, lintChangedMigrations, nameAfter, noTransactionAdvice, sendsFileAsOneQuery, splitStatements } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';

/** Statements Postgres refuses inside a transaction block when written with CONCURRENTLY. */
const CONCURRENT_OP = /^(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY|ALTER\s+TABLE\b.*\bDETACH\s+PARTITION\b.*\bCONCURRENTLY)\b/i;
const BEGIN = /^(BEGIN|START\s+TRANSACTION)\b/i;
const END = /^(COMMIT|END|ROLLBACK|ABORT)\b/i;

function describeOp(code: string): string {
  if (/^CREATE/i.test(code)) {
    const t = indexTarget(code);
    return `\`CREATE INDEX CONCURRENTLY\`${t ? ` on \`${t.table}\`` : ''}`;
  }
  if (/^DROP/i.test(code)) return `\`DROP INDEX CONCURRENTLY ${nameAfter(code, String.raw`DROP\s+INDEX`) ?? ''}\``.replace(' `', '`');
  if (/^REINDEX/i.test(code)) return '`REINDEX CONCURRENTLY`';
  return '`DETACH PARTITION CONCURRENTLY`';
}

/**
 * Own check rather than squawk's `ban-concurrent-index-creation-in-transaction`: squawk lets a
 * one-statement file through (it assumes such files run on their own), but sqlx and diesel wrap even a
 * single statement in their transaction, and squawk does not look at DROP INDEX / REINDEX.
 */
export default defineRule({
  id: 'database/migration-concurrently-in-transaction',
  role: 'database',
  category: 'correctness',
  docs: {
    summary: 'A `CONCURRENTLY` index operation in a migration that runs inside a transaction: the tool\'s, the file\'s own `BEGIN` block, or the implicit one Postgres opens for a no-transaction sqlx or diesel migration of several statements.',
    why: 'Postgres refuses `CREATE INDEX CONCURRENTLY` (and `DROP INDEX` / `REINDEX` `CONCURRENTLY`) inside a transaction block, and sqlx and diesel wrap each migration in one unless told otherwise, so the deploy fails at the migration step. Opting out is not enough for a file of several statements: sqlx and diesel send the whole file as one query, and Postgres runs the statements of one query string in an implicit transaction.',
    bad: 'CREATE INDEX CONCURRENTLY idx_orders_customer ON orders (customer_id);\n',
    good: `-- no-transaction
CREATE INDEX CONCURRENTLY idx_orders_customer ON orders (customer_id);
`,
    path: 'migrations/20240702081500_orders_customer_idx.sql',
    anchor: 'squawk ban-concurrent-index-creation-in-transaction; sqlx `-- no-transaction`; diesel `run_in_transaction`',
  },
  messages: {
    wrapped: '{{op}} will fail: {{tool}} runs this migration in a transaction and Postgres refuses `CONCURRENTLY` inside one',
    explicit: '{{op}} will fail: it sits inside this file\'s own `BEGIN` .. `COMMIT` block',
    implicit: '{{op}} will fail: {{tool}} sends this no-transaction migration\'s {{count}} statements to Postgres as one query, which runs them in an implicit transaction, and Postgres refuses `CONCURRENTLY` inside one',
  },
  check: async (ctx) => {
    const lint = await lintChangedMigrations(ctx);
    for (const file of lint.files) {
      const statements = splitStatements(file.content);
      const oneQuery = !file.inTransaction && statements.length > 1 && sendsFileAsOneQuery(file.migration);
      let open: 'tool' | 'explicit' | 'implicit' | null = file.inTransaction ? 'tool' : oneQuery ? 'implicit' : null;
      for (const stmt of statements) {
        if (BEGIN.test(stmt.code)) open = open === 'tool' ? 'tool' : 'explicit';
        else if (END.test(stmt.code)) open = oneQuery ? 'implicit' : null;
        else if (open && CONCURRENT_OP.test(stmt.code)) {
          if (file.status !== 'added' && ![...Array(stmt.endLine - stmt.line + 1).keys()].some((i) => file.addedLines.has(stmt.line + i))) continue;
          let line = stmt.line;
          for (let l = stmt.line; l <= stmt.endLine; l++) if (/\bCONCURRENTLY\b/i.test(file.lines[l - 1] ?? '')) { line = l; break; }
          const help =
            open === 'explicit'
              ? 'Remove the `BEGIN` / `COMMIT` around it: `CONCURRENTLY` must run as a statement of its own, outside any transaction.'
              : `${open === 'tool' ? 'Keep it' : 'Move each statement'} in a migration of its own and ${noTransactionAdvice(file.migration)}.`;
          ctx.report({ path: file.migration.path, line, messageId: open === 'tool' ? 'wrapped' : open, data: { op: describeOp(stmt.code), tool: file.migration.tool, count: statements.length }, help, snippet: stmt.code });
        }
      }
    }
  },
});
