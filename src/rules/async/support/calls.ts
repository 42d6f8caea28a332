/**
 * How the async rules name calls and await points in messages. What a call resolves to is the
 * model's (src/model/callee.ts).
 */
import type { Node } from '../../../rust/parser.js';
import { calleeText, methodName } from '../../../rust/syntax.js';
import { macroName } from '../../../rust/macros.js';

/** Short label of a call for messages: `fetch_rate(..)`, `orders::insert(..)`, `Handle::current().block_on(..)`. */
export function callLabel(call: Node): string {
  const method = methodName(call);
  if (method !== null) return `${method}(..)`;
  const text = calleeText(call).replace(/\s+/g, '');
  return `${text}(..)`;
}

/** Label of what an await point waits on: `fetch_rate(..).await`, `tokio::select!`. */
export function awaitLabel(point: Node): string {
  if (point.type === 'macro_invocation') return `${macroName(point)}!`;
  let inner = point.namedChildren[0] ?? null;
  while (inner && (inner.type === 'try_expression' || inner.type === 'parenthesized_expression')) inner = inner.namedChildren[0] ?? null;
  if (inner?.type === 'call_expression') return `${callLabel(inner)}.await`;
  if (inner && inner.text.length <= 40 && !inner.text.includes('\n')) return `${inner.text}.await`;
  return '.await';
}

/** Compact source text for a message (single line, bounded). */
export function snippet(node: Node, max = 60): string {
  const text = node.text.replace(/\s*\n\s*/g, '').replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** The `await` keyword itself (a long chain starts lines earlier), or the macro. */
export function awaitKeyword(point: Node): Node {
  return (point.type === 'await_expression' ? point.child(point.childCount - 1) : null) ?? point;
}

/**
 * The name of the call whose future an `.await` waits on (`save` of `self.store\n.save(&g)\n.await`),
 * or null: in a long chain it is on another line than the keyword, and a change may touch only it.
 */
export function awaitedCallName(point: Node): Node | null {
  if (point.type !== 'await_expression') return null;
  let inner = point.namedChildren[0] ?? null;
  while (inner && (inner.type === 'try_expression' || inner.type === 'parenthesized_expression')) inner = inner.namedChildren[0] ?? null;
  if (inner?.type !== 'call_expression') return null;
  const fn = inner.childForFieldName('function');
  return (fn?.type === 'field_expression' ? fn.childForFieldName('field') : fn) ?? null;
}

/** The line of the `.await` keyword itself, or the macro's line. */
export function awaitLine(point: Node): number {
  return awaitKeyword(point).startPosition.row + 1;
}
