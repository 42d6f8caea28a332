/**
 * Writes of only what a batch lookup found missing: the keys are read with one query before the loop
 * (`let known: HashSet<_> = query("SELECT slug .. WHERE slug = ANY($1)")..collect()`), and the loop
 * inserts only the items that set lacks (`for k in wanted.iter().filter(|k| !known.contains(*k))`,
 * or `if !known.contains(&k) { insert }` in its body). The reads are already batched; the writes are
 * the misses, which in the steady state are few or none: get-or-create, not one round trip per item.
 */
import type { Node } from '../rust/parser.js';
import type { ImportMap } from '../rust/imports.js';
import { methodChain, methodName, methodReceiver } from '../rust/syntax.js';
import { resolveBinding } from './bindings.js';
import { dbRun } from './queries.js';

/** `set.contains(k)` / `map.contains_key(k)`: a membership test, by the std collections' names. */
const MEMBERSHIP = new Set(['contains', 'contains_key']);

/**
 * `node` (a write) runs in `loop` (a `for`, or a per-item adapter call) only for items a set loaded
 * by a query before the loop lacks.
 */
export function writesOnlyMissing(node: Node, loop: Node, imports: ImportMap, root: Node): boolean {
  return missingSets(node, loop).some((set) => loadedByQuery(set, imports, root));
}

/** The identifiers of the sets whose absence guards `node`: a `filter` of the iterable, an enclosing `if`, or an earlier `if set.contains(..) { continue }`. */
function missingSets(node: Node, loop: Node): Node[] {
  const out: Node[] = [];
  const iterable = loop.type === 'for_expression' ? loop.childForFieldName('value') : methodReceiver(loop);
  if (iterable) {
    for (const link of methodChain(iterable).links) {
      if (link.name !== 'filter') continue;
      const closure = link.args?.namedChildren[0];
      const set = closure?.type === 'closure_expression' ? absenceTest(closure.childForFieldName('body')) : null;
      if (set) out.push(set);
    }
  }
  for (let a: Node | null = node.parent, child: Node = node; a && a.id !== loop.id; child = a, a = a.parent) {
    if (a.type === 'if_expression' && a.childForFieldName('consequence')?.id === child.id) {
      const set = absenceTest(a.childForFieldName('condition'));
      if (set) out.push(set);
    }
    // `if known.contains(&k) { continue; }` before the statement that holds the write.
    if (a.type === 'block') {
      for (const stmt of a.namedChildren) {
        if (stmt.startIndex >= child.startIndex) break;
        const ifExpr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : stmt;
        if (ifExpr?.type !== 'if_expression' || ifExpr.childForFieldName('alternative')) continue;
        const body = ifExpr.childForFieldName('consequence')?.namedChildren ?? [];
        const skips = body.length === 1 && /^continue\b/.test(body[0]!.text.trim());
        const set = skips ? presenceTest(ifExpr.childForFieldName('condition')) : null;
        if (set) out.push(set);
      }
    }
  }
  return out;
}

const unwrap = (n: Node | null | undefined): Node | null => {
  let e = n ?? null;
  while (e && (e.type === 'parenthesized_expression' || (e.type === 'block' && e.namedChildren.length === 1))) e = e.namedChildren[0] ?? null;
  if (e?.type === 'expression_statement') return unwrap(e.namedChildren[0]);
  return e;
};

/** `!set.contains(..)`: the set (an identifier). */
function absenceTest(condition: Node | null | undefined): Node | null {
  const c = unwrap(condition);
  if (c?.type !== 'unary_expression' || !c.text.trimStart().startsWith('!')) return null;
  return presenceTest(c.namedChildren[0]);
}

/** `set.contains(..)`: the set (an identifier). */
function presenceTest(condition: Node | null | undefined): Node | null {
  const c = unwrap(condition);
  if (c?.type !== 'call_expression' || !MEMBERSHIP.has(methodName(c) ?? '')) return null;
  const receiver = methodReceiver(c);
  return receiver?.type === 'identifier' ? receiver : null;
}

/** The set is a `let` whose value runs a query (`sqlx::query!(..).fetch(..).try_collect().await?`). */
function loadedByQuery(set: Node, imports: ImportMap, root: Node): boolean {
  const decl = resolveBinding(set);
  if (decl?.kind !== 'let' || !decl.value) return false;
  const value = decl.value;
  const calls = value.type === 'call_expression' ? [value, ...value.descendantsOfType('call_expression')] : value.descendantsOfType('call_expression');
  return calls.some((c) => !!dbRun(c, imports, root));
}
