/**
 * Where an HTTP client comes from, followed through syntax only: a local `let`, a struct field
 * initialised in this file (`Self { http: reqwest::Client::new(), .. }`), or a field of an app-state
 * type defined in another file of the crate (`State(state): State<AppState>` + `use
 * crate::state::AppState` -> `src/state.rs`). Each origin is classified by whether its construction
 * sets a timeout.
 */
import type { Node } from '../../../rust/parser.js';
import { findDescendants, lastBefore, letsBinding, methodChain } from '../../../rust/syntax.js';
import { resolvedCallee } from './calls.js';
import { enclosingFn } from './context.js';
import { implTypeOf, moduleFiles, ownerType, type FileLoader, type ParsedFile } from './crate-files.js';

export type { FileLoader, ParsedFile } from './crate-files.js';

export interface ClientOrigin {
  timeout: 'none' | 'set' | 'unknown';
  /** The construction expression, when found. */
  node?: Node;
  file?: ParsedFile;
}

const UNKNOWN: ClientOrigin = { timeout: 'unknown' };
const TIMEOUT_LINKS = /^(timeout|read_timeout)$/;


/** Classifies a client construction expression: `reqwest::Client::new()`, a builder chain, or a wrapper around one. */
export async function classifyConstruction(expr: Node, file: ParsedFile, load: FileLoader, depth = 0): Promise<ClientOrigin> {
  if (depth > 4) return UNKNOWN;
  let e = expr;
  while (e.type === 'try_expression' || e.type === 'parenthesized_expression' || e.type === 'reference_expression') e = e.namedChildren[e.namedChildren.length - 1]!;
  const { root, links } = methodChain(e);
  const names = links.map((l) => l.name);
  if (root.type === 'call_expression') {
    const path = resolvedCallee(root, file.imports) ?? '';
    if (/^reqwest::(Client::(new|default)|ClientBuilder::(new|default)|Client::builder)$/.test(path)) {
      if (/::new$|::default$/.test(path) && path.startsWith('reqwest::Client::')) return { timeout: names.length ? 'unknown' : 'none', node: e, file };
      if (!names.includes('build')) return UNKNOWN;
      return { timeout: names.some((n) => TIMEOUT_LINKS.test(n)) ? 'set' : 'none', node: e, file };
    }
    // reqwest-middleware: `ClientBuilder::new(inner).with(..)..build()` sends through `inner`, whose timeout counts.
    if (/^reqwest_middleware::ClientBuilder::new$/.test(path) && (!names.length || names[names.length - 1] === 'build')) {
      const arg = root.childForFieldName('arguments')?.namedChildren[0];
      return arg ? classifyConstruction(arg, file, load, depth + 1) : UNKNOWN;
    }
    // `Arc::new(client)`, `Clone::clone(&client)`: look at the argument.
    if (/(^|::)(Arc::new|Rc::new|Box::new|clone)$/.test(path) && !names.length) {
      const arg = root.childForFieldName('arguments')?.namedChildren[0];
      return arg ? classifyConstruction(arg, file, load, depth + 1) : UNKNOWN;
    }
    return UNKNOWN;
  }
  if (names.every((n) => n === 'clone' || n === 'into' || n === '?')) {
    if (root.type === 'identifier') return originOfLocal(root, file, load, depth + 1);
    if (root.type === 'field_expression') return originOfField(root, file, load, depth + 1);
  }
  return UNKNOWN;
}

/** `let client = ..;` before `ident` in the same fn. */
async function originOfLocal(ident: Node, file: ParsedFile, load: FileLoader, depth: number): Promise<ClientOrigin> {
  const fn = enclosingFn(ident);
  const body = fn?.childForFieldName('body');
  if (!body) return UNKNOWN;
  const l = lastBefore(letsBinding(body, ident.text), ident.startIndex);
  if (l) {
    const value = l.childForFieldName('value');
    return value ? classifyConstruction(value, file, load, depth) : UNKNOWN;
  }
  return originOfStatic(ident.text, file, load, depth);
}

