/** Code that runs once per item: loop bodies and closures handed to iterator adaptors. */
import type { Node } from '../../../rust/parser.js';
import { ancestors } from '../../../rust/syntax.js';
import { inside } from '../../../model/bindings.js';
import { isPerItemClosure } from '../../../model/iteration.js';

export { isPerItemClosure };

/**
 * The innermost loop body or per-item closure that encloses `node` but not `outer` (the scope a
 * value was declared in): code there runs once per iteration while the value stays the same.
 */
export function repeatingContext(node: Node, outer: Node | null): Node | null {
  // Code inside `return ..` runs once, as the fn leaves every loop; inside `break ..` once for the
  // innermost loop. A closure or async block is where a `return` inside it stops.
  let leaves: 'fn' | 'loop' | null = null;
  for (const a of ancestors(node)) {
    if (outer && (a.id === outer.id || inside(outer, a))) return null;
    if (a.type === 'return_expression') leaves ??= 'fn';
    if (a.type === 'break_expression') leaves ??= 'loop';
    if (a.type === 'closure_expression' || a.type === 'async_block') leaves = null;
    const loopBody = a.type === 'for_expression' ? a.childForFieldName('body') : a.type === 'while_expression' || a.type === 'loop_expression' ? a : null;
    if (loopBody && inside(node, loopBody)) {
      if (leaves === 'fn') return null;
      if (leaves === 'loop') {
        leaves = null;
        continue;
      }
      return a;
    }
    if (isPerItemClosure(a)) return a;
    if (a.type === 'function_item') return null;
  }
  return null;
}
