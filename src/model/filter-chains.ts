/**
 * Handlers of filter-combinator routing (warp, catalogue/web.ts `FILTER_CHAINS`): `warp::path!("u" /
 * u64).and(warp::query::<Q>()).and(with_db(db)).and_then(show)` hands `show` the values its filters
 * extract, in order: `(id, query, db)`. What the model keeps of a chain is, per parameter of the
 * handler, whether the client sent it (`r`), the program supplies it (`o`) or either (`?`), up to the
 * first filter whose values it cannot count (a variable, a method it does not know).
 *
 * A helper fn's filter (`.and(with_db(db))`, `.and(json_body())`) is kept as its path, `<with_db>`:
 * the helper may live in another file, so the crate model fills it in (expandFilterKinds) with what
 * the helper's own facts say it extracts (filterExtractsOf: its body's chain, else the declared
 * `Extract = (Db,)` / `BoxedFilter<(Item,)>` type).
 */
import type { Node } from '../rust/parser.js';
import type { ImportMap } from '../rust/imports.js';
import { calleeText, methodName, methodReceiver } from '../rust/syntax.js';
import { macroName, macroTokenTree } from '../rust/macros.js';
import { isFilterChain } from '../catalogue/web.js';
import { namesProgramValue } from '../catalogue/naming.js';
import { isSmartPointerType } from '../catalogue/values.js';
import { tailsOf } from './constant-values.js';

/** What a filter extracts: its values' kinds (`r` / `o`), whether they are all counted, whether any filter of it is known. */
interface Extracts {
  kinds: string;
  complete: boolean;
  known: boolean;
}

const UNKNOWN: Extracts = { kinds: '', complete: false, known: false };

/**
 * For a call handing a fn to a filter chain (`.and_then(show)`): the kinds of the handler's
 * parameters, in order, as far as they are known (`rr`, `ro`, ``); undefined when the receiver is no
 * filter chain the catalogue knows.
 */
export function filterHandlerParams(call: Node, imports: ImportMap): string | undefined {
  const extracts = handedFnExtracts(call, imports);
  return extracts?.known ? extracts.kinds : undefined;
}

/**
 * For a call handing a fn to a chain that starts at a helper fn and names no warp filter itself
 * (`search_filter().and(with_arg(svc)).then(search)`): the kinds as filterHandlerParams gives them
 * (`<search_filter><with_arg>`), which hold only if that first helper returns a filter: an
 * `opt().and(other()).map(f)` of `Option`s looks the same. The crate model checks (filterRequestParams).
 */
export function helperRootedFilterParams(call: Node, imports: ImportMap): string | undefined {
  const extracts = handedFnExtracts(call, imports);
  return extracts && !extracts.known && extracts.kinds.startsWith('<') ? extracts.kinds : undefined;
}

/** What the chain a handler method (`.and_then(show)`) is called on extracts, when it hands over one fn by name. */
function handedFnExtracts(call: Node, imports: ImportMap): Extracts | undefined {
  if (!isFilterChain('handlerMethods', methodName(call))) return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (args.length !== 1 || (args[0]!.type !== 'identifier' && args[0]!.type !== 'scoped_identifier')) return undefined;
  const receiver = methodReceiver(call);
  return receiver ? extractsOf(receiver, imports, 0) : UNKNOWN;
}

function extractsOf(filter: Node, imports: ImportMap, depth: number): Extracts {
  if (depth > 24) return UNKNOWN;
  let node = filter;
  while (node.type === 'parenthesized_expression' && node.namedChildren[0]) node = node.namedChildren[0];
  if (node.type === 'macro_invocation') {
    if (!isFilterChain('pathMacros', imports.resolveAt(macroName(node).replace(/!$/, ''), node))) return UNKNOWN;
    return { kinds: 'r'.repeat(typedSegments(node)), complete: true, known: true };
  }
  if (node.type !== 'call_expression') return UNKNOWN;
  const method = methodName(node);
  if (method === null) {
    const fn = node.childForFieldName('function');
    const path = fn?.type === 'generic_function' ? fn.childForFieldName('function')?.text ?? '' : calleeText(node);
    const resolved = imports.resolveAt(path.replace(/\s+/g, ''), node).replace(/^::/, '');
    if (isFilterChain('requestValueFilters', resolved)) return { kinds: 'r', complete: true, known: true };
    if (isFilterChain('matchOnlyFilters', resolved)) return { kinds: '', complete: true, known: true };
    // A helper fn's filter: what it extracts is its own facts' (the crate model expands it).
    if (fn?.type === 'identifier' || fn?.type === 'scoped_identifier') return { kinds: `<${path.replace(/\s+/g, '')}>`, complete: true, known: false };
    return UNKNOWN;
  }
  const receiver = methodReceiver(node);
  if (!receiver) return UNKNOWN;
  const left = extractsOf(receiver, imports, depth + 1);
  if (isFilterChain('passThroughMethods', method)) return left;
  // A handler's value (`warp::any().map(move || db.clone())`): one value the program makes.
  if (isFilterChain('handlerMethods', method)) return { kinds: 'o', complete: true, known: left.known };
  if (isFilterChain('joinMethods', method)) {
    const arg = node.childForFieldName('arguments')?.namedChildren[0];
    const right = arg ? extractsOf(arg, imports, depth + 1) : UNKNOWN;
    if (!left.complete) return { kinds: left.kinds, complete: false, known: left.known || right.known };
    return { kinds: left.kinds + right.kinds, complete: right.complete, known: left.known || right.known };
  }
  return { kinds: left.kinds, complete: false, known: left.known };
}

