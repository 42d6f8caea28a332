import { beforeAll, describe, expect, it } from 'vitest';
import { escapes, finalizers, mayWrite, openedTransaction, type OpenedTransaction } from '../../src/model/transactions.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

/** The transaction the first `let` of `code` that opens one opens. */
function txIn(code: string): OpenedTransaction | null {
  for (const l of parseRust(code).rootNode.descendantsOfType('let_declaration')) {
    const tx = openedTransaction(l);
    if (tx) return tx;
  }
  return null;
}

const lines = (nodes: { startPosition: { row: number } }[]) => nodes.map((n) => n.startPosition.row + 1);

describe('a transaction opened in a fn body', () => {
  it('sqlx begin (through error adapters), tokio-postgres transaction / build_transaction..start; not a parser\'s begin()', () => {
    expect(txIn('async fn f(pool: &PgPool) {\n    let mut tx = pool.begin().await.map_err(Error::from)?;\n}\n')?.name).toBe('tx');
    expect(txIn('async fn f(c: &mut Client) {\n    let t = c.build_transaction().isolation_level(I::Serializable).start().await?;\n}\n')?.name).toBe('t');
    expect(txIn('fn f(p: &mut Parser) {\n    let b = p.begin();\n}\n')).toBeNull();
    expect(txIn('fn f(conn: &mut PgConnection) {\n    let r = conn.transaction(|c| run(c));\n}\n')).toBeNull();
  });
  it('its commits and rollbacks: the binding\'s own, not a shadowing one\'s', () => {
    const code = 'async fn f(pool: &PgPool) -> Result<()> {\n    let mut tx = pool.begin().await?;\n    if bad {\n        tx.rollback().await?;\n    }\n    tx.commit().await?;\n    let tx = other();\n    tx.commit();\n    Ok(())\n}\n';
    const tx = txIn(code)!;
    expect(lines(finalizers(tx, 'commit'))).toEqual([6]);
    expect(lines(finalizers(tx, 'rollback'))).toEqual([4]);
  });
  it('leaves the fn by value (returned, passed, stored), not when lent', () => {
    const lent = 'async fn f(pool: &PgPool) -> Result<()> {\n    let mut tx = pool.begin().await?;\n    save(&mut tx).await?;\n    save(&mut *tx).await?;\n    Ok(())\n}\n';
    expect(escapes(txIn(lent)!)).toBe(false);
    for (const tail of ['    Ok(tx)\n', '    finish(tx).await\n', '    Ok(Unit { tx })\n', '    tx\n']) {
      expect(escapes(txIn(`async fn f(pool: &PgPool) -> Result<Unit> {\n    let mut tx = pool.begin().await?;\n${tail}}\n`)!), tail).toBe(true);
    }
  });
  it('may write: a write SQL literal, or lent to a helper; a literal SELECT does not', () => {
    const read = 'async fn f(pool: &PgPool) -> Result<()> {\n    let mut tx = pool.begin().await?;\n    sqlx::query("SELECT 1").execute(&mut *tx).await?;\n    Ok(())\n}\n';
    expect(mayWrite(txIn(read)!)).toBe(false);
    expect(mayWrite(txIn(read.replace('SELECT 1', 'UPDATE t SET a = 1'))!)).toBe(true);
    expect(mayWrite(txIn(read.replace('sqlx::query("SELECT 1").execute(&mut *tx).await?;', 'helper(&mut tx).await?;'))!)).toBe(true);
  });
});
