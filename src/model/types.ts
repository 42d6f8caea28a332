/** Types as written, seen through the wrappers around the type that matters; the declared types of the parameters calls hand their arguments to. */
import { AS_REF_PARAMETERS, isWrapperType, parameterView, type ParameterView } from '../catalogue/values.js';
import { isClosureTrait } from '../catalogue/types.js';
import type { ImportMap } from '../rust/imports.js';
import { NodeMemo, type Node } from '../rust/parser.js';
import { calleeText, descendants, methodName } from '../rust/syntax.js';
import { resolveBinding } from './bindings.js';
import { implOwnerName } from './impl-owner.js';
import type { FileModel } from './index.js';
import type { FnFact } from './facts.js';

/** References around the type a receiver really has (the wrapper types are the catalogue's). */
const REFERENCE = /^(&|&mut|mut)$/;

/** The named type inside wrappers: `&web::Data<AppState>` -> `AppState`, `Arc<DbConn>` -> `DbConn`. */
export function innerType(type: string): string | undefined {
  return innerTypePath(type)?.split('::').pop();
}

/** The same, with its path as written: `Arc<sled::Tree>` -> `sled::Tree`. */
export function innerTypePath(type: string): string | undefined {
  // A lifetime (`'a`) is matched with its quote so that it is skipped, not taken for a type named `a`.
  const names = type.match(/'?[A-Za-z_][\w]*(?:::[A-Za-z_]\w*)*/g) ?? [];
  for (const n of names) {
    const last = n.split('::').pop()!;
    if (REFERENCE.test(n) || isWrapperType(last) || n === 'mut' || n === 'dyn' || n === 'impl' || /^'/.test(n)) continue;
    return n;
  }
  return undefined;
}

/**
 * Associated fns that build their own type, by Rust's naming convention (the API guidelines'
 * C-CTOR and C-CONV): `new`, `new_in`, `with_capacity`, `from`, `default`. Other associated fns
 * (`Rc::downgrade`, `Rc::strong_count`, `RefCell::take`) return something else.
 */
const CONSTRUCTOR = /^(new(_\w+)?|with_\w+|from|default)$/;

/**
 * The type a constructor expression builds, with its path as written: `RefCell::new(0)` ->
 * `RefCell`, `std::cell::Cell::<u8>::default()` -> `std::cell::Cell`, `Session { .. }` ->
 * `Session`. Undefined for anything else (a method call, a fn, `Self::new()`).
 */
export function constructedTypePath(expr: Node): string | undefined {
  if (expr.type === 'struct_expression') return expr.childForFieldName('name')?.text.replace(/\s+/g, '').replace(/::<.*$|<.*$/, '');
  if (expr.type !== 'call_expression' || methodName(expr) !== null) return undefined;
  const segs = calleeText(expr).replace(/\s+/g, '').replace(/::<[^>]*>/g, '').replace(/<[^>]*>/g, '').split('::');
  const fn = segs.pop();
  const owner = segs[segs.length - 1];
  if (!fn || !CONSTRUCTOR.test(fn) || !owner || !/^[A-Z]/.test(owner) || owner === 'Self') return undefined;
  return segs.join('::');
}

const derefTargetsByRoot = new NodeMemo<Map<string, string>>();

/**
 * What a type of this file dereferences to, from its `impl Deref for T { type Target = U; }`:
 * `VecWrapper` -> `Vec<T>`. Such a type answers every `&self` method of the target
 * (`wrapper.is_empty()` is `Vec::is_empty`). Undefined when the file has no such impl.
 */
export function derefTarget(typeName: string, within: Node): string | undefined {
  const root = within.tree.rootNode;
  let targets = derefTargetsByRoot.get(root);
  if (!targets) {
    targets = new Map();
    for (const impl of root.descendantsOfType('impl_item')) {
      if (!/(^|::)Deref$/.test(impl.childForFieldName('trait')?.text ?? '')) continue;
      const name = implOwnerName(impl);
      const target = impl.childForFieldName('body')?.namedChildren.find((i) => i.type === 'type_item' && i.childForFieldName('name')?.text === 'Target')?.childForFieldName('type');
      if (name && target) targets.set(name, target.text.replace(/\s+/g, ''));
    }
    derefTargetsByRoot.set(root, targets);
  }
  return targets.get(typeName);
}

/**
 * The parameter a call hands an argument to, as declared: its type and whether that type is one of
 * the callee's own type parameters (`x: &T`, `x: impl Trait`), which takes the argument's type
 * exactly as given (changing the argument's type changes what the callee gets). Known for crate fns
 * the model resolves, for calls of a binding typed `impl Fn(..)` / `&dyn Fn(..)` / `F: Fn(..)`, and
 * for local closures with typed parameters; null for library calls the model cannot see.
 */
export interface ParameterSlot {
  type: string;
  generic: boolean;
  /** What the parameter's type promises, when it is a type parameter or `impl Trait`: `AsRef<Path>` of `p: P` with `P: AsRef<Path>` or of `p: impl AsRef<Path>`. */
  bounds?: string;
}

/**
 * The slot of a crate fn's parameter, with the bounds of its type when that type is its own: an
 * `impl Trait`, or a type parameter named nowhere else in the signature (`fn id<T: AsRef<str>>(x: T) -> T`
 * hands the argument's own type on, so what the caller passes is not only viewed).
 */
function slotOf(type: string, fn: Pick<FnFact, 'params' | 'returnType' | 'typeParams' | 'typeBounds'>): ParameterSlot {
  const generic = isTypeParameter(type, fn.typeParams ?? []);
  const bare = type.replace(/^&\s*('\w+\s*)?(mut\s+)?/, '').trim();
  if (/^impl\b/.test(bare)) return { type, generic, bounds: bare.replace(/^impl\s*/, '') };
  const bounds = fn.typeBounds?.[bare];
  if (!bounds) return { type, generic };
  const named = new RegExp(`\\b${bare}\\b`);
  const elsewhere = fn.params.filter((p) => named.test(p.type)).length > 1 || named.test(fn.returnType ?? '') || Object.entries(fn.typeBounds ?? {}).some(([k, b]) => k !== bare && named.test(b));
  return elsewhere ? { type, generic } : { type, generic, bounds };
}

/**
 * Every parameter the argument may go to: the one `parameterOfArgument` knows, or, for a method the
 * model resolves by name only, the parameter at that position of each crate fn of that name. A rule
 * that must not fire when any callee needs a type asks this one.
 */
export function parametersOfArgument(arg: Node, model: FileModel): ParameterSlot[] {
  const known = parameterOfArgument(arg, model);
  if (known) return [known];
  const args = arg.parent;
  const call = args?.parent;
  if (args?.type !== 'arguments' || call?.type !== 'call_expression') return [];
  const index = args.namedChildren.findIndex((a) => a.id === arg.id);
  const method = call.childForFieldName('function')?.type === 'field_expression' || call.childForFieldName('function')?.type === 'generic_function';
  const out: ParameterSlot[] = [];
  for (const target of model.callees(call)) {
    const at = target.fn.hasSelf && !method ? index - 1 : index;
    const param = target.fn.params.find((p) => p.position === at);
    if (param) out.push(slotOf(param.type, target.fn));
  }
  return out;
}

export function parameterOfArgument(arg: Node, model: FileModel): ParameterSlot | null {
  const args = arg.parent;
  const call = args?.parent;
  if (args?.type !== 'arguments' || call?.type !== 'call_expression') return null;
  const index = args.namedChildren.findIndex((a) => a.id === arg.id);
  const fn = call.childForFieldName('function');
  if (index < 0 || !fn) return null;
  const targets = model.knownCallees(call);
  if (targets.length === 1) {
    const target = targets[0]!.fn;
    // `Type::method(receiver, a)`: the receiver is the first argument of a path call to a method.
    const at = target.hasSelf && fn.type !== 'field_expression' ? index - 1 : index;
    const param = target.params.find((p) => p.position === at);
    if (!param) return null;
    return slotOf(param.type, target);
  }
  if (fn.type !== 'identifier') return null;
  let decl = resolveBinding(fn);
  // `let mut again = again;`: the same closure under a new binding.
  for (let hops = 0; decl && !decl.type && decl.value?.type === 'identifier' && hops < 4; hops++) decl = resolveBinding(decl.value);
  if (!decl) return null;
  // `let check = |v: &Vec<u8>| ..; check(items)`
  if (decl.value?.type === 'closure_expression') {
    const param = decl.value.childForFieldName('parameters')?.namedChildren[index];
    const type = param?.type === 'parameter' ? param.childForFieldName('type') : null;
    return type ? { type: type.text, generic: false } : null;
  }
  const signature = closureSignature(decl.type, enclosingFn(decl.node));
  const type = signature?.namedChildren[index];
  if (!type) return null;
  return { type: type.text, generic: false };
}

/** `T`, `&T`, `&mut T`, `&'a T`, `impl Trait`, `&impl Trait` for a type parameter `T` of the callee. */
function isTypeParameter(type: string, typeParams: readonly string[]): boolean {
  const bare = type.replace(/^&\s*('\w+\s*)?(mut\s+)?/, '').trim();
  return typeParams.includes(bare) || /^impl\b/.test(bare);
}

/** The `parameters` of the `Fn(..)` in a closure's declared type (`impl Fn(A)`, `&dyn FnMut(A)`, `Box<dyn Fn(A)>`, or `F` bound by `F: Fn(A)` on the fn). */
function closureSignature(type: Node | null, fn: Node | null): Node | null {
  if (!type) return null;
  const own = fnTraitParameters(type);
  if (own) return own;
  const name = type.type === 'type_identifier' ? type.text : type.type === 'reference_type' ? type.childForFieldName('type')?.text : undefined;
  if (!name || !fn) return null;
  const bounds: Node[] = [];
  for (const p of fn.childForFieldName('type_parameters')?.namedChildren ?? []) {
    if ((p.childForFieldName('name') ?? p.namedChildren[0])?.text === name) bounds.push(p);
  }
  for (const w of fn.namedChildren.find((c) => c.type === 'where_clause')?.namedChildren ?? []) {
    if (w.childForFieldName('left')?.text === name) bounds.push(w);
  }
  for (const b of bounds) {
    const found = fnTraitParameters(b);
    if (found) return found;
  }
  return null;
}

function fnTraitParameters(node: Node): Node | null {
  for (const d of [node, ...descendants(node)]) {
    if (d.type !== 'function_type') continue;
    const trait = d.childForFieldName('trait') ?? d.namedChildren[0];
    if (trait && isClosureTrait(trait.text)) return d.childForFieldName('parameters');
  }
  return null;
}

function enclosingFn(node: Node): Node | null {
  for (let a = node.parent; a; a = a.parent) if (a.type === 'function_item') return a;
  return node.type === 'function_item' ? node : null;
}

/**
 * What the callee does with an argument when its parameter only views it (catalogue `parameterView`):
 * `impl AsRef<X>` / `P: AsRef<X>` or a `ToString` / `Display` parameter of every crate fn the call
 * may reach, or a std / tokio fn of the catalogue taking `impl AsRef<..>` at that position (resolved
 * through the file's `use` items). Null when any callee may want more, or when the model cannot see it.
 */
export function argumentView(arg: Node, model: FileModel, imports: ImportMap): ParameterView | null {
  const args = arg.parent;
  const call = args?.parent;
  if (args?.type !== 'arguments' || call?.type !== 'call_expression') return null;
  const slots = parametersOfArgument(arg, model);
  if (slots.length) {
    const views = slots.map((s) => parameterView(s.type, s.bounds));
    const first = views[0];
    return first && views.every((v) => v && JSON.stringify(v) === JSON.stringify(first)) ? first : null;
  }
  if (methodName(call) !== null || model.callees(call).length) return null;
  const index = args.namedChildren.findIndex((a) => a.id === arg.id);
  const target = AS_REF_PARAMETERS[imports.resolveAt(calleeText(call), call).replace(/^::/, '')]?.[index];
  return target ? { kind: 'as-ref', target } : null;
}
