/** Node helpers shared by the rules. Syntax only: no types, no compilation. */
import type { Node } from './parser.js';

/** 1-based line of a node's first character. */
export const lineOf = (node: Node): number => node.startPosition.row + 1;
export const endLineOf = (node: Node): number => node.endPosition.row + 1;

export function* ancestors(node: Node): Generator<Node> {
  for (let p = node.parent; p; p = p.parent) yield p;
}

export function closest(node: Node, types: string | readonly string[]): Node | null {
  if (typeof types === 'string') {
    for (let a = node.parent; a; a = a.parent) if (a.type === types) return a;
    return null;
  }
  for (let a = node.parent; a; a = a.parent) if (types.includes(a.type)) return a;
  return null;
}

/**
 * Pre-order descendants, optionally not descending below nodes for which `stop` is true. An
 * iterator object that reuses its result, not a generator: rules run this over every function body
 * and a generator allocated one result per node.
 */
export function descendants(node: Node, stop?: (n: Node) => boolean): IterableIterator<Node> {
  return new DescendantIterator(node, stop);
}

class DescendantIterator implements IterableIterator<Node> {
  private next_: number;
  private readonly result: IteratorResult<Node> = { done: false, value: undefined as unknown as Node };

  constructor(
    private readonly node: Node,
    private readonly stop?: (n: Node) => boolean,
  ) {
    this.next_ = node.preorder + 1;
  }

  next(): IteratorResult<Node> {
    const i = this.next_;
    if (i >= this.node.subtreeEnd) return { done: true, value: undefined };
    const d = this.node.tree.nodes[i]!;
    this.next_ = this.stop && this.stop(d) ? d.subtreeEnd : i + 1;
    this.result.value = d;
    return this.result;
  }

  [Symbol.iterator](): IterableIterator<Node> {
    return this;
  }
}

export function findDescendants(node: Node, type: string | readonly string[], stop?: (n: Node) => boolean): Node[] {
  if (!stop) return node.tree.ofTypes(type, node.preorder + 1, node.subtreeEnd);
  const wanted = typeof type === 'string' ? [type] : type;
  const nodes = node.tree.nodes;
  const out: Node[] = [];
  for (let i = node.preorder + 1; i < node.subtreeEnd; ) {
    const d = nodes[i]!;
    if (wanted.includes(d.type)) out.push(d);
    i = stop && stop(d) ? d.subtreeEnd : i + 1;
  }
  return out;
}

/** Stops at nested functions: code inside them runs in another context. */
export const isNestedItem = (n: Node): boolean => n.type === 'function_item' || n.type === 'mod_item' || n.type === 'impl_item' || n.type === 'trait_item';

/** The nearest enclosing `fn` item (closures are not functions here). */
export const enclosingFunction = (node: Node): Node | null => closest(node, 'function_item');

export function fnName(fn: Node): string {
  return fn.childForFieldName('name')?.text ?? '';
}

export function hasModifier(fn: Node, modifier: 'async' | 'unsafe' | 'const'): boolean {
  const mods = fn.children.find((c) => c.type === 'function_modifiers');
  return !!mods && mods.children.some((c) => c.type === modifier);
}

export const isAsyncFn = (fn: Node): boolean => hasModifier(fn, 'async');

export function isPub(item: Node): boolean {
  return item.children.some((c) => c.type === 'visibility_modifier');
}

export function isAsyncClosure(closure: Node): boolean {
  return closure.children.some((c) => c.type === 'async');
}

/** The callee as written: `tokio::spawn`, `client.get` (method calls give `<receiver>.method`), `Vec::<u8>::new`. */
export function calleeText(call: Node): string {
  const fn = call.childForFieldName('function');
  if (!fn) return '';
  if (fn.type === 'generic_function') return fn.childForFieldName('function')?.text ?? fn.text;
  return fn.text;
}

/** The method name of `recv.method(..)`, or null when the call is not a method call. */
export function methodName(call: Node): string | null {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'field_expression') return fn.childForFieldName('field')?.text ?? null;
  if (fn?.type === 'generic_function') {
    const inner = fn.childForFieldName('function');
    if (inner?.type === 'field_expression') return inner.childForFieldName('field')?.text ?? null;
  }
  return null;
}

/** The receiver of a method call. */
export function methodReceiver(call: Node): Node | null {
  let fn = call.childForFieldName('function');
  if (fn?.type === 'generic_function') fn = fn.childForFieldName('function');
  return fn?.type === 'field_expression' ? fn.childForFieldName('value') : null;
}

export interface ChainLink {
  /** Method name, `await`, or `?`. */
  name: string;
  node: Node;
  args?: Node | null;
}

/**
 * Flattens `a.b(x).await?.c()` into its root (`a`) and links (`b`, `await`, `?`, `c`), outermost last.
 * Pass the outermost expression of the chain.
 */
