/**
 * Clone sites and what is being cloned: `x.clone()`, `Clone::clone(&x)`, `T::clone(&x)`, and the
 * declared or evident type of `x`, so that cheap clones (Arc, handles, Copy) are never findings.
 */
import { isErrorConversion, UNWRAP_METHODS } from '../catalogue/errors.js';
import { NodeMemo, type Node, type Tree } from '../rust/parser.js';
import { ancestors, descendants, methodName, methodReceiver } from '../rust/syntax.js';
import { macroName } from '../rust/macros.js';
import { resolveBinding, type Declaration } from './bindings.js';
import { SQLX_RUN_METHODS } from '../catalogue/database.js';
import { isResponseBodyMethod } from '../catalogue/http.js';
import { buildsOwnedBuffer, buildsOwnedCollection, collectsOwned, isFallibleReturnType, makesCheapHandle } from '../catalogue/types.js';
import { COPY_METHODS, FRESH_VALUE_MACROS, OWNED_COLLECTION_METHODS, OWNED_COPY_METHODS, OWNED_RESULT_METHODS, OWNED_VALUE_MACROS, STD_OWNED_VALUE_MACROS, isOwnedConstructorCall } from '../catalogue/values.js';
import { cloneCost, typeArgs, typeHead, type Cost, type StructIndex, type StructInfo } from './clone-cost.js';
import { selfFieldType } from './value-shapes.js';

/** The expression cloned by `call`, or null when it is not a clone (or is `Arc::clone`). */
export function cloneSource(call: Node): Node | null {
  if (call.type !== 'call_expression') return null;
  // Name checks first (most calls are not clones); the argument list only when needed.
  const method = methodName(call);
  const fn = method === null ? call.childForFieldName('function') : null;
  const scopedClone = fn?.type === 'scoped_identifier' && fn.childForFieldName('name')?.text === 'clone';
  if (!scopedClone && (method === null || !COPY_METHODS.has(method))) return null;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  // `to_vec` / `to_owned` on an owned collection are clones under another name.
  if (method !== null && COPY_METHODS.has(method) && args.length === 0) return methodReceiver(call);
  if (scopedClone && args.length === 1) {
    // `Arc::clone(&x)` / `Rc::clone(&x)` is the idiomatic cheap clone.
    if (/(^|::)(Arc|Rc|Weak)$/.test(fn.childForFieldName('path')?.text ?? '')) return null;
    const a = args[0]!;
    return a.type === 'reference_expression' ? a.childForFieldName('value') : a;
  }
  return null;
}

/** `Arc::new(..)`, `Rc::new(..)`, `web::Data::new(..)`, `x.clone()` of a cheap thing: values whose clone is cheap. */
function evidentlyCheapValue(value: Node): boolean {
  const callee = value.type === 'call_expression' ? value.childForFieldName('function')?.text ?? '' : '';
  return makesCheapHandle(callee);
}

/** `x.await?`, `x.await.unwrap()`, `x.expect(..)`: the value inside. */
function unwrapped(value: Node): Node {
  let v = value;
  for (;;) {
    if (v.type === 'try_expression' || v.type === 'await_expression') v = v.namedChildren[0]!;
    else if (v.type === 'call_expression' && passesValueOn(methodName(v) ?? '')) v = methodReceiver(v)!;
    else return v;
  }
}

/** Methods whose result is owned (not a reference into something else): std's copies and conversions, sqlx's rows, an HTTP response's body. */
const ownedResult = (method: string): boolean => OWNED_RESULT_METHODS.has(method) || SQLX_RUN_METHODS.has(method) || isResponseBodyMethod(method);

/**
 * `Marker` written as a value, where the file declares `struct Marker;`: a unit struct's only value,
 * owned like any struct literal. Null for anything else.
 */
export function unitStructValue(value: Node | null, structs: StructIndex): StructInfo | null {
  if (value?.type !== 'identifier' || !/^[A-Z]/.test(value.text)) return null;
  const info = structs.get(value.text);
  return info && !info.node.childForFieldName('body') ? info : null;
}

/** How a `let` value evidently costs to clone: heavy for collections and strings, cheap for Arc/handles. */
export function costOfValue(value: Node | null, structs: StructIndex): Cost {
  if (!value) return 'unknown';
  let v = value;
  v = unwrapped(v);
  if (evidentlyCheapValue(v)) return 'cheap';
  if (v.type === 'macro_invocation') return OWNED_VALUE_MACROS.has(macroName(v).split('::').pop()!) ? 'heavy' : 'unknown';
  if (v.type === 'string_literal' || v.type === 'integer_literal' || v.type === 'float_literal' || v.type === 'boolean_literal') return 'cheap';
  const unit = unitStructValue(v, structs);
  if (unit) return cloneCost(unit.node.childForFieldName('name'), structs);
  if (v.type === 'struct_expression') {
    const name = typeHead(v.childForFieldName('name'));
    const s = structs.get(name);
    return s ? cloneCost(s.node.childForFieldName('name'), structs) : 'unknown';
  }
  if (v.type === 'call_expression') {
    const method = methodName(v);
    if (method !== null && OWNED_COLLECTION_METHODS.has(method)) return 'heavy';
    if (method === 'collect') {
      const fn = v.childForFieldName('function');
      return fn?.type === 'generic_function' && collectsOwned(fn.childForFieldName('type_arguments')?.namedChildren[0]?.text ?? '') ? 'heavy' : 'unknown';
    }
    const callee = v.childForFieldName('function')?.text ?? '';
    if (buildsOwnedCollection(callee)) return 'heavy';
    // A same-file fn: its declared return type says (`fn load_catalog(..) -> Result<Vec<Product>, E>`).
    const ret = sameFileReturnType(v);
    if (ret) return cloneCost(ret, structs);
  }
  return 'unknown';
}

