import type { Node } from '../../rust/parser.js';
import { descendants, fnName, lineOf } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { escapes, finalizers, mayWrite, openedTransaction, type OpenedTransaction } from '../../model/transactions.js';

/** The value the function ends with: its tail expression, or a final `return ..;`. */
function successExit(body: Node): Node | null {
  const last = body.namedChildren.filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment').pop();
  if (!last) return null;
  if (last.type === 'expression_statement') {
    const inner = last.namedChildren[0];
    return inner?.type === 'return_expression' ? inner : null;
  }
  return last.type.endsWith('_expression') || last.type === 'identifier' ? last : null;
}

/** A success exit: anything but `Err(..)`, `bail!`, a panic. */
const isOkExit = (n: Node) => !/^(return\s+)?(Err\s*\(|bail!|anyhow::bail!|panic!|unreachable!|todo!|unimplemented!|Self::Error|\w+Error::)/.test(n.text.trim());

const WRITE_SQL = /\b(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b/i;
/** `if n == 0 { return Ok(false) }`: nothing was written, so the rollback loses nothing. */
const NOTHING_HAPPENED = /==\s*0\b|\bis_none\(\)|\bis_empty\(\)|\bNone\b|<\s*1\b/;

/**
 * `return Ok(..)` between the `let tx` and the first commit, not inside a closure, after a write
 * and not under a "nothing was changed" condition.
 */
function earlyOkReturns(tx: OpenedTransaction, commit: Node): Node[] {
  const out: Node[] = [];
  for (const d of descendants(tx.body, (n) => n.type === 'closure_expression' || n.type === 'function_item' || n.type === 'async_block')) {
    if (d.type !== 'return_expression' || d.startIndex <= tx.let.endIndex || d.startIndex >= commit.startIndex || !isOkExit(d)) continue;
    const before = tx.body.text.slice(tx.let.endIndex - tx.body.startIndex, d.startIndex - tx.body.startIndex);
    if (!WRITE_SQL.test(before)) continue;
    let guarded = false;
    for (let p = d.parent; p && p.id !== tx.body.id; p = p.parent) {
      const cond = p.type === 'if_expression' ? p.childForFieldName('condition') : p.type === 'match_arm' ? p.childForFieldName('pattern') : null;
      if (cond && NOTHING_HAPPENED.test(cond.text)) guarded = true;
    }
    if (!guarded) out.push(d);
  }
  return out;
}

export default defineRule({
  id: 'database/tx-not-committed',
  role: 'database',
  category: 'correctness',
  // openedTransaction: `.begin()` / `.begin_with(..)` / `.transaction()` / `.build_transaction()..start()`.
  requires: /begin|transaction/,
  docs: {
    summary: 'A transaction that writes is begun and the function returns success without committing it.',
    why: 'Dropping a sqlx or tokio-postgres transaction rolls it back: the writes silently vanish while the caller is told they succeeded.',
    bad: `pub async fn rename(pool: &PgPool, id: Uuid, name: &str) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE teams SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
`,
    good: `pub async fn rename(pool: &PgPool, id: Uuid, name: &str) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE teams SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
`,
    anchor: 'sqlx::Transaction docs ("rollback is called on drop if the transaction is still in-progress"); tokio_postgres::Transaction',
  },
  messages: {
    never: '`{{fn}}` returns `{{exit}}` without `{{tx}}.commit()`: `{{tx}}` (begun on line {{line}}) is dropped here and its writes are rolled back',
    early: 'this `{{exit}}` leaves `{{fn}}` before `{{tx}}.commit()`: `{{tx}}` is dropped and rolled back on this path',
  },
  help: 'Call `{{tx}}.commit().await?` before returning success (or return the transaction to a caller that commits it).',
  create(ctx) {
    return {
      let_declaration(node) {
        const tx = openedTransaction(node);
        if (!tx || ctx.isTest(node) || ctx.model.onlyInTests(node)) return;
        if (escapes(tx) || finalizers(tx, 'rollback').length) return;
        const fn = tx.body.parent?.type === 'function_item' ? fnName(tx.body.parent) : 'this closure';
        const short = (n: Node) => {
          const t = n.text.replace(/\s+/g, ' ');
          return t.length > 40 ? `${t.slice(0, 37)}...` : t;
        };
        const commits = finalizers(tx, 'commit');
        if (!commits.length) {
          if (!mayWrite(tx)) return; // a read-only snapshot transaction: dropping it is the same as committing
          const exit = successExit(tx.body);
          if (!exit || !isOkExit(exit)) return;
          ctx.report({ node: exit, messageId: 'never', data: { fn, exit: short(exit), tx: tx.name, line: lineOf(node) }, also: [node] });
          return;
        }
        for (const early of earlyOkReturns(tx, commits[0]!)) {
          ctx.report({ node: early, messageId: 'early', data: { fn, exit: short(early), tx: tx.name }, also: [node] });
        }
      },
    };
  },
});
