/**
 * A fn's identity in a file, the same in two versions of it: the type of its `impl`, its inline
 * modules and its name (`billing::Invoice::total`); and the fns a file defines outside test code,
 * by that key. What a change did to them is changed-fns.ts.
 */
import { NodeMemo, type Node } from '../rust/parser.js';
import { ancestors, descendants, fnName } from '../rust/syntax.js';
import { implOwnerName } from './impl-owner.js';
import { isTestContext } from './test-attributes.js';

/** `Type` of the `impl Type` / `impl Trait for Type` a method is declared in (impl-owner.ts), and whether it is a trait's. */
export function implTypeOf(fn: Node): { type?: string; traitImpl: boolean } {
  const impl = fn.parent?.type === 'declaration_list' ? fn.parent.parent : null;
  if (impl?.type !== 'impl_item') return { traitImpl: false };
  return { type: implOwnerName(impl), traitImpl: !!impl.childForFieldName('trait') };
}

/** A key that finds the same function in the other version: `mod::Type::name`. */
export function fnKey(fn: Node): string {
  const parts = [fnName(fn)];
  const { type } = implTypeOf(fn);
  if (type) parts.unshift(type);
  for (const a of ancestors(fn)) if (a.type === 'mod_item') parts.unshift(a.childForFieldName('name')?.text ?? '');
  return parts.join('::');
}

/** A file as fn-keys reads it: its tree and its path (test paths hold no production fns). */
export interface KeyedFile {
  readonly path: string;
  readonly root: Node;
}

const productionFnsOf = new NodeMemo<ReadonlyMap<string, Node>>();

/** Non-test functions of a file, keyed by `fnKey` (once per tree: coverage asks for every row). */
export function productionFns(file: KeyedFile): ReadonlyMap<string, Node> {
  let out = productionFnsOf.get(file.root);
  if (!out) {
    const fns = new Map<string, Node>();
    for (const d of descendants(file.root)) {
      if (d.type === 'function_item' && !isTestContext(d, file.path)) fns.set(fnKey(d), d);
    }
    productionFnsOf.set(file.root, (out = fns));
  }
  return out;
}

