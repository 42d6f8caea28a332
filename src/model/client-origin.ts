/**
 * Where an HTTP client comes from: a local `let`, a parameter every caller of the crate fills the same
 * way (this file's callers by syntax, other files' by the model's call sites, bounded), a static, a struct field initialised in this file (`Self { http: reqwest::Client::new(), .. }`),
 * or a field initialised in another file of the crate (field initialisers, fields.ts: `State(state):
 * State<AppState>` -> how `AppState.http` is built). Each origin says whether its construction sets a
 * timeout (the catalogue's knobs): a fact about the code, which async/missing-timeout judges.
 */
import {
  isClientBuilder,
  isClientConstruction,
  isDefaultClientConstructor,
  isHttpClientPath,
  isSharingConstructor,
  isTimeoutMethod,
  isWrappingClientBuilder,
} from '../catalogue/http.js';
import type { ParsedFile } from '../rust/parsed-file.js';
import type { CrateModel } from './index.js';
import { ownerOf } from './fields.js';
import { implOwnerOf } from './impl-owner.js';
import type { CallFact, ConstructionFact } from './facts.js';
import type { FnRef } from './crate-index.js';
import type { Node } from '../rust/parser.js';
import { chainTop, closest, findDescendants, methodChain } from '../rust/syntax.js';
import { resolveBinding } from './bindings.js';
import { resolvedCallee } from './callee.js';

export interface ClientFile extends ParsedFile {
  /** The crate model of the review (cross-file origins); absent: this file alone. */
  readonly model?: CrateModel;
}

export interface ClientOrigin {
  timeout: 'none' | 'set' | 'unknown';
  /** Where the construction is: a node of this file, or a place in another file of the crate (from the model). */
  node?: Node;
  file?: ClientFile;
  elsewhere?: { path: string; line: number; text: string };
}

const UNKNOWN: ClientOrigin = { timeout: 'unknown' };

/** Classifies a client construction expression: `reqwest::Client::new()`, a builder chain, or a wrapper around one. */
export function classifyConstruction(expr: Node, file: ClientFile, depth = 0): ClientOrigin {
  if (depth > 4) return UNKNOWN;
  let e = expr;
  while (e.type === 'try_expression' || e.type === 'parenthesized_expression' || e.type === 'reference_expression') e = e.namedChildren[e.namedChildren.length - 1]!;
  const { root, links } = methodChain(e);
  const names = links.map((l) => l.name);
  if (root.type === 'call_expression') {
    const path = resolvedCallee(root, file.imports) ?? '';
    const arg = root.childForFieldName('arguments')?.namedChildren[0];
    if (isDefaultClientConstructor(path)) return { timeout: names.length ? 'unknown' : 'none', node: e, file };
    if (isClientBuilder(path)) {
      if (!names.includes('build')) return UNKNOWN;
      return { timeout: names.some(isTimeoutMethod) ? 'set' : 'none', node: e, file };
    }
    // reqwest-middleware: `ClientBuilder::new(inner).with(..)..build()` sends through `inner`, whose timeout counts.
    if (isWrappingClientBuilder(path) && (!names.length || names[names.length - 1] === 'build')) return arg ? classifyConstruction(arg, file, depth + 1) : UNKNOWN;
    // `Arc::new(client)`, `Clone::clone(&client)`: look at the argument.
    if (isSharingConstructor(path) && !names.length) return arg ? classifyConstruction(arg, file, depth + 1) : UNKNOWN;
    return UNKNOWN;
  }
  if (names.every((n) => n === 'clone' || n === 'into' || n === '?')) {
    if (root.type === 'identifier') return originOfLocal(root, file, depth + 1);
    if (root.type === 'field_expression') return originOfField(root, file, depth + 1);
  }
  return UNKNOWN;
}

/** The same judgement over the model's record of a construction in another file. */
function classifyFact(c: ConstructionFact, path: string, depth = 0): ClientOrigin {
  if (depth > 4) return UNKNOWN;
  const at = { path, line: c.line, text: c.text };
  if (isDefaultClientConstructor(c.root)) return { timeout: c.links.length ? 'unknown' : 'none', elsewhere: at };
  if (isClientBuilder(c.root)) {
    if (!c.links.includes('build')) return UNKNOWN;
    return { timeout: c.links.some(isTimeoutMethod) ? 'set' : 'none', elsewhere: at };
  }
  if (isWrappingClientBuilder(c.root) && (!c.links.length || c.links[c.links.length - 1] === 'build')) return c.arg ? classifyFact(c.arg, path, depth + 1) : UNKNOWN;
  if (isSharingConstructor(c.root) && !c.links.length) return c.arg ? classifyFact(c.arg, path, depth + 1) : UNKNOWN;
  return UNKNOWN;
}

/**
 * The binding `ident` names in its fn (the model's scopes: a `let` of an inner block that has ended,
 * a closure parameter or a match arm of the same name are other bindings): a `let`'s value, a
 * parameter's callers, or, when no local binds it, a static.
 */
