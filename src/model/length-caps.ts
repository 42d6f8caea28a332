/**
 * Collections whose length the code caps before walking them: `if ids.len() > 10 { return Err(..) }`
 * (or `bail!`, `ensure!(ids.len() <= 10, ..)`) earlier in the fn, or `.take(10)` on the iterator. A
 * loop over one does at most that many iterations, whatever the input: work per item is bounded by
 * the program's own limit, not by the data.
 */
import type { Node } from '../rust/parser.js';
import { methodChain, methodName, methodReceiver } from '../rust/syntax.js';
import { resolveBinding } from './bindings.js';
import { diverges } from './constant-values.js';
import { ITERATION_ADAPTERS } from '../catalogue/values.js';

/**
 * The largest cap that still makes a loop "a few items": a request that rejects more than this many
 * is choosing to do that many round trips, a handful; a cap in the hundreds or thousands is a page
 * size, and per-item work over a page is still the N+1 it is.
 */
export const SMALL_CAP = 20;

/** The `for` loop's iterable (or a per-item adapter's receiver) has at most SMALL_CAP items. */
export function loopLengthCapped(loop: Node): boolean {
  const iterable = loop.type === 'for_expression' ? loop.childForFieldName('value') : methodReceiver(loop);
  if (!iterable) return false;
  const { root, links } = methodChain(iterable);
  if (links.some((l) => l.name === 'take' && smallConstant(l.args?.namedChildren[0], loop))) return true;
  // Only views of the collection may stand between it and the loop (`&ids`, `ids.iter()`).
  if (links.some((l) => !ITERATION_ADAPTERS.has(l.name))) return false;
  let collection: Node | null = root;
  while (collection && (collection.type === 'reference_expression' || collection.type === 'parenthesized_expression')) collection = collection.namedChildren[collection.namedChildren.length - 1] ?? null;
  if (collection?.type !== 'identifier') return false;
  const decl = resolveBinding(collection);
  return !!decl && cappedBefore(collection, decl.node, loop);
}

/** A statement before the loop, in a block around it, that leaves the fn when the same binding's `len()` exceeds a small constant. */
function cappedBefore(collection: Node, declared: Node, loop: Node): boolean {
  for (let child: Node = loop, a = loop.parent; a; child = a, a = a.parent) {
    if (a.type === 'function_item') return false;
    if (a.type !== 'block') continue;
    for (const stmt of a.namedChildren) {
      if (stmt.startIndex >= child.startIndex) break;
      if (stmt.startIndex < declared.startIndex) continue;
      const e = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : stmt;
      if (e && capsLength(e, collection.text, declared, loop)) return true;
    }
  }
  return false;
}

/** `if xs.len() > N { <exits> }`, `if N < xs.len() { .. }`, `ensure!(xs.len() <= N, ..)`. */
function capsLength(e: Node, name: string, declared: Node, loop: Node): boolean {
  if (e.type === 'if_expression') {
    const condition = e.childForFieldName('condition');
    const body = e.childForFieldName('consequence');
    if (condition?.type !== 'binary_expression' || !body || !exits(body)) return false;
    return comparesLength(condition, name, declared, loop, ['>', '>='], ['<', '<=']);
  }
  if (e.type === 'macro_invocation' && /^(\w+::)*ensure$/.test(e.childForFieldName('macro')?.text ?? '')) {
    // `ensure!(xs.len() <= 10, "..")`: the first argument, in its token tree.
    const m = /^\s*\(\s*([\w.]+)\.len\(\)\s*(<=|<)\s*(\w+)\s*,/.exec(e.text.slice((e.childForFieldName('macro')?.text.length ?? 0) + 1));
    return !!m && m[1] === name && smallValue(m[3]!, m[2] === '<' ? 1 : 0, loop);
  }
  return false;
}

/** The body leaves: its last statement diverges (`return Err(..)`, `bail!(..)`, `Err(..)?`). */
function exits(body: Node): boolean {
  const last = body.namedChildren.filter((c) => !c.type.endsWith('comment')).pop();
  const value = last?.type === 'expression_statement' ? last.namedChildren[0] : last;
  return !!value && diverges(value);
}

/** `xs.len() OP N` with OP in `over`, or `N OP xs.len()` with OP in `under`. */
function comparesLength(condition: Node, name: string, declared: Node, loop: Node, over: string[], under: string[]): boolean {
  const left = condition.childForFieldName('left');
  const right = condition.childForFieldName('right');
  const op = condition.childForFieldName('operator')?.text ?? '';
  const isLen = (n: Node | null) => {
    if (n?.type !== 'call_expression' || methodName(n) !== 'len') return false;
    const r = methodReceiver(n);
    return r?.type === 'identifier' && r.text === name && resolveBinding(r)?.node.id === declared.id;
  };
  // `len > N` and `N < len` allow N items; `len >= N` and `N <= len` allow N - 1.
  if (isLen(left) && over.includes(op)) return smallConstant(right, loop);
  if (isLen(right) && under.includes(op)) return smallConstant(left, loop);
  return false;
}

function smallConstant(n: Node | null | undefined, loop: Node): boolean {
  return !!n && smallValue(n.text, 0, loop);
}

/** An integer literal, or a `const` of this file with one, no larger than SMALL_CAP (after `slack`). */
function smallValue(text: string, slack: number, loop: Node): boolean {
  const literal = /^(\d[\d_]*)(usize|u\d+|i\d+)?$/.exec(text.trim());
  if (literal) return Number(literal[1]!.replace(/_/g, '')) - slack <= SMALL_CAP;
  if (!/^[A-Z][A-Z0-9_]*$/.test(text.trim())) return false;
  for (const item of loop.tree.rootNode.descendantsOfType('const_item')) {
    if (item.childForFieldName('name')?.text !== text.trim()) continue;
    const value = item.childForFieldName('value');
    return value?.type === 'integer_literal' && smallValue(value.text, slack, loop);
  }
  return false;
}
