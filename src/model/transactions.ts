/**
 * Transactions opened in a function body (`let mut tx = pool.begin().await?` and friends) and their
 * lifetime: where they are committed or rolled back, whether they leave the fn by value, whether
 * anything may write through them. Facts about the code that the database rules judge (a writing
 * transaction dropped uncommitted, one held across outbound I/O). The uses of the binding are the
 * model's (bindings.ts: a shadowing `let` is another binding).
 */
import { isErrorConversion } from '../catalogue/errors.js';
import type { Node } from '../rust/parser.js';
import { descendants, letBindingName, methodName, methodReceiver, patternIdentifier } from '../rust/syntax.js';
import { usesOf, type Declaration } from './bindings.js';
import { chainCalls, chainRoot, SQLX_RUN_METHODS } from './queries.js';
import { ORM_STATEMENT_METHODS, ORM_WRITE_METHODS } from '../catalogue/database.js';

export interface OpenedTransaction {
  name: string;
  let: Node;
  /** The function body the transaction lives in. */
  body: Node;
  /** The `begin()` / `transaction()` call. */
  begin: Node;
}

/**
 * sqlx `pool.begin()` / `conn.begin()` / `begin_with(..)`, tokio-postgres `client.transaction()` /
 * `build_transaction()..start()`. Closure-style transactions (`conn.transaction(|c| ..)`) commit by
 * themselves and are not matched (they take an argument).
 */
export function openedTransaction(letDecl: Node): OpenedTransaction | null {
  const name = letBindingName(letDecl);
  const value = letDecl.childForFieldName('value');
  if (!name || !value) return null;
  const calls = chainCalls(value);
  // Skip error adapters after the begin: `.begin().await.map_err(ApiError::from)?`, `.context("..")?`.
  while (calls.length && passesResultOn(calls[calls.length - 1]!.name)) calls.pop();
  const last = calls[calls.length - 1];
  if (!last) return null;
  const args = last.call.childForFieldName('arguments')?.namedChildren.length ?? 0;
  const isBegin =
    (last.name === 'begin' && args === 0) ||
    last.name === 'begin_with' ||
    (last.name === 'transaction' && args === 0) ||
    (last.name === 'start' && calls.some((c) => c.name === 'build_transaction'));
  if (!isBegin) return null;
  // `begin()` on a pool / connection; not e.g. `parser.begin()`: sqlx and tokio-postgres both await it.
  if (!/\.await/.test(value.text) && !/^(transaction|build_transaction)$/.test(calls[0]!.name)) return null;
  let body: Node | null = letDecl.parent;
  while (body && body.type !== 'block') body = body.parent;
  const fnBody = (() => {
    for (let p: Node | null = letDecl.parent; p; p = p.parent) if (p.type === 'function_item' || p.type === 'closure_expression') return p.childForFieldName('body');
    return null;
  })();
  if (!fnBody) return null;
  return { name, let: letDecl, body: fnBody, begin: last.call };
}

/** The binding the transaction's `let` declares (a simple `let tx` / `let mut tx`). */
function bindingOf(tx: OpenedTransaction): Declaration | null {
  const pattern = tx.let.childForFieldName('pattern');
  const ident = patternIdentifier(pattern);
  if (ident?.type !== 'identifier' || !tx.let.parent) return null;
  return { kind: 'let', name: tx.name, node: tx.let, ident, type: tx.let.childForFieldName('type'), value: tx.let.childForFieldName('value'), scope: tx.let.parent, simple: true };
}

/** The uses of the transaction's binding in code (not in macro token trees), in source order. */
function usesOfTransaction(tx: OpenedTransaction): Node[] {
  const decl = bindingOf(tx);
  return decl ? usesOf(decl).filter((u) => !u.inMacro).map((u) => u.node) : [];
}

/** `tx.commit()` / `tx.rollback()` calls on the transaction. */
export function finalizers(tx: OpenedTransaction, which: 'commit' | 'rollback'): Node[] {
  const out: Node[] = [];
  for (const use of usesOfTransaction(tx)) {
    const call = use.parent?.type === 'field_expression' && use.parent.childForFieldName('value')?.id === use.id ? use.parent.parent : null;
    if (call?.type === 'call_expression' && methodName(call) === which && methodReceiver(call)?.id === use.id) out.push(call);
  }
  return out;
}

/**
 * The transaction leaves the function by value: returned, in the tail expression, passed by value to a
 * call, stored in a struct or a field. `&mut tx`, `&mut *tx`, `tx.as_mut()` lend it and do not count.
 */
export function escapes(tx: OpenedTransaction): boolean {
  for (const d of usesOfTransaction(tx)) {
    const p = d.parent;
    if (!p) continue;
    if (p.type === 'arguments' || p.type === 'return_expression' || p.type === 'shorthand_field_initializer' || p.type === 'field_initializer' || p.type === 'array_expression' || p.type === 'tuple_expression') return true;
    if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === d.id) return true;
    if (p.type === 'block' && p.namedChildren[p.namedChildren.length - 1]?.id === d.id) return true;
  }
  return false;
}

/** Whether anything in the body may write through the transaction: a write SQL literal, or lending it to a helper. */
export function mayWrite(tx: OpenedTransaction): boolean {
  for (const d of descendants(tx.body)) {
    if (d.startIndex <= tx.let.endIndex) continue;
    if ((d.type === 'string_literal' || d.type === 'raw_string_literal') && /\b(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|MERGE\s+INTO|TRUNCATE)\b/i.test(d.text)) return true;
    if (d.type === 'arguments' && d.namedChildren.some((a) => new RegExp(`^&mut\\s*\\**\\s*${tx.name}$|^${tx.name}\\.as_mut\\(\\)$|^&mut\\s*\\*\\*${tx.name}$`).test(a.text.replace(/\s+/g, ' ').trim()))) {
      const call = d.parent;
      const m = call ? methodName(call) : null;
      // Lending to a sqlx run method of a literal query is covered by the SQL literal check;
      // a helper fn, or a query whose SQL we cannot read, may write.
      if (!m || !SQLX_RUN_METHODS.has(m)) return true;
      const root = call ? chainRoot(call) : null;
      const literal = root?.type === 'macro_invocation' || (root?.type === 'call_expression' && /^(string_literal|raw_string_literal)$/.test(root.childForFieldName('arguments')?.namedChildren[0]?.type ?? ''));
      if (!literal) return true;
    }
    if (d.type === 'macro_invocation' && /\b(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b/i.test(d.text)) return true;
    // ORM writes run on a shared reference: sea-orm `Entity::update_many()..exec(&txn)`,
    // `model.insert(&txn)`, `txn.execute(stmt)`.
    if (d.type === 'call_expression' && ormWriteThrough(d, tx.name)) return true;
  }
  return false;
}

function ormWriteThrough(call: Node, tx: string): boolean {
  const name = methodName(call);
  if (!name) return false;
  if (methodReceiver(call)?.text === tx) return ORM_STATEMENT_METHODS.test(name);
  const lent = call.childForFieldName('arguments')?.namedChildren.some((a) => a.text.replace(/\s+/g, '') === `&${tx}`);
  return !!lent && chainCalls(call).some((c) => ORM_WRITE_METHODS.test(c.name));
}

/** A call after which the value is still the transaction call's result: an error conversion, `expect` / `unwrap`, `inspect_err`, `into`. */
function passesResultOn(method: string): boolean {
  return isErrorConversion(method) || method === 'expect' || method === 'unwrap' || method === 'inspect_err' || method === 'into';
}