const fnItemsByTree = new NodeMemo<Map<string, Node[]>>();

/** `fn` items not nested in another fn, by name: built once per tree. */
function fnItemsByName(tree: Tree): Map<string, Node[]> {
  let map = fnItemsByTree.get(tree.rootNode);
  if (map) return map;
  map = new Map();
  for (const n of descendants(tree.rootNode, (d) => d.type === 'function_item')) {
    if (n.type !== 'function_item') continue;
    const name = n.childForFieldName('name')?.text;
    if (name === undefined) continue;
    const list = map.get(name);
    if (list) list.push(n);
    else map.set(name, [n]);
  }
  fnItemsByTree.set(tree.rootNode, map);
  return map;
}

/** The return type of the same-file fn a call names (`load(..)`, `Self::load(..)`, `self.load(..)`), if unique. */
function sameFileReturnType(call: Node): Node | null {
  const fn = call.childForFieldName('function');
  const name = fn?.type === 'identifier' ? fn.text : fn?.type === 'scoped_identifier' ? fn.childForFieldName('name')?.text : fn?.type === 'field_expression' ? fn.childForFieldName('field')?.text : null;
  if (!name) return null;
  const found = fnItemsByName(call.tree).get(name) ?? [];
  if (found.length !== 1) return null;
  let ret = found[0]!.childForFieldName('return_type');
  // `Result<T, E>` / `Option<T>` / `anyhow::Result<T>`: the value after `?`.
  while (ret && isFallibleReturnType(typeHead(ret))) ret = typeArgs(ret)[0] ?? null;
  return ret;
}

/** Is the value of a `let` evidently owned (not a reference into something else)? */
export function evidentlyOwned(value: Node | null): boolean {
  if (!value) return false;
  let v = value;
  v = unwrapped(v);
  if (v.type === 'struct_expression' || v.type === 'array_expression' || v.type === 'tuple_expression') return true;
  if (v.type === 'macro_invocation') return STD_OWNED_VALUE_MACROS.has(macroName(v).split('::').pop()!);
  if (v.type !== 'call_expression') return false;
  const method = methodName(v);
  if (method) return ownedResult(method);
  // `Type::new(..)`, `Type::from(..)`, `Order::builder()..build()`.
  return isOwnedConstructorCall(v.childForFieldName('function')?.text ?? '');
}

/** `String::from(..)`, `format!(..)`, `x.to_string()`, `vec![..]`: a value built here and owned by the expression itself. */
export function freshOwnedValue(expr: Node, method: string | null): boolean {
  // `[a, b].to_owned()` copies an array nobody keeps; `[a, b].to_vec()` converts it (this rule's case).
  if (expr.type === 'array_expression') return method !== 'to_vec';
  if (expr.type === 'macro_invocation') return FRESH_VALUE_MACROS.has(expr.childForFieldName('macro')?.text ?? '');
  if (expr.type !== 'call_expression') return false;
  const callee = expr.childForFieldName('function')?.text ?? '';
  if (buildsOwnedBuffer(callee)) return true;
  const made = methodName(expr) ?? '';
  // `parts.join("/")` (a slice's `String` / `Vec`, a `Path`'s `PathBuf`) builds a new value too.
  return OWNED_COPY_METHODS.has(made) || (made === 'join' && expr.childForFieldName('arguments')?.namedChildCount === 1);
}

export interface ClonedThing {
  /** What is cloned: `catalog`, `self.rules`. */
  text: string;
  /** The binding of an identifier source (null for `self.field`). */
  decl: Declaration | null;
  /** The declared type, when written. */
  type: Node | null;
  cost: Cost;
}

/** Resolves the cloned expression (an identifier or `self.field`) to its declaration and cost. */
export function describeCloned(source: Node, structs: StructIndex): ClonedThing | null {
  if (source.type === 'identifier') {
    const decl = resolveBinding(source);
    if (!decl || !decl.simple) return null;
    // A `for x in &items` / closure param without a type: we do not know what it is.
    const cost = decl.type ? cloneCost(decl.type, structs) : decl.kind === 'let' ? costOfValue(decl.value, structs) : 'unknown';
    return { text: source.text, decl, type: decl.type, cost };
  }
  if (source.type === 'field_expression') {
    const type = selfFieldType(source, structs);
    if (!type) return null;
    return { text: source.text, decl: null, type, cost: cloneCost(type, structs) };
  }
  return null;
}

/** `x.unwrap()`, `x.context(..)`: the value (or its error) passes on as it was. */
function passesValueOn(method: string): boolean {
  return UNWRAP_METHODS.has(method) || isErrorConversion(method);
}
