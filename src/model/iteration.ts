/**
 * Iteration as the model sees it: which closures run once per item of an iterator chain (a loop in
 * all but syntax), and the loop body or per-item closure a node repeats in, for every rule that asks
 * "does this run per item?"; what a lazy chain borrows while it lives, for rules that ask "could
 * this chain stay lazy?".
 */
import type { Node } from '../rust/parser.js';
import { isConcurrentStreamMethod } from '../catalogue/executor.js';
import { endsIteration, isIteratorSource, isIteratorSourceFunction, isPerItemAdapter, SHARED_BORROW_METHODS, TRAIT_OBJECT_COLLECTION_TYPES } from '../catalogue/values.js';
import { ancestors, descendants, methodChain, methodName, methodReceiver } from '../rust/syntax.js';
import { tokenLeaves } from '../rust/macros.js';
import { inside, isVariableUse, resolveBinding, type Declaration } from './bindings.js';

/**
 * Is this closure called once per item of an iterator or a stream (not once, like `Option::map`,
 * `Future::then` or `spawn`)? The adaptor's receiver must be a sequence: a chain from an iterator
 * source (`.iter()`, `.into_iter()`, `stream::iter(..)`, a range, a local bound to such a chain, a
 * parameter typed `impl Iterator` / `impl Stream`) with nothing in between that ends the iteration
 * (`.iter().find(..).map(|x| ..)` maps one `Option`).
 */
export function isPerItemClosure(closure: Node): boolean {
  if (closure.type !== 'closure_expression' || closure.parent?.type !== 'arguments') return false;
  const call = closure.parent.parent;
  if (call?.type !== 'call_expression') return false;
  const method = methodName(call);
  if (!method || !isPerItemAdapter(method)) return false;
  if (method === 'retain' || method === 'sort_by' || method === 'sort_by_key') return true;
  return yieldsItems(methodReceiver(call), 0);
}

/** Is `expr` (an adaptor's receiver) a sequence of items, by its chain back to where it started? */
function yieldsItems(expr: Node | null, depth: number): boolean {
  if (!expr || depth > 3) return false;
  const { root, links } = methodChain(expr);
  // After the last link that starts a sequence, nothing may have ended it.
  for (let i = links.length - 1; i >= 0; i--) {
    const name = links[i]!.name;
    if (isIteratorSource(name) || isConcurrentStreamMethod(name)) return true;
    if (endsIteration(name)) return false;
  }
  if (root.type === 'range_expression' || root.parent?.type === 'parenthesized_expression') return true;
  if (root.type === 'parenthesized_expression') return yieldsItems(root.namedChildren[0] ?? null, depth + 1);
  if (root.type === 'call_expression' && methodName(root) === null) return isIteratorSourceFunction(root.childForFieldName('function')?.text ?? '');
  if (root.type === 'identifier') {
    const decl = resolveBinding(root);
    if (decl?.kind === 'let' && decl.value) return yieldsItems(decl.value, depth + 1);
    if (decl?.kind === 'param') return /\b(Iterator|Stream)\b/.test(decl.type?.text ?? '');
  }
  return false;
}

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

/**
 * What a lazy iterator chain borrows from its surroundings: its root and every binding its closures
 * capture (bindings declared inside the chain, like closure parameters, are not), and `self`. While
 * the chain lives, these stay borrowed; a collected `Vec` ends that borrow.
 */
export interface ChainSource {
  name: string;
  /** The binding the name resolves to; null for `self` and names the model cannot resolve (globals, consts). */
  decl: Declaration | null;
}

export function chainSources(chain: Node): ChainSource[] {
  const out = new Map<string, ChainSource>();
  for (const d of descendants(chain)) {
    if (d.type === 'self') out.set('self', { name: 'self', decl: null });
    if (d.type === 'token_tree' && d.parent?.type === 'macro_invocation') {
      // An unparsed macro's tokens: any identifier may be a capture.
      for (const t of tokenLeaves(d)) if (t.type === 'identifier' || t.type === 'self') if (!out.has(t.text)) out.set(t.text, { name: t.text, decl: null });
      continue;
    }
    if (!isVariableUse(d) || d.parent?.type === 'token_tree') continue;
    const decl = resolveBinding(d);
    if (decl && inside(decl.ident, chain)) continue;
    if (!out.has(d.text)) out.set(d.text, { name: d.text, decl });
  }
  return [...out.values()];
}