/** `static HTTP: Lazy<Client> = Lazy::new(Client::new);` or `LazyLock::new(|| Client::builder()..build()..)`. */
async function originOfStatic(name: string, file: ParsedFile, load: FileLoader, depth: number): Promise<ClientOrigin> {
  const item = findDescendants(file.root, 'static_item').find((s) => s.childForFieldName('name')?.text === name);
  const value = item?.childForFieldName('value');
  if (!value) return UNKNOWN;
  for (const n of findDescendants(value, ['scoped_identifier', 'call_expression'])) {
    if (n.type === 'scoped_identifier' && n.parent?.type === 'arguments' && /^reqwest::Client::(new|default)$/.test(file.imports.resolve(n.text))) {
      return { timeout: 'none', node: n, file };
    }
    if (n.type === 'call_expression' && /^reqwest::(Client::(new|default|builder)|ClientBuilder::new)$/.test(resolvedCallee(n, file.imports) ?? '')) {
      return classifyConstruction(chainTop(n), file, load, depth);
    }
  }
  return UNKNOWN;
}

/** The outermost link of the method chain (and `?` / `.await`) starting at `call`. */
export function chainTop(call: Node): Node {
  let cur = call;
  for (;;) {
    const p = cur.parent;
    if (p?.type === 'await_expression' || p?.type === 'try_expression') { cur = p; continue; }
    if (p?.type === 'field_expression' && p.parent?.type === 'call_expression' && p.childForFieldName('value')?.id === cur.id) { cur = p.parent; continue; }
    return cur;
  }
}

/** How `field` is initialised in struct expressions of `file` (of `typeName` or `Self` inside its impl). */
async function fieldInitialiser(field: string, typeName: string | null, file: ParsedFile, load: FileLoader, depth: number): Promise<ClientOrigin> {
  for (const s of findDescendants(file.root, 'struct_expression')) {
    const name = s.childForFieldName('name')?.text ?? '';
    if (typeName && name !== typeName && !(name === 'Self' && implTypeOf(s) === typeName)) continue;
    const body = s.childForFieldName('body');
    for (const init of body?.namedChildren ?? []) {
      if (init.type === 'field_initializer' && init.childForFieldName('field')?.text === field) {
        const value = init.childForFieldName('value');
        if (value) return classifyConstruction(value, file, load, depth);
      }
      if (init.type === 'shorthand_field_initializer' && init.namedChildren[0]?.text === field) {
        return originOfLocal(init.namedChildren[0], file, load, depth);
      }
    }
  }
  return UNKNOWN;
}

/** `state.http`, `self.client`, `self.inner.http`: where that field's client was built. */
export async function originOfField(expr: Node, file: ParsedFile, load: FileLoader, depth = 0): Promise<ClientOrigin> {
  const field = expr.childForFieldName('field')?.text;
  const value = expr.childForFieldName('value');
  if (!field || !value) return UNKNOWN;
  const owner = value.type === 'self' || value.type === 'identifier' ? ownerType(value) : null;
  const here = await fieldInitialiser(field, owner, file, load, depth);
  if (here.timeout !== 'unknown' || !owner) return here;
  const full = file.imports.resolve(owner);
  for (const candidate of moduleFiles(full, file.path)) {
    const other = await load(candidate);
    if (!other) continue;
    const there = await fieldInitialiser(field, owner, other, load, depth);
    if (there.timeout !== 'unknown') return there;
  }
  return UNKNOWN;
}

/** Where the client at the root of a request chain comes from. */
export async function clientOrigin(clientExpr: Node, file: ParsedFile, load: FileLoader): Promise<ClientOrigin> {
  if (clientExpr.type === 'identifier') return originOfLocal(clientExpr, file, load, 0);
  if (clientExpr.type === 'field_expression') return originOfField(clientExpr, file, load, 0);
  return classifyConstruction(clientExpr, file, load, 0);
}
