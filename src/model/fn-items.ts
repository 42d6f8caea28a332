/** Facts about fn items: what fixes a signature (a trait, an ABI, a use as a fn pointer), parameters, the fn a call calls. */
import type { FileModel } from './index.js';
import { NodeMemo, type Node } from '../rust/parser.js';
import { ancestors, descendants, fnName } from '../rust/syntax.js';

/** A fn inside `impl Trait for X` or a trait definition: its signature is fixed by the trait. */
export function signatureFixedByTrait(fn: Node): boolean {
  for (const a of ancestors(fn)) {
    if (a.type === 'impl_item') return !!a.childForFieldName('trait');
    if (a.type === 'trait_item') return true;
    if (a.type === 'function_item' || a.type === 'mod_item') return false;
  }
  return false;
}

/** A method of an `impl Trait for ..` block: the trait, written elsewhere, fixes its signature. */
export function implementsTraitMethod(fn: Node): boolean {
  for (const a of ancestors(fn)) {
    if (a.type === 'impl_item') return !!a.childForFieldName('trait');
    if (a.type === 'trait_item' || a.type === 'function_item' || a.type === 'mod_item') return false;
  }
  return false;
}

/** `extern "C" fn`, `#[no_mangle]`: the ABI fixes the signature. */
export function isFfi(fn: Node): boolean {
  const mods = fn.children.find((c) => c.type === 'function_modifiers');
  if (mods?.children.some((c) => c.type === 'extern_modifier')) return true;
  for (let s = fn.previousSibling; s?.type === 'attribute_item'; s = s.previousSibling) if (/no_mangle|export_name/.test(s.text)) return true;
  return false;
}

/** The fn's name is used as a value (`.map(parse_line)`, `let f: fn(&String) = ..`), not only called. */
export function usedAsFnPointer(fn: Node, root: Node): boolean {
  const name = fnName(fn);
  if (!name) return false;
  for (const n of descendants(root)) {
    if (n.type !== 'identifier' || n.text !== name || n.id === fn.childForFieldName('name')?.id) continue;
    const p = n.parent;
    if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === n.id) continue;
    if (p?.type === 'scoped_identifier' && p.parent?.type === 'call_expression') continue;
    if (p?.type === 'scoped_identifier' || p?.type === 'use_declaration' || p?.type === 'use_list' || p?.type === 'scoped_use_list') continue;
    return true;
  }
  return false;
}

const fnsByRoot = new NodeMemo<Map<string, Node[]>>();

/** All `fn` items of a file by name (free fns and methods alike), for call-site lookups. Built once per root; read-only. */
export function functionsByName(root: Node): Map<string, Node[]> {
  let map = fnsByRoot.get(root);
  if (map) return map;
  map = new Map<string, Node[]>();
  for (const n of descendants(root)) {
    if (n.type !== 'function_item') continue;
    const name = fnName(n);
    const list = map.get(name);
    if (list) list.push(n);
    else map.set(name, [n]);
  }
  fnsByRoot.set(root, map);
  return map;
}

/** Parameter nodes of a fn, without `self`. */
export function params(fn: Node): Node[] {
  return fn.childForFieldName('parameters')?.namedChildren.filter((p) => p.type === 'parameter') ?? [];
}

/**
 * The fn item of this file that a call calls, by the model's call resolution (a path through the
 * crate's modules, `Self::`, a receiver of known type), when it is exactly one fn of this file.
 */
export function calledFunction(call: Node, model: FileModel): Node | null {
  const targets = model.knownCallees(call);
  const target = targets.length === 1 && targets[0]!.file.path === model.path ? targets[0]!.fn : null;
  if (!target) return null;
  return functionsByName(call.tree.rootNode).get(target.name)?.find((fn) => fn.startPosition.row + 1 === target.line) ?? null;
}