function originOfLocal(ident: Node, file: ClientFile, depth: number): ClientOrigin {
  const fn = closest(ident, 'function_item');
  if (!fn?.childForFieldName('body')) return UNKNOWN;
  const decl = resolveBinding(ident);
  if (decl?.kind === 'let') return decl.value ? classifyConstruction(decl.value, file, depth) : UNKNOWN;
  if (decl && decl.kind !== 'param') return UNKNOWN;
  const param = originOfParameter(fn, ident.text, file, depth);
  return param.timeout !== 'unknown' || decl ? param : originOfStatic(ident.text, file, depth);
}

/**
 * `client: &reqwest::Client`, a parameter: the clients its callers pass there, when they all agree
 * (`handle_queue(&db, &http_client)` after `let http_client = Client::new()`): the callers in this
 * file by its syntax, and, with the crate model, the callers in the crate's other files by their facts
 * (crossFileCallerOrigins). Any caller whose client is unknown, or no caller at all, leaves it unknown.
 */
function originOfParameter(fn: Node, name: string, file: ClientFile, depth: number): ClientOrigin {
  if (depth > 4) return UNKNOWN;
  const fnName = fn.childForFieldName('name')?.text;
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p.type === 'parameter');
  const index = params.findIndex((p) => p.childForFieldName('pattern')?.text.replace(/^mut\s+/, '') === name);
  if (!fnName || index < 0) return UNKNOWN;
  const method = fn.childForFieldName('parameters')?.namedChildren.some((p) => p.type === 'self_parameter') ?? false;
  let found: ClientOrigin | undefined;
  for (const call of findDescendants(file.root, 'call_expression')) {
    const callee = call.childForFieldName('function');
    const named = method
      ? callee?.type === 'field_expression' && callee.childForFieldName('value')?.type === 'self' && callee.childForFieldName('field')?.text === fnName
      : (callee?.type === 'identifier' && callee.text === fnName) || (callee?.type === 'scoped_identifier' && callee.text === `Self::${fnName}`);
    if (!named) continue;
    const arg = call.childForFieldName('arguments')?.namedChildren.filter((a) => !a.type.endsWith('comment'))[index];
    const origin = arg ? classifyConstruction(arg, file, depth + 1) : UNKNOWN;
    if (origin.timeout === 'unknown' || (found && found.timeout !== origin.timeout)) return UNKNOWN;
    found ??= origin;
  }
  if (!file.model) return found ?? UNKNOWN;
  const ref = file.model.index.fnsOfFile(file.path).find((r) => r.fn.line === fn.startPosition.row + 1 && r.fn.name === fnName);
  if (!ref) return found ?? UNKNOWN;
  const across = crossFileCallerOrigins(file.model, ref, index, depth + 1, new Set([`${ref.key}#${index}`]), file.path);
  if (!across) return UNKNOWN;
  for (const origin of across) {
    if (found && found.timeout !== origin.timeout) return UNKNOWN;
    found ??= origin;
  }
  return found ?? UNKNOWN;
}

/** Call sites of one fn that a cross-file parameter origin reads (more: unknown, as for any summary cut short). */
const MAX_CALLER_SITES = 16;

/**
 * What the callers of `ref` (outside `readFile`, whose own callers its syntax showed) pass at parameter `position`, each a known
 * origin; undefined when one of them is unknown or there are too many to read. A caller passes a
 * client it builds (CallFact.argClients) or one of its own parameters, whose callers are read in turn
 * (bounded by `depth` and the visited set).
 */
