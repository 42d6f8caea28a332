/** Await points of one async body: `.await` expressions, and macros that await (`select!`, `join!`). */
import type { Node } from '../../../rust/parser.js';
import { descendants } from '../../../rust/syntax.js';
import { macroName, macroTokenTree, tokenTreeHasAwait } from '../../../rust/macros.js';
import { isContextBoundary } from './context.js';

/** `select!` / `join!` poll (and so await) their futures without writing `.await`. */
const AWAITING_MACROS = /(^|::)(select|select_biased|join|try_join|join_all)$/;

export function isAwaitPoint(node: Node): boolean {
  if (node.type === 'await_expression') return true;
  if (node.type !== 'macro_invocation') return false;
  if (AWAITING_MACROS.test(macroName(node))) return true;
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
