/**
 * The type a binding holds as the code writes it, without type inference: `let x: T`, a parameter
 * `x: T` (of the fn or a closure), and an element a `for` pattern takes apart from a collection whose
 * type is written (`let terms: Vec<(Term, u32)> = ..; for (i, (term, n)) in terms.iter().enumerate()`
 * gives `term: Term`). Undefined when nothing written says it: a rule then judges as it would without.
 */
import type { Node } from '../rust/parser.js';
import { methodChain, splitTopLevel } from '../rust/syntax.js';
import { resolveBinding } from './bindings.js';
import type { FileModel } from './index.js';
import { innerType } from './types.js';

/** Collections whose `iter()` / `into_iter()` / `drain(..)` yield their one element type. */
const ELEMENT_COLLECTIONS = /^(?:[\w:]*::)?(Vec|VecDeque|SmallVec|HashSet|BTreeSet|IndexSet|BinaryHeap|LinkedList|Box<\[)\b/;
/** Maps, whose items are `(key, value)` pairs. */
const PAIR_COLLECTIONS = /^(?:[\w:]*::)?(HashMap|BTreeMap|IndexMap|DashMap)\b/;
/** Adaptors that hand on the same elements (`iter`, `into_iter`, `drain(..)`, `copied`, `rev`). */
const SAME_ELEMENTS = /^(iter|iter_mut|into_iter|drain|copied|cloned|rev)$/;
const MAX_DEPTH = 4;

/** The written type of the binding `use` refers to (by `name`, for a use inside a format string), or undefined. */
export function writtenTypeOf(use: Node, name = use.text, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const decl = resolveBinding(use, name);
  if (!decl) return undefined;
  if (decl.kind === 'for') {
    const pattern = decl.node.childForFieldName('pattern');
    const value = decl.node.childForFieldName('value');
    const element = value ? elementTypeOf(value, depth) : undefined;
    return pattern && element ? partOf(pattern, element, name) : undefined;
  }
  if (!decl.type) return undefined;
  if (decl.simple) return compact(decl.type.text);
  const pattern = decl.node.type === 'let_declaration' ? decl.node.childForFieldName('pattern') : decl.node.type === 'parameter' ? decl.node.childForFieldName('pattern') : null;
  return pattern ? partOf(pattern, compact(decl.type.text), name) : undefined;
}

/** What a `for` loop over `expr` binds each time: `xs.iter().enumerate()` over `Vec<T>` gives `(usize, T)`. */
function elementTypeOf(expr: Node, depth: number): string | undefined {
  const { root, links } = methodChain(expr);
  let enumerated = false;
  for (const [i, link] of links.entries()) {
    if (link.name === 'enumerate' && i === links.length - 1) enumerated = true;
    else if (!SAME_ELEMENTS.test(link.name)) return undefined;
  }
  let base: Node | null = root;
  while (base && (base.type === 'reference_expression' || base.type === 'parenthesized_expression')) base = base.namedChildren[base.namedChildren.length - 1] ?? null;
  if (base?.type !== 'identifier') return undefined;
  const collection = writtenTypeOf(base, base.text, depth + 1);
  const element = collection ? elementOf(collection) : undefined;
  return element && enumerated ? `(usize,${element})` : element;
}

/** `Vec<T>` -> `T`, `&[T]` -> `T`, `[T; 4]` -> `T`, `HashMap<K, V>` -> `(K,V)`. */
function elementOf(collection: string): string | undefined {
  const type = dereferenced(collection);
  const slice = /^\[(.*?)(?:;[^;\]]*)?\]$/.exec(type);
  if (slice) return slice[1];
  const args = typeArguments(type);
  if (ELEMENT_COLLECTIONS.test(type) && args.length >= 1) return args[0];
  if (PAIR_COLLECTIONS.test(type) && args.length >= 2) return `(${args[0]},${args[1]})`;
  return undefined;
}

/** The part of `type` that `name` binds in `pattern` (`(a, (b, _))` against `(A,(B,C))` gives `B` for `b`). */
function partOf(pattern: Node, type: string, name: string): string | undefined {
  let p: Node | null = pattern;
  let t = type;
  // `&x` takes apart a reference; `mut x` and `ref x` bind the value itself.
  while (p && (p.type === 'reference_pattern' || p.type === 'mut_pattern' || p.type === 'ref_pattern')) {
    if (p.type === 'reference_pattern') t = dereferenced(t);
    p = p.namedChildren[p.namedChildren.length - 1] ?? null;
  }
  if (!p) return undefined;
  if (p.type === 'identifier') return p.text === name ? t : undefined;
  if (p.type !== 'tuple_pattern') return undefined;
  // Every element, `_` included (it is no named node); a `..` rest makes the positions unknown.
  const elements = p.children.filter((c) => c.type !== '(' && c.type !== ')' && c.type !== ',');
  const parts = tupleParts(dereferenced(t));
  if (!parts || parts.length !== elements.length || elements.some((e) => e.type === 'remaining_field_pattern' || e.text === '..')) return undefined;
  for (const [i, child] of elements.entries()) {
    const found = partOf(child, parts[i]!, name);
    if (found) return found;
  }
  return undefined;
}

/** `(A,B<C,D>,E)` -> [`A`, `B<C,D>`, `E`]; null for a type that is not a tuple. */
function tupleParts(type: string): string[] | null {
  if (!type.startsWith('(') || !type.endsWith(')')) return null;
  return splitTopLevel(type.slice(1, -1));
}

/** The generic arguments of `Outer<A, B>`, or []. */
function typeArguments(type: string): string[] {
  const open = type.indexOf('<');
  if (open < 0 || !type.endsWith('>')) return [];
  return splitTopLevel(type.slice(open + 1, -1));
}


/** One spelling per type: no spaces around brackets and commas (`Vec< (A, B) >` is `Vec<(A,B)>`), one space elsewhere (`&'a mut T`). */
const compact = (type: string): string => type.replace(/\s+/g, ' ').replace(/\s*([<>(),[\];])\s*/g, '$1').trim();
/** `&T`, `&mut T`, `&'a T` -> `T`. */
const dereferenced = (type: string): string => type.replace(/^&\s*(?:'\w+\s*)?(?:mut\b\s*)?/, '');

/**
 * The crate writes the `Debug` of the type named by `type` (its last path segment, through
 * references and smart pointers) by hand: `impl fmt::Debug for Term { fn fmt(..) }`. What `{:?}`
 * shows of such a value is the crate's own choice (a redaction, a summary), not its fields as derived.
 */
export function debugWrittenByHand(type: string, model: FileModel): boolean {
  const name = innerType(type);
  if (!name) return false;
  const module = model.file ? model.index.moduleAt(model.file, []) : [];
  const home = model.index.typeHome(model.crate, module, name) ?? model.crate;
  return model.index.methodsOf(home, name, 'fmt').some((f) => f.fn.trait === 'Debug');
}