/**
 * The first node in `region` between byte offsets `from` and `to` that uses one of the sources
 * (the same binding, `self`, or the name as a token of a macro), or null.
 */
export function sourceUsedBetween(sources: readonly ChainSource[], region: Node, from: number, to: number): Node | null {
  if (!sources.length) return null;
  const byName = new Map(sources.map((s) => [s.name, s]));
  for (const d of descendants(region)) {
    if (d.endIndex <= from || d.startIndex >= to) continue;
    if (d.startIndex < from) continue;
    if (d.type === 'self' && byName.has('self')) {
      if (!selfIsShared(d) && !isSharedRead(d)) return d;
      continue;
    }
    if (d.type === 'token_tree' && d.parent?.type === 'macro_invocation') {
      const hit = tokenLeaves(d).find((t) => byName.has(t.text) && (t.type === 'identifier' || t.type === 'self'));
      if (hit) return hit;
      continue;
    }
    const source = byName.get(d.text);
    if (!source || !isVariableUse(d) || d.parent?.type === 'token_tree') continue;
    const decl = resolveBinding(d);
    if (source.decl && decl && decl.ident.id !== source.decl.ident.id) continue;
    if (source.decl && isSharedReference(source.decl.type)) continue;
    if (!isSharedRead(d)) return d;
  }
  return null;
}

/** A type written `&T` (not `&mut T`): every use through it only reads. */
function isSharedReference(type: Node | null): boolean {
  return type?.type === 'reference_type' && !type.children.some((c) => c.type === 'mutable_specifier');
}

/** `self` of a `&self` method. */
function selfIsShared(self: Node): boolean {
  for (let a = self.parent; a; a = a.parent) {
    if (a.type !== 'function_item') continue;
    const param = a.childForFieldName('parameters')?.namedChildren.find((p) => p.type === 'self_parameter');
    return !!param && param.text.includes('&') && !/\bmut\b/.test(param.text);
  }
  return false;
}

/** `x.field` read (not called, assigned or borrowed mutably), or `&x`: a use that only shares the value. */
function isSharedRead(use: Node): boolean {
  let n = use;
  while (n.parent?.type === 'field_expression' && n.parent.childForFieldName('value')?.id === n.id) n = n.parent;
  const p = n.parent;
  if (n.id !== use.id) {
    if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === n.id) return SHARED_BORROW_METHODS.has(n.childForFieldName('field')?.text ?? '');
    if ((p?.type === 'assignment_expression' || p?.type === 'compound_assignment_expr') && p.childForFieldName('left')?.id === n.id) return false;
    if (p?.type === 'reference_expression' && p.children.some((c) => c.type === 'mutable_specifier')) return false;
    return true;
  }
  return p?.type === 'reference_expression' && !p.children.some((c) => c.type === 'mutable_specifier');
}

/**
 * A `for` loop over trait objects (`for u in &self.updaters` with `updaters: Vec<Box<dyn Forge>>`,
 * a `&[Arc<dyn Check>]` parameter): it walks the implementations a program registered (one per
 * backend, provider, check), a handful known when the program starts, never rows of data. From the
 * written type of what the loop walks: the field's declared type in the crate, the parameter's or
 * the `let`'s annotation.
 */
export function walksTraitObjects(loop: Node, fieldTypes: (field: string) => readonly string[]): boolean {
  let value = loop.childForFieldName('value');
  while (value) {
    if (value.type === 'reference_expression' || value.type === 'parenthesized_expression') value = value.namedChildren[value.namedChildren.length - 1] ?? null;
    else if (value.type === 'call_expression' && /^(iter|iter_mut|into_iter)$/.test(methodName(value) ?? '') && !(value.childForFieldName('arguments')?.namedChildren.length)) value = methodReceiver(value);
    else break;
  }
  if (!value) return false;
  let types: readonly string[] = [];
  if (value.type === 'field_expression') {
    const field = value.childForFieldName('field')?.text;
    types = field ? fieldTypes(field) : [];
  } else if (value.type === 'identifier') {
    const written = resolveBinding(value)?.type?.text;
    types = written ? [written] : [];
  }
  return types.length > 0 && types.every((t) => TRAIT_OBJECT_COLLECTION_TYPES.test(t.replace(/\s+/g, ' ')));
}
