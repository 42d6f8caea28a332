/** The `fn` items of a file (memoised per root: the async rules share them). */
import { NodeMemo, type Node } from '../../../rust/parser.js';
import { findDescendants } from '../../../rust/syntax.js';

/** The `fn` items of a file, in source order. */
export function functionItems(root: Node): Node[] {
  let fns = fileFunctions.get(root);
  if (!fns) fileFunctions.set(root, (fns = findDescendants(root, 'function_item')));
  return fns;
}
const fileFunctions = new NodeMemo<Node[]>();
