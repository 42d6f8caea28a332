/**
 * Navigating a crate by syntax: other files are reached through `use crate::a::b::Type` (-> the
 * module file `src/a/b.rs` or `src/a/b/mod.rs`), types through the `impl` around `self` or the
 * parameter types of a fn (`State(state): State<AppState>` -> `AppState`).
 */
import { ImportMap } from '../../../rust/imports.js';
import { NodeMemo, type Node } from '../../../rust/parser.js';
import { ancestors, findDescendants, letsBinding, methodName, methodReceiver } from '../../../rust/syntax.js';
import { enclosingFn } from './context.js';

export interface ParsedFile {
  path: string;
  root: Node;
  imports: ImportMap;
}

/** A file loader for other files of the crate (returns null when absent). */
export type FileLoader = (path: string) => Promise<ParsedFile | null>;

/** A caching loader over a change rule's head tree (each file parsed at most once). */
export function headLoader(ctx: { readHead(path: string): Promise<string | undefined>; parse(source: string): Node }): FileLoader {
  const cache = new Map<string, Promise<ParsedFile | null>>();
  return (path) => {
    let p = cache.get(path);
    if (!p) {
      p = ctx.readHead(path).then((src) => {
        if (src === undefined) return null;
        const root = ctx.parse(src);
        return { path, root, imports: ImportMap.fromRoot(root) };
      });
      cache.set(path, p);
    }
    return p;
  };
}

/** Extractor and smart-pointer wrappers: the interesting type is inside them. */
const WRAPPER_TYPES = new Set(['State', 'Data', 'Arc', 'Rc', 'Box', 'Extension', 'Option', 'Json', 'Path', 'Query', 'Form', 'Self', 'Mutex', 'RwLock']);

/** The last non-wrapper type name in a type: `web::Data<AppState>` -> `AppState`, `Arc<Mailer>` -> `Mailer`. */
export function innerTypeName(type: Node): string | null {
  const names = [type, ...findDescendants(type, 'type_identifier')].filter((t) => t.type === 'type_identifier').map((t) => t.text);
  return names.filter((n) => !WRAPPER_TYPES.has(n)).pop() ?? null;
}

/** The type name of the `impl` block around a node. */
export function implTypeOf(node: Node): string | null {
  for (const a of ancestors(node)) {
    if (a.type === 'impl_item') {
      const t = a.childForFieldName('type');
      return t ? (t.type === 'generic_type' ? t.childForFieldName('type')?.text ?? null : t.text) : null;
    }
  }
  return null;
}

/** The app-state type of an expression's root binding: `self` -> impl type, `state: State<AppState>` -> `AppState`. */
export function ownerType(root: Node): string | null {
  if (root.type === 'self') return implTypeOf(root);
  if (root.type !== 'identifier') return null;
  const fn = enclosingFn(root);
  for (const p of findDescendants(fn?.childForFieldName('parameters') ?? root, 'parameter')) {
    const pat = p.childForFieldName('pattern');
    const bound = pat && (pat.type === 'identifier' ? [pat] : findDescendants(pat, 'identifier'));
    if (!bound?.some((b) => b.text === root.text)) continue;
    const type = p.childForFieldName('type');
    if (!type) return null;
    return innerTypeName(type);
  }
  return null;
}

/** Candidate files of a `crate::a::b::Type` path, relative to the crate's `src/` folder. */
export function moduleFiles(fullPath: string, fromPath: string): string[] {
  const segs = fullPath.split('::');
  if (segs[0] !== 'crate' || segs.length < 3) return [];
  const srcRoot = /^(.*?\bsrc\/)/.exec(fromPath)?.[1] ?? 'src/';
  const mod = segs.slice(1, -1).join('/');
  return [`${srcRoot}${mod}.rs`, `${srcRoot}${mod}/mod.rs`];
}


/** Whether a file defines (or implements) the type `name`. */
export function definesType(file: ParsedFile, name: string): boolean {
  return findDescendants(file.root, ['struct_item', 'enum_item', 'impl_item']).some((d) => {
    if (d.type === 'impl_item') {
      const t = d.childForFieldName('type');
      return (t?.type === 'generic_type' ? t.childForFieldName('type')?.text : t?.text) === name;
    }
    return d.childForFieldName('name')?.text === name;
  });
}

/** The file defining type `name` as seen from `from`: `from` itself, or the module its `use` points at. */
export async function fileDefining(name: string, from: ParsedFile, load: FileLoader): Promise<ParsedFile | null> {
  if (definesType(from, name)) return from;
  for (const candidate of moduleFiles(from.imports.resolve(name), from.path)) {
    const other = await load(candidate);
    if (other && definesType(other, name)) return other;
  }
  return null;
}

/** The declared type of field `field` of struct `typeName` in `file`. */
export function fieldType(file: ParsedFile, typeName: string, field: string): Node | null {
  for (const s of findDescendants(file.root, 'struct_item')) {
    if (s.childForFieldName('name')?.text !== typeName) continue;
    for (const f of findDescendants(s, 'field_declaration')) {
      if (f.childForFieldName('name')?.text === field) return f.childForFieldName('type');
    }
  }
  return null;
}

