/**
 * How long a value lives, by Rust's drop rules, in syntax: the temporary scope of an expression
 * (Rust Reference "Temporary scopes"), and whether a `let` binding is dropped or moved before a
 * given point (reference P5).
 */
import type { Node } from '../../../rust/parser.js';
import { calleeText, descendants } from '../../../rust/syntax.js';
import { isContextBoundary } from './context.js';

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

/**
 * The byte offset at which the binding `name`, declared by the `let` statement `decl`, is certainly
 * released (dropped with `drop(name)` or moved into a call) in the rest of its block; Infinity when
 * it lives until the end of the block. A release inside an `if` / `match` branch does not count:
 * on the other path the value is still alive.
 */
export function releaseOffset(decl: Node, name: string): number {
  const block = decl.parent;
  if (!block) return Infinity;
  for (const d of descendants(block, isContextBoundary)) {
    if (d.startIndex < decl.endIndex) continue;
    const released = (d.type === 'call_expression' && isDropOf(d, name)) || isMoveOf(d, name);
    if (released && runsUnconditionally(d, block)) return d.endIndex;
  }
  return Infinity;
}
