/**
 * Drop scopes and await points of a body, by Rust's rules, in syntax (part of the model: rules ask
 * "is this value alive at this `.await`", they do not each re-derive drop rules):
 *
 * - the temporary scope of an expression (Rust Reference, "Temporary scopes"): a temporary lives to
 *   the end of its statement, except in a `match` / `if let` / `while let` scrutinee, where it lives
 *   through the arms or the body;
 * - when a `let` binding is released: `drop(x)` / `mem::drop(x)`, a move into a call whose result is
 *   not kept, the end of its block; a release on one branch only does not count, and shadowing
 *   (`let x = ..` again) does not drop the first `x`, so a `drop(x)` after it releases the new one;
 * - await points: `.await`, and macros that poll futures (`select!`, `join!`) or await inside.
 */
import { isAwaitingMacro } from '../catalogue/executor.js';
import { macroName, macroTokenTree, tokenTreeHasAwait } from '../rust/macros.js';
import type { Node } from '../rust/parser.js';
import { calleeText, descendants } from '../rust/syntax.js';

/** Nodes whose bodies run in another context than the code around them (a closure, an async block, a nested fn or item). */
export const isContextBoundary = (n: Node): boolean =>
  n.type === 'function_item' || n.type === 'closure_expression' || n.type === 'async_block' || n.type === 'mod_item' || n.type === 'impl_item' || n.type === 'trait_item';

const STATEMENTS = new Set(['expression_statement', 'let_declaration']);
const LOOP_OR_IF = new Set(['if_expression', 'while_expression', 'loop_expression', 'for_expression', 'else_clause']);

function isField(parent: Node, child: Node, field: string): boolean {
  return parent.childForFieldName(field)?.id === child.id;
}

/**
 * The node a temporary created inside `expr` lives until the end of: the enclosing statement, a
 * non-`let` `if`/`while` condition, a match arm body, the right side of `&&`/`||`, a loop or `if`
 * body, or the whole body. A `match` / `if let` / `while let` scrutinee is not a temporary scope,
 * so a guard made there lives through the arms or the body.
 */
export function temporaryScope(expr: Node): Node {
  let child = expr;
  for (let parent = expr.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'block') {
      if (STATEMENTS.has(child.type)) return child;
      // A block's tail expression: its temporaries outlive the block (before edition 2024).
      if (parent.parent && LOOP_OR_IF.has(parent.parent.type)) return parent;
      continue;
    }
    if (isContextBoundary(parent)) return child;
    if ((parent.type === 'if_expression' || parent.type === 'while_expression') && isField(parent, child, 'condition')) {
      if (child.type !== 'let_condition' && child.type !== 'let_chain') return child;
      continue;
    }
    if (parent.type === 'match_arm' && isField(parent, child, 'value')) return child;
    if (parent.type === 'match_pattern' && isField(parent, child, 'condition')) return child;
    if (parent.type === 'binary_expression' && isField(parent, child, 'right') && /^(&&|\|\|)$/.test(parent.childForFieldName('operator')?.text ?? '')) return child;
    if (parent.type === 'let_declaration') return parent;
  }
  return child;
}

/** `drop(x)` / `std::mem::drop(x)` / `mem::drop(x)` with `x` as the only argument. */
function isDropOf(call: Node, name: string): boolean {
  if (!/^((std|core)::)?(mem::)?drop$/.test(calleeText(call).replace(/\s+/g, ''))) return false;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.length === 1 && args[0]!.type === 'identifier' && args[0]!.text === name;
}

/**
 * The identifier is moved away for good: passed by value to a call whose result is not kept
 * (`MutexGuard::unlock_fair(guard);`). `Some(guard)` or `let h = wrap(guard)` keeps it alive.
 */
function isMoveOf(ident: Node, name: string): boolean {
  if (ident.type !== 'identifier' || ident.text !== name || ident.parent?.type !== 'arguments') return false;
  let top = ident.parent.parent;
  if (top?.type !== 'call_expression') return false;
  if (/(^|::)([A-Z]\w*|new)$/.test(calleeText(top))) return false;
  while (top.parent && (top.parent.type === 'await_expression' || top.parent.type === 'try_expression')) top = top.parent;
  return top.parent?.type === 'expression_statement';
}

/**
 * Whether `node` runs every time its `block` runs: only plain statements and bare `{ }` blocks lie
 * between them, no `if`, `match`, loop or closure.
 */