const implName = (impl: Node): string | undefined => {
  const t = impl.childForFieldName('type');
  return (t?.type === 'generic_type' ? t.childForFieldName('type')?.text : t?.text) ?? undefined;
};

/** A file's fns by name, free and per `impl` type, indexed once per tree (calls resolve many names). */
interface FnIndex {
  free: Map<string, Node[]>;
  /** `Type::name` -> fns of `impl Type` blocks. */
  inImpl: Map<string, Node[]>;
}
const fnIndexes = new NodeMemo<FnIndex>();

function fnIndexOf(file: ParsedFile): FnIndex {
  let index = fnIndexes.get(file.root);
  if (index) return index;
  index = { free: new Map(), inImpl: new Map() };
  const push = (map: Map<string, Node[]>, key: string, fn: Node) => {
    const list = map.get(key);
    if (list) list.push(fn);
    else map.set(key, [fn]);
  };
  for (const f of findDescendants(file.root, 'function_item')) {
    const name = f.childForFieldName('name')?.text;
    if (name && !ancestorsOf(f).some((a) => a.type === 'impl_item' || a.type === 'trait_item')) push(index.free, name, f);
  }
  for (const impl of findDescendants(file.root, 'impl_item')) {
    const type = implName(impl);
    if (!type) continue;
    for (const f of findDescendants(impl, 'function_item')) {
      const name = f.childForFieldName('name')?.text;
      if (name) push(index.inImpl, `${type}::${name}`, f);
    }
  }
  fnIndexes.set(file.root, index);
  return index;
}

/** Fns named `name` in `impl typeName` blocks of a file. */
function implFnsNamed(file: ParsedFile, typeName: string, name: string): Node[] {
  return fnIndexOf(file).inImpl.get(`${typeName}::${name}`) ?? [];
}

/** Free fns named `name` of a file (not inside an impl or trait). */
function freeFnsNamed(file: ParsedFile, name: string): Node[] {
  return fnIndexOf(file).free.get(name) ?? [];
}

const ancestorsOf = (n: Node): Node[] => [...ancestors(n)];

/** The single fn among candidates (several with the same name: ambiguous, so null). */
const single = (fns: Node[]): Node | null => (fns.length === 1 ? fns[0]! : null);

/**
 * The fn item a call calls, found by syntax: a free fn of this file or of the module its path
 * imports (`notify::send(..)`, an imported `send(..)`), a method of the `impl` around `self`, or
 * a method of the type of a typed parameter or of a state field (`state.mailer.send(..)`).
 */
export async function resolveCalledFn(call: Node, file: ParsedFile, load: FileLoader): Promise<{ fn: Node; file: ParsedFile } | null> {
  const callee = call.childForFieldName('function');
  const method = callee?.type === 'field_expression' ? callee.childForFieldName('field')?.text ?? null : null;
  if (method === null) {
    const written = (callee?.type === 'generic_function' ? callee.childForFieldName('function') : callee)?.text.replace(/\s+/g, '') ?? '';
    if (/^\w+$/.test(written) && !file.imports.names.has(written)) {
      const fn = single(freeFnsNamed(file, written));
      return fn ? { fn, file } : null;
    }
    const assoc = /^(Self|[A-Z]\w*)::(\w+)$/.exec(written);
    if (assoc) {
      const type = assoc[1] === 'Self' ? implTypeOf(call) : assoc[1]!;
      const typeFile = type ? await fileDefining(type, file, load) : null;
      const fn = type && typeFile ? single(implFnsNamed(typeFile, type, assoc[2]!)) : null;
      return fn && typeFile ? { fn, file: typeFile } : null;
    }
    const full = file.imports.resolve(written);
    if (!full.startsWith('crate::')) return null;
    for (const candidate of moduleFiles(full, file.path)) {
      const other = await load(candidate);
      const fn = other ? single(freeFnsNamed(other, full.split('::').pop()!)) : null;
      if (fn && other) return { fn, file: other };
    }
    return null;
  }
  const receiver = callee!.childForFieldName('value');
  const owner = receiver ? await typeOfExpr(receiver, file, load) : null;
  if (!owner) return null;
  const fn = single(implFnsNamed(owner.file, owner.name, method));
  return fn ? { fn, file: owner.file } : null;
}

/** A type by name and the file that defines (or implements) it. */
export interface TypeRef {
  name: string;
  file: ParsedFile;
}

/**
 * The file defining the type a type node names, as seen from `from`: the innermost non-wrapper
 * type (`Arc<crate::crm::CrmClient>` -> `CrmClient`), found in `from` itself or through its path
 * (`crate::crm::CrmClient`, `crm::CrmClient` of a root module) or its `use` import.
 */