function crossFileCallerOrigins(model: CrateModel, ref: FnRef, position: number, depth: number, seen: Set<string>, readFile?: string): ClientOrigin[] | undefined {
  if (depth > 4) return undefined;
  const sites = callSitesOf(model, ref);
  if (sites.length > MAX_CALLER_SITES) return undefined;
  const out: ClientOrigin[] = [];
  for (const { caller, call } of sites) {
    // The callers in the file being read were judged by its syntax.
    if (caller.file.path === readFile) continue;
    const built = call.argClients?.[position];
    if (built) {
      const origin = classifyFact(built, caller.file.path);
      if (origin.timeout === 'unknown') return undefined;
      out.push(origin);
      continue;
    }
    // The caller hands on its own parameter, not rebound by a `let` before the call.
    const passed = call.argIdents?.[position];
    const param = passed ? caller.fn.params.find((p) => p.name === passed) : undefined;
    if (!param || caller.fn.lets.some((l) => l.name === passed && l.line <= call.line)) return undefined;
    const key = `${caller.key}#${param.position}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const further = crossFileCallerOrigins(model, caller, param.position, depth + 1, seen);
    if (!further?.length) return undefined;
    out.push(...further);
  }
  return out;
}

/** Per crate model: fn key -> the calls of the crate that reach it (by path or receiver type, not by name alone). */
const callSitesByModel = new WeakMap<CrateModel, Map<string, { caller: FnRef; call: CallFact }[]>>();

function callSitesOf(model: CrateModel, ref: FnRef): readonly { caller: FnRef; call: CallFact }[] {
  let sites = callSitesByModel.get(model);
  if (!sites) {
    sites = new Map();
    callSitesByModel.set(model, sites);
  }
  let list = sites.get(ref.key);
  if (!list) {
    list = [];
    const crate = model.index.crateOf(ref.file.path);
    for (const caller of model.index.fns) {
      if (model.index.crateOf(caller.file.path) !== crate) continue;
      caller.fn.calls.forEach((call, i) => {
        const named = call.method ?? call.written?.split('::').pop();
        if (named !== ref.fn.name) return;
        if (model.summaries.knownCallees(caller, i).some((t) => t.key === ref.key)) list!.push({ caller, call });
      });
    }
    sites.set(ref.key, list);
  }
  return list;
}

/** `static HTTP: Lazy<Client> = Lazy::new(Client::new);` or `LazyLock::new(|| Client::builder()..build()..)`. */
function originOfStatic(name: string, file: ClientFile, depth: number): ClientOrigin {
  const item = findDescendants(file.root, 'static_item').find((s) => s.childForFieldName('name')?.text === name);
  const value = item?.childForFieldName('value');
  if (!value) return UNKNOWN;
  for (const n of findDescendants(value, ['scoped_identifier', 'call_expression'])) {
    if (n.type === 'scoped_identifier' && n.parent?.type === 'arguments' && isDefaultClientConstructor(file.imports.resolve(n.text))) {
      return { timeout: 'none', node: n, file };
    }
    if (n.type === 'call_expression' && isClientConstruction(resolvedCallee(n, file.imports) ?? '')) {
      return classifyConstruction(chainTop(n), file, depth);
    }
  }
  return UNKNOWN;
}

/** How `field` is initialised in struct expressions of `file` (of `typeName` or `Self` inside its impl). */
function fieldInitialiser(field: string, typeName: string | null, file: ClientFile, depth: number): ClientOrigin {
  for (const s of findDescendants(file.root, 'struct_expression')) {
    const name = s.childForFieldName('name')?.text ?? '';
    if (typeName && name !== typeName && !(name === 'Self' && implOwnerOf(s) === typeName)) continue;
    const body = s.childForFieldName('body');
    for (const init of body?.namedChildren ?? []) {
      if (init.type === 'field_initializer' && init.childForFieldName('field')?.text === field) {
        const value = init.childForFieldName('value');
        if (value) return classifyConstruction(value, file, depth);
      }
      if (init.type === 'shorthand_field_initializer' && init.namedChildren[0]?.text === field) {
        return originOfLocal(init.namedChildren[0], file, depth);
      }
    }
  }
  return UNKNOWN;
}

/** `state.http`, `self.client`: where that field's client was built, in this file or (the model) another file of the crate. */
export function originOfField(expr: Node, file: ClientFile, depth = 0): ClientOrigin {
  const field = expr.childForFieldName('field')?.text;
  const value = expr.childForFieldName('value');
  if (!field || !value) return UNKNOWN;
  const owner = ownerOf(value) ?? null;
  const here = fieldInitialiser(field, owner, file, depth);
  if (here.timeout !== 'unknown' || !owner || !file.model) return here;
  for (const { file: other, init } of file.model.index.fieldInits(file.model.index.crateOf(file.path), owner, field)) {
    if (other.path === file.path) continue;
    const there = classifyFact(init.value, other.path, depth);
    if (there.timeout !== 'unknown') return there;
  }
  return UNKNOWN;
}

/** Where the client at the root of a request chain comes from. */
/**
 * A local name that holds an HTTP client of the catalogue's crates: a `let` of a client construction
 * (`reqwest::Client::builder()..build()?`), or a `let` / parameter whose written type is one
 * (`client: &reqwest::Client`). `client.execute(req)` on it is a request to another service, whatever
 * database APIs name the same method.
 */
export function holdsHttpClient(ident: Node, file: ParsedFile): boolean {
  if (ident.type !== 'identifier') return false;
  const decl = resolveBinding(ident);
  if (!decl) return false;
  const type = decl.type?.text.replace(/^&\s*(mut\s+)?/, '').split('<')[0]!.trim();
  if (type && isHttpClientPath(file.imports.resolve(type).replace(/^::/, ''))) return true;
  if (decl.kind !== 'let' || !decl.value) return false;
  const origin = classifyConstruction(decl.value, file);
  return !!(origin.node ?? origin.elsewhere);
}

export function clientOrigin(clientExpr: Node, file: ClientFile): ClientOrigin {
  if (clientExpr.type === 'identifier') return originOfLocal(clientExpr, file, 0);
  if (clientExpr.type === 'field_expression') return originOfField(clientExpr, file, 0);
  return classifyConstruction(clientExpr, file, 0);
}
