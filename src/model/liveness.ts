/**
 * Whether a local binding is still needed after a point of its body (part of the model: a rule asks
 * "is `x` used again after this clone?", "is a borrow of `x` still held here?", it does not re-derive
 * control flow):
 *
 * - a use in another arm of the same `if` / `match` as the point never runs after it;
 * - code after a `return` that holds the point never runs after it either;
 * - `let _ = x;` neither moves nor borrows `x` (a place bound to nothing), so it is not a use;
 * - a borrow of `x` kept in a `let` (`let r = &x;`, `let f = || x.len();`; not a `move` closure, which
 *   holds its own copy) is held until the end of that `let`'s block, and no longer once the block has
 *   ended; a `let` whose value is a block that borrows `x` only in its statements and does not hand
 *   the borrow out as its value (`let n = { let r = &x; check(r); 1 };`) keeps none.
 *
 * Loops are the caller's concern: a point inside a loop that the binding's scope encloses sees the
 * uses before it again on the next iteration (`repeatingContext` says whether there is one).
 */
import type { Node } from '../rust/parser.js';
import { ancestors } from '../rust/syntax.js';
import { inside, usesOf, type Declaration, type Use } from './bindings.js';
import { isContextBoundary } from './scopes.js';

/** `let _ = x;`: the place `x` bound to nothing, which neither moves nor borrows it. */
export function isDiscardedPlace(use: Node): boolean {
  const p = use.parent;
  return p?.type === 'let_declaration' && p.childForFieldName('value')?.id === use.id && p.childForFieldName('pattern')?.text === '_';
}

/** The child of `ancestor` on the path down to `node`. */
function childTowards(ancestor: Node, node: Node): Node | null {
  for (const c of ancestor.children) if (inside(node, c)) return c;
  return null;
}

/** `a` and `b` lie in different arms of one `if` / `match`: no single run reaches both. */
export function inExclusiveBranches(a: Node, b: Node): boolean {
  for (const anc of ancestors(a)) {
    if (!inside(b, anc)) continue;
    // `anc` is the closest node holding both.
    const ca = childTowards(anc, a);
    const cb = childTowards(anc, b);
    if (!ca || !cb || ca.id === cb.id) return false;
    if (anc.type === 'match_block') return ca.type === 'match_arm' && cb.type === 'match_arm';
    if (anc.type === 'if_expression') {
      const branch = (c: Node) => c.id === anc.childForFieldName('consequence')?.id || c.id === anc.childForFieldName('alternative')?.id;
      return branch(ca) && branch(cb);
    }
    return false;
  }
  return false;
}

/** The `return` expression that holds `point` within its own body (not a closure's), if any. */
function enclosingReturn(point: Node): Node | null {
  for (const a of ancestors(point)) {
    if (isContextBoundary(a)) return null;
    if (a.type === 'return_expression') return a;
  }
  return null;
}

/**
 * May `use` run after `point` in the same run of the body? Not when it lies before the point, in
 * another branch of an `if` / `match` holding both, or after a `return` that holds the point.
 */
export function mayRunAfter(use: Node, point: Node): boolean {
  if (use.startIndex < point.endIndex) return false;
  if (inExclusiveBranches(use, point)) return false;
  const ret = enclosingReturn(point);
  return !ret || inside(use, ret);
}

/** Uses of the binding that may run after `point` (`let _ = x;` is not a use). */
export function usesAfter(decl: Declaration, point: Node): Use[] {
  return usesOf(decl).filter((u) => !inside(u.node, point) && mayRunAfter(u.node, point) && !isDiscardedPlace(u.node));
}

/**
 * The `let` statements that keep a borrow of the use alive: walking up from the use to its
 * statement, through a `&` / `&mut` of it or a closure capturing it, every `let` passed on the way
 * (`let u = { let r = Some(&s); r };` holds `s` in both `r` and `u`).
 */
function lettingBorrow(use: Node, within: Node): Node[] {
  const lets: Node[] = [];
  let borrowed = false;
  let child = use;
  for (const a of ancestors(use)) {
    if (a.id === within.id) break;
    if (a.type === 'reference_expression' && a.childForFieldName('value')?.id === child.id) borrowed = true;
    // A closure borrows what it captures, unless it is `move`: that one holds its own copy (or the value itself).
    if (a.type === 'closure_expression') borrowed = !a.children.some((c) => c.type === 'move');
    if (a.type === 'let_declaration' && borrowed && a.childForFieldName('value') && inside(use, a.childForFieldName('value')!)) lets.push(a);
    // A borrow in a statement of a block ends with the block unless the block's value hands it out
    // (`{ let r = Some(&x); r }`): `{ let t = &x.a; format!("{t}") }` is a new `String`. The `let`s
    // that keep it inside the block are already listed.
    if (a.type === 'block' && borrowed && !isBlockValue(a, child) && !valueNamesLet(a, lets)) borrowed = false;
    child = a;
  }
  return lets;
}

/** The value a block ends with mentions a binding of one of `lets` (a `let` statement of that block). */
function valueNamesLet(block: Node, lets: readonly Node[]): boolean {
  const value = block.lastNamedChild;
  if (!value || !isBlockValue(block, value)) return false;
  const names = new Set(lets.filter((l) => l.parent?.id === block.id).flatMap((l) => {
    const p = l.childForFieldName('pattern');
    return p ? [...(p.type === 'identifier' ? [p] : p.descendantsOfType('identifier'))].map((i) => i.text) : [];
  }));
  if (!names.size) return false;
  const ids = value.type === 'identifier' ? [value] : value.descendantsOfType('identifier');
  return ids.some((i) => names.has(i.text));
}

/** `child` is the value a block ends with (no `;` after it). */
function isBlockValue(block: Node, child: Node): boolean {
  const last = block.lastNamedChild;
  if (last?.id !== child.id || child.type === 'let_declaration') return false;
  return child.type !== 'expression_statement' || !child.text.trimEnd().endsWith(';');
}

/**
 * A borrow of the binding taken before `point` and kept in a `let` whose block still runs at
 * `point` (`let r = &x; .. point ..`). A borrow kept in a block that has ended is released.
 */
export function borrowHeldAt(decl: Declaration, point: Node): Use | null {
  for (const u of usesOf(decl)) {
    if (u.node.startIndex >= point.startIndex || u.inMacro) continue;
    for (const letStmt of lettingBorrow(u.node, decl.scope)) {
      const block = letStmt.parent;
      if (block && inside(point, block) && letStmt.endIndex <= point.startIndex) return u;
    }
  }
  return null;
}
