/**
 * Iteration as the model sees it: which closures run once per item of an iterator chain (a loop in
 * all but syntax), for every rule that asks "does this run per item?".
 */
import type { Node } from '../rust/parser.js';
import { isConcurrentStreamMethod } from '../catalogue/executor.js';
import { methodChain, methodName } from '../rust/syntax.js';

// These two lists moved here unchanged from rules/ownership/support/loops.ts (name-list debt moved with them).
/** Iterator adaptors that call their closure once per item. */
const PER_ITEM = new Set(['map', 'for_each', 'filter', 'filter_map', 'flat_map', 'fold', 'try_fold', 'try_for_each', 'any', 'all', 'find', 'find_map', 'inspect', 'scan', 'take_while', 'skip_while', 'map_while', 'partition', 'position', 'max_by_key', 'min_by_key', 'sort_by_key', 'sort_by', 'retain', 'for_each_concurrent', 'then']);
/** Methods that start an iterator; `opt.map(..)` on an Option runs once, `v.iter().map(..)` per item. */
const ITER_SOURCES = /^(iter|into_iter|iter_mut|keys|values|values_mut|drain|chars|bytes|lines|split\w*|chunks\w*|windows|enumerate|zip|par_iter|into_par_iter|rev|skip|take|step_by|stream|into_stream)$/;

/** Is this closure called once per item of an iterator (not once, like `Option::map` or `spawn`)? */
export function isPerItemClosure(closure: Node): boolean {
  if (closure.type !== 'closure_expression' || closure.parent?.type !== 'arguments') return false;
  const call = closure.parent.parent;
  if (call?.type !== 'call_expression') return false;
  const method = methodName(call);
  if (!method || !PER_ITEM.has(method)) return false;
  if (method === 'retain' || method === 'sort_by' || method === 'sort_by_key') return true;
  const { root, links } = methodChain(call);
  return links.some((l) => ITER_SOURCES.test(l.name) || isConcurrentStreamMethod(l.name)) || root.type === 'range_expression' || root.parent?.type === 'parenthesized_expression';
}