export function methodChain(expr: Node): { root: Node; links: ChainLink[] } {
  const links: ChainLink[] = [];
  let cur: Node = expr;
  for (;;) {
    if (cur.type === 'call_expression' && methodName(cur) !== null) {
      links.push({ name: methodName(cur)!, node: cur, args: cur.childForFieldName('arguments') });
      cur = methodReceiver(cur)!;
    } else if (cur.type === 'await_expression') {
      links.push({ name: 'await', node: cur });
      cur = cur.namedChildren[0]!;
    } else if (cur.type === 'try_expression') {
      links.push({ name: '?', node: cur });
      cur = cur.namedChildren[0]!;
    } else if (cur.type === 'field_expression' && cur.parent?.type !== 'call_expression') {
      break;
    } else break;
  }
  return { root: cur, links: links.reverse() };
}

/** The outermost node of the method chain / await / `?` wrapping `node`. */
export function chainTop(node: Node): Node {
  let cur = node;
  for (;;) {
    const p = cur.parent;
    if (!p) return cur;
    if (p.type === 'await_expression' || p.type === 'try_expression') { cur = p; continue; }
    if (p.type === 'field_expression' && p.childForFieldName('value')?.id === cur.id && p.parent?.type === 'call_expression' && p.parent.childForFieldName('function')?.id === p.id) {
      cur = p.parent;
      continue;
    }
    return cur;
  }
}

/** Attributes (`#[...]`) written on an item, in order. They are preceding siblings in tree-sitter-rust. */
export function attributesOf(item: Node): Node[] {
  const out: Node[] = [];
  for (let s = item.previousSibling; s; s = s.previousSibling) {
    if (s.type === 'attribute_item') out.unshift(s);
    else if (s.type === 'line_comment' || s.type === 'block_comment') continue;
    else break;
  }
  return out;
}

/** The text inside `#[...]`, e.g. `tokio::test(flavor = "multi_thread")`. */
export function attributeText(attr: Node): string {
  return attr.namedChildren.find((c) => c.type === 'attribute')?.text ?? '';
}

/** The attribute path: `tokio::test` for `#[tokio::test(flavor = ..)]`. */
export function attributePath(attr: Node): string {
  const a = attr.namedChildren.find((c) => c.type === 'attribute');
  const path = a?.namedChildren[0];
  return path && path.type !== 'token_tree' ? path.text : '';
}

/** Paths whose code is test or tooling code, not production. */
export function isTestPath(path: string): boolean {
  return /(^|\/)(tests|benches|examples)\//.test(path) || /(^|\/)build\.rs$/.test(path);
}

/** The text of a string literal without quotes (raw strings too); null for anything else. */
export function stringValue(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'string_literal') {
    const content = node.namedChildren.filter((c) => c.type === 'string_content' || c.type === 'escape_sequence');
    return content.length ? content.map((c) => c.text).join('') : node.text.replace(/^b?"|"$/g, '');
  }
  if (node.type === 'raw_string_literal') return node.text.replace(/^b?r#*"/, '').replace(/"#*$/, '');
  return null;
}

/** The identifier a simple `let` binds (`let x = ..`, `let mut x = ..`), or null for patterns. */
export function letBindingName(letDecl: Node): string | null {
  const pat = letDecl.childForFieldName('pattern');
  if (!pat) return null;
  return patternIdentifier(pat)?.text ?? null;
}

/**
 * The identifier of a pattern that is one name: `x`, or `mut x` nested in a larger pattern
 * (`Ok(mut g)`, `(mut tx, rx)`, `|mut acc|`). tree-sitter's `mut_pattern` holds the `mut` specifier
 * as its first named child, the identifier after it; a top-level `let mut x` is no `mut_pattern`.
 */
export function patternIdentifier(pattern: Node | null | undefined): Node | null {
  if (!pattern) return null;
  if (pattern.type === 'identifier') return pattern;
  if (pattern.type !== 'mut_pattern') return null;
  const inner = pattern.namedChildren.find((c) => c.type !== 'mutable_specifier');
  return inner?.type === 'identifier' ? inner : null;
}

/** Pre-order from `start` (included) to the end of `within`'s subtree. */
export function* preorderFrom(start: Node, within: Node): Generator<Node> {
  const nodes = within.tree.nodes;
  for (let i = start.preorder; i < within.subtreeEnd; i++) yield nodes[i]!;
}

/** Is this identifier node a use of `name` (not a field name, not a path segment)? */
export function isIdentifierUse(node: Node, name: string): boolean {
  return node.type === 'identifier' && node.text === name && node.parent?.type !== 'scoped_identifier';
}

/** The statement (direct child of a block) that contains `node`. */
export function enclosingStatement(node: Node): Node | null {
  let cur: Node | null = node;
  while (cur && cur.parent && cur.parent.type !== 'block' && cur.parent.type !== 'source_file') cur = cur.parent;
  return cur?.parent ? cur : null;
}

/** The item (fn, struct, impl, mod, ...) that contains `node`, for item-level suppression. */
export function enclosingItems(node: Node): Node[] {
  return [node, ...ancestors(node)].filter((n) => n.type.endsWith('_item') || n.type === 'field_declaration');
}

/**
 * Splits `a, B<c, d>, (e, f), "g,h"` at its top-level commas (brackets `<>`, `()`, `[]` and string
 * quotes nest; the `>` of `->` does not close anything), each part trimmed, empty ones left out.
 */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (c === '<' || c === '(' || c === '[') depth++;
    else if ((c === '>' && text[i - 1] !== '-') || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}
