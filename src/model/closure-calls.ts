/**
 * How many times a closure's body runs for one evaluation of the closure expression. A closure handed
 * to a parameter bounded by `FnOnce` (a crate fn's `F: FnOnce(..)` / `impl FnOnce(..)` /
 * `Box<dyn FnOnce(..)>`, an offloading API of the catalogue, `unwrap_or_else`) runs at most once, so
 * what it captures by `move` may be moved out of it, as in straight-line code. An async block is one
 * future: its body runs at most once too.
 */
import { callsClosureOnce } from '../catalogue/values.js';
import type { Node } from '../rust/parser.js';
import { methodName } from '../rust/syntax.js';
import { catalogueOffloads } from './facts.js';
import { modelOfTree } from './index.js';
import { parametersOfArgument, type ParameterSlot } from './types.js';
import { ImportMap } from '../rust/imports.js';
import { NodeMemo } from '../rust/parser.js';

/** The argument a closure is, itself or as the value of a block argument (`spawn({ let a = a.clone(); move || .. })`). */
function argumentOf(closure: Node): Node | null {
  let cur = closure;
  for (let p = cur.parent; p; cur = p, p = p.parent) {
    if (p.type === 'arguments') return p.parent?.type === 'call_expression' ? cur : null;
    if (p.type === 'parenthesized_expression') continue;
    if (p.type === 'block' && p.namedChildren.filter((c) => !c.type.endsWith('comment')).pop()?.id === cur.id) continue;
    return null;
  }
  return null;
}

/** A parameter typed or bounded by `FnOnce(..)` and no other closure trait. */
function takesFnOnce(slot: ParameterSlot): boolean {
  const promised = `${slot.type} ${slot.bounds ?? ''}`;
  return /\bFnOnce\s*\(/.test(promised) && !/\bFn(Mut)?\s*\(/.test(promised);
}

const importMaps = new NodeMemo<ImportMap>();

/** Whether `scope` (a closure or an async block) runs its body at most once each time it is evaluated. */
export function runsAtMostOnce(scope: Node): boolean {
  if (scope.type === 'async_block') return true;
  if (scope.type !== 'closure_expression') return false;
  const arg = argumentOf(scope);
  const call = arg?.parent?.parent;
  if (!arg || !call) return false;
  const method = methodName(call);
  if (method !== null && callsClosureOnce(method)) return true;
  const model = modelOfTree(call.tree);
  const slots = model ? parametersOfArgument(arg, model) : [];
  if (slots.length) return slots.every(takesFnOnce);
  // A library call: the catalogue's offloading APIs all take `FnOnce` (a crate wrapper need not).
  if (model?.callees(call).length) return false;
  const root = call.tree.rootNode;
  let imports = importMaps.get(root);
  if (!imports) importMaps.set(root, (imports = ImportMap.fromRoot(root)));
  return catalogueOffloads(call, imports);
}

/** `move || ..` / `async move { .. }`: captures its values by value. */
const capturesByMove = (scope: Node): boolean => scope.children.some((c) => c.type === 'move');

/**
 * Is `node` inside a closure or async block below `outer` (the scope a value was declared in) whose
 * body may run more than once per value, or that captures by reference? Code in a `move` closure
 * that runs at most once (`runsAtMostOnce`), or an `async move` block, owns what it captured and may
 * move it on, as straight-line code may.
 */
export function insideRepeatedClosureBelow(node: Node, outer: Node): boolean {
  for (let a = node.parent; a; a = a.parent) {
    if (a.id === outer.id || (a.startIndex <= outer.startIndex && a.endIndex >= outer.endIndex)) return false;
    if ((a.type === 'closure_expression' || a.type === 'async_block') && !(capturesByMove(a) && runsAtMostOnce(a))) return true;
  }
  return false;
}