/**
 * What a helper fn returning a filter extracts (`fn with_db(db: Db) -> impl Filter<Extract = (Db,),
 * Error = Infallible> + Clone { warp::any().map(move || db.clone()) }`): its body's chain when the
 * chain is read to its end, else its declared `Extract` tuple, each value the program's when its type
 * is named as state or a handle (catalogue naming.ts) and either otherwise. Undefined for a fn that
 * returns no filter type the catalogue knows.
 */
export function filterExtractsOf(fn: Node, imports: ImportMap): string | undefined {
  const declared = declaredExtract(fn.childForFieldName('return_type'), imports);
  if (declared === undefined) return undefined;
  const body = fn.childForFieldName('body');
  const tails = body ? tailsOf(body) : [];
  const chain = tails.length === 1 ? extractsOf(tails[0]!, imports, 0) : UNKNOWN;
  const readToEnd = chain.complete && chain.known;
  // The declared tuple counts the values; the body, read to its end, tells whose they are.
  if (declared !== null) return readToEnd && !chain.kinds.includes('<') && chain.kinds.length === declared.length ? chain.kinds : declared;
  return readToEnd || (chain.complete && chain.kinds.includes('<')) ? chain.kinds : undefined;
}

/** The kinds a declared filter type's `Extract` tuple gives (`(Db, Item)` -> `o?`); null for a filter type whose tuple is not written; undefined for no filter type. */
function declaredExtract(returnType: Node | null, imports: ImportMap): string | null | undefined {
  const text = returnType?.text.replace(/\s+/g, '') ?? '';
  const head = /^(?:impl)?([\w:]+)(?:<|\+|$)/.exec(text)?.[1];
  if (!head || !isFilterChain('filterTypes', imports.resolveAt(head, returnType!).replace(/^::/, ''))) return undefined;
  const at = text.search(/Extract=\(|BoxedFilter<\(/);
  if (at < 0) return null;
  const open = text.indexOf('(', at);
  const elements: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '<' || c === '[') depth++;
    if (c === ')' || c === '>' || c === ']') {
      if (depth === 0) break;
      depth--;
    }
    if (c === ',' && depth === 0) {
      elements.push(current);
      current = '';
    } else current += c;
  }
  if (current) elements.push(current);
  return elements.map((t) => (isProgramValueType(t) ? 'o' : '?')).join('');
}

/** `Db`, `Arc<Mutex<Vec<Todo>>>`, `sqlx::PgPool`: a value the program makes, by its type's name or its shared pointer. */
function isProgramValueType(type: string): boolean {
  const head = /^&?(?:'\w+)?(?:mut)?([\w:]+)/.exec(type)?.[1] ?? '';
  const name = head.slice(head.lastIndexOf(':') + 1);
  return isSmartPointerType(name) || namesProgramValue(name);
}

/** What a helper filter named by its path (as written where it is used) extracts, and how to look up the helpers it uses in turn. */
export type FilterLookup = (path: string) => { kinds: string; lookup: FilterLookup } | undefined;

/**
 * The handler's parameter kinds with each helper filter `<path>` replaced by what `lookup` says that
 * helper extracts (helpers of helpers looked up where they are written); `complete` is false where the
 * count stopped at a helper `lookup` does not know.
 */
export function expandFilterKinds(kinds: string, lookup: FilterLookup, depth = 0): { kinds: string; complete: boolean } {
  let out = '';
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] !== '<') {
      out += kinds[i];
      continue;
    }
    const end = kinds.indexOf('>', i);
    const found = depth < 8 && end > i ? lookup(kinds.slice(i + 1, end)) : undefined;
    if (!found) return { kinds: out, complete: false };
    const inner = expandFilterKinds(found.kinds, found.lookup, depth + 1);
    out += inner.kinds;
    if (!inner.complete) return { kinds: out, complete: false };
    i = end;
  }
  return { kinds: out, complete: true };
}

/** The typed segments of `path!("users" / u64 / "posts" / String)`: those that are not string literals (nor `..`). */
function typedSegments(invocation: Node): number {
  const tt = macroTokenTree(invocation);
  if (!tt) return 0;
  const inner = tt.text.slice(1, -1);
  return inner.split('/').map((s) => s.trim()).filter((s) => s && !s.startsWith('"') && s !== '..').length;
}
