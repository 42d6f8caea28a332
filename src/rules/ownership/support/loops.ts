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
  for (const a of ancestors(node)) {
    if (outer && (a.id === outer.id || inside(outer, a))) return null;
    if (a.type === 'for_expression') {
      const body = a.childForFieldName('body');
      if (body && inside(node, body)) return a;
    }
    if (a.type === 'while_expression' || a.type === 'loop_expression') return a;
    if (isPerItemClosure(a)) return a;
    if (a.type === 'function_item') return null;
  }
  return null;
}