export async function typeRefOf(type: Node, from: ParsedFile, load: FileLoader): Promise<TypeRef | null> {
  // One named type inside wrappers only: `Sender<Event>` or `Vec<Job>` is not an `Event` / a `Job`.
  const named = [type, ...findDescendants(type, 'type_identifier')].filter((t) => t.type === 'type_identifier' && !WRAPPER_TYPES.has(t.text));
  if (named.length !== 1) return null;
  const name = named[0]!.text;
  const scoped = [type, ...findDescendants(type, 'scoped_type_identifier')].find((t) => t.type === 'scoped_type_identifier' && t.childForFieldName('name')?.text === name);
  if (!scoped) {
    const file = await fileDefining(name, from, load);
    return file ? { name, file } : null;
  }
  const full = from.imports.resolve(scoped.text);
  const paths = full.startsWith('crate::') ? [full] : /^(std|core|alloc|self|super)::/.test(full) ? [] : [`crate::${full}`];
  for (const candidate of paths.flatMap((p) => moduleFiles(p, from.path))) {
    const other = await load(candidate);
    if (other && definesType(other, name)) return { name, file: other };
  }
  return null;
}

/** The declared type of a fn parameter bound to `ident` (`state: web::Data<AppState>`, `State(s): State<S>`). */
function parameterType(ident: Node): Node | null {
  const fn = enclosingFn(ident);
  for (const p of findDescendants(fn?.childForFieldName('parameters') ?? ident, 'parameter')) {
    const pat = p.childForFieldName('pattern');
    const bound = pat && (pat.type === 'identifier' ? [pat] : findDescendants(pat, 'identifier'));
    if (bound?.some((b) => b.text === ident.text)) return p.childForFieldName('type');
  }
  return null;
}

/** The nearest `let <ident> = ..` in scope before `ident` in its fn (a `let` whose block holds the use). */
function localLet(ident: Node): Node | null {
  const body = enclosingFn(ident)?.childForFieldName('body');
  if (!body) return null;
  let found: Node | null = null;
  for (const l of letsBinding(body, ident.text)) {
    if (l.startIndex >= ident.startIndex) break;
    if (l.endIndex > ident.startIndex) continue; // the use is inside this let's own value
    const block = l.parent;
    if (!block || block.startIndex > ident.startIndex || block.endIndex < ident.endIndex) continue;
    found = l;
  }
  return found;
}

/** `Arc::clone(&x)`, `x.clone()`, `Rc::clone(&x)`, `Arc::new(x)`, `&x`: the expression whose type it shares, else null. */
function sharedSource(expr: Node): Node | null {
  if (expr.type === 'reference_expression' || expr.type === 'parenthesized_expression') return expr.namedChildren[expr.namedChildren.length - 1] ?? null;
  if (expr.type !== 'call_expression') return null;
  const args = expr.childForFieldName('arguments')?.namedChildren ?? [];
  const method = methodName(expr);
  if (method !== null) return (method === 'clone' || method === 'as_ref') && !args.length ? methodReceiver(expr) : null;
  const callee = (expr.childForFieldName('function')?.text ?? '').replace(/\s+/g, '');
  return /^((std::)?(sync|rc)::)?(Arc|Rc)::(clone|new)$|^(std::clone::)?Clone::clone$/.test(callee) && args.length === 1 ? args[0]! : null;
}

/**
 * The type of an expression, by syntax: `self` (the impl type), a typed parameter, a local bound
 * from a shared clone of something typed (`let crm = Arc::clone(&self.crm)`, `state.mailer.clone()`),
 * or a field of any of these (its declared type in the owner's struct).
 */
export async function typeOfExpr(expr: Node, file: ParsedFile, load: FileLoader, depth = 0): Promise<TypeRef | null> {
  if (depth > 5) return null;
  if (expr.type === 'self') {
    const name = implTypeOf(expr);
    return name ? { name, file } : null;
  }
  if (expr.type === 'identifier') {
    const param = parameterType(expr);
    if (param) return typeRefOf(param, file, load);
    const decl = localLet(expr);
    if (!decl) return null;
    const declared = decl.childForFieldName('type');
    if (declared) return typeRefOf(declared, file, load);
    const value = decl.childForFieldName('value');
    const source = value && sharedSource(value);
    return source ? typeOfExpr(source, file, load, depth + 1) : null;
  }
  if (expr.type === 'field_expression') {
    const base = expr.childForFieldName('value');
    const field = expr.childForFieldName('field')?.text;
    const owner = base && field ? await typeOfExpr(base, file, load, depth + 1) : null;
    const ownerFile = owner && (fieldType(owner.file, owner.name, field!) ? owner.file : await fileDefining(owner.name, owner.file, load));
    const type = owner && ownerFile ? fieldType(ownerFile, owner.name, field!) : null;
    return type && ownerFile ? typeRefOf(type, ownerFile, load) : null;
  }
  const source = sharedSource(expr);
  return source ? typeOfExpr(source, file, load, depth + 1) : null;
}
