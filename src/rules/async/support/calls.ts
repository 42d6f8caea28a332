/** Call helpers shared by the async rules: resolved paths, chains, and short labels for messages. */
import type { ImportMap } from '../../../rust/imports.js';
import type { Node } from '../../../rust/parser.js';
import { calleeText, methodChain, methodName } from '../../../rust/syntax.js';
import { macroName } from '../../../rust/macros.js';

/**
 * The full path of a free-function call (`fs::read` -> `std::fs::read`, `StdMutex::new` ->
 * `std::sync::Mutex::new`), or null for method calls and closures held in variables.
 */
export function resolvedCallee(call: Node, imports: ImportMap): string | null {
  if (methodName(call) !== null) return null;
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  const path = fn.type === 'generic_function' ? fn.childForFieldName('function') : fn;
  if (!path || (path.type !== 'identifier' && path.type !== 'scoped_identifier')) return null;
  return imports.resolveAt(calleeText(call), call);
}

/** `f(..).await`, `f(..)?.await`, `(f(..)).await`: the call's value is a future that is awaited. */
export function awaitedCall(call: Node): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'await_expression') return true;
    if (p.type !== 'try_expression' && p.type !== 'parenthesized_expression') return false;
  }
  return false;
}

/** Whether `written` resolves to one of `paths`, directly or through a glob import. */
export function resolvesTo(written: string, imports: ImportMap, paths: readonly string[]): string | null {
  for (const p of paths) if (imports.mayName(written, p)) return p;
  return null;
}

/** The root call of a method chain (`Command::new("x")` in `Command::new("x").arg(..).output()`). */
export function chainRootCall(expr: Node): Node | null {
  const { root } = methodChain(expr);
  return root.type === 'call_expression' ? root : null;
}

/** The link names of the chain that `call` is the outermost method of. */
export function chainMethods(expr: Node): string[] {
  return methodChain(expr).links.map((l) => l.name);
}

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

/** The line of the `.await` keyword itself, or the macro's line. */
export function awaitLine(point: Node): number {
  return awaitKeyword(point).startPosition.row + 1;
}