function runsUnconditionally(node: Node, block: Node): boolean {
  for (let p = node.parent; p && p.id !== block.id; p = p.parent) {
    if (/^(expression_statement|call_expression|arguments|await_expression|try_expression|let_declaration)$/.test(p.type)) continue;
    if (p.type === 'block' && (p.parent?.type === 'expression_statement' || p.parent?.type === 'block')) continue;
    return false;
  }
  return true;
}

/** A `let` of the block (a statement of it, not nested) after `decl` that binds `name` again. */
function shadowingLet(decl: Node, block: Node, name: string): Node | null {
  for (const stmt of block.namedChildren) {
    if (stmt.startIndex < decl.endIndex || stmt.type !== 'let_declaration') continue;
    const pattern = stmt.childForFieldName('pattern');
    if (!pattern) continue;
    const binds = pattern.type === 'identifier' ? pattern.text === name : pattern.descendantsOfType('identifier').some((i) => i.text === name);
    if (binds) return stmt;
  }
  return null;
}

/**
 * The byte offset at which the binding `name`, declared by the `let` statement `decl`, is certainly
 * released (dropped with `drop(name)` or moved into a call) in the rest of its block; Infinity when
 * it lives until the end of the block. A release inside an `if` / `match` branch does not count:
 * on the other path the value is still alive. After a `let` that shadows the name, `name` is another
 * value: the first one lives on to the end of the block.
 */
export function releaseOffset(decl: Node, name: string): number {
  const block = decl.parent;
  if (!block) return Infinity;
  // The shadowing `let`'s own value may still release the first binding (`let g = consume(g);`).
  const shadow = shadowingLet(decl, block, name);
  const until = shadow ? (shadow.childForFieldName('value')?.endIndex ?? shadow.startIndex) : block.endIndex;
  for (const d of descendants(block, isContextBoundary)) {
    if (d.startIndex < decl.endIndex) continue;
    if (d.startIndex >= until) break;
    const released = (d.type === 'call_expression' && isDropOf(d, name)) || isMoveOf(d, name);
    if (released && runsUnconditionally(d, block)) return d.endIndex;
  }
  return Infinity;
}

export function isAwaitPoint(node: Node): boolean {
  if (node.type === 'await_expression') return true;
  if (node.type !== 'macro_invocation') return false;
  if (isAwaitingMacro(macroName(node))) return true;
  const tt = macroTokenTree(node);
  return !!tt && tokenTreeHasAwait(tt);
}

/**
 * Await points inside `region` that start at or after byte `from`, in source order. Code in nested
 * fns, closures and async blocks is not awaited by this body, so it is skipped.
 */
export function awaitPointsIn(region: Node, from = 0): Node[] {
  const out: Node[] = [];
  const consider = (n: Node) => {
    if (n.startIndex >= from && isAwaitPoint(n)) out.push(n);
  };
  consider(region);
  for (const d of descendants(region, (n) => isContextBoundary(n) || n.type === 'macro_invocation')) {
    if (isContextBoundary(d)) continue;
    consider(d);
  }
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

/** The first await point of the region after `from`, or null. */
export function firstAwaitAfter(region: Node, from: number): Node | null {
  return awaitPointsIn(region, from)[0] ?? null;
}

/**
 * The first await point at which the value `name` bound by the `let` statement `decl` is still
 * alive: after the `let`, inside its block, before the value is released. Null when it is released
 * (or its block ends) before any await.
 */
export function firstAwaitWhileBound(decl: Node, name: string): Node | null {
  const block = decl.parent;
  if (!block) return null;
  const release = releaseOffset(decl, name);
  return awaitPointsIn(block, decl.endIndex).find((p) => p.startIndex < release) ?? null;
}

/**
 * The first await point in `region` (an `if let` body, a `match` arm) at which the value `name`, bound
 * by the pattern that enters it, is still alive: before a `drop(name)` or a move of it that runs
 * whenever the region runs. Null when it is released (or the region ends) before any await.
 */
export function firstAwaitWhileBoundIn(region: Node, name: string): Node | null {
  let release = Infinity;
  for (const d of descendants(region, isContextBoundary)) {
    const released = (d.type === 'call_expression' && isDropOf(d, name)) || isMoveOf(d, name);
    if (released && runsUnconditionally(d, region)) {
      release = d.endIndex;
      break;
    }
  }
  return awaitPointsIn(region, region.startIndex).find((p) => p.startIndex < release) ?? null;
}

/** The first await point at which the temporary `expr` (a value not bound by a `let`) is still alive, or null. */
export function firstAwaitWhileTemporary(expr: Node, from = expr.endIndex): Node | null {
  return firstAwaitAfter(temporaryScope(expr), from);
}
