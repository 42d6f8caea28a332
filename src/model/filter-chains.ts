/**
 * Handlers of filter-combinator routing (warp, catalogue/web.ts `FILTER_CHAINS`): `warp::path!("u" /
 * u64).and(warp::query::<Q>()).and(with_db(db)).and_then(show)` hands `show` the values its filters
 * extract, in order: `(id, query, db)`. What the model keeps of a chain is, per parameter of the
 * handler, whether the client sent it (`r`) or the program supplies it (`o`), up to the first filter
 * whose values it cannot count (a helper fn's filter, a variable).
 */
import type { Node } from '../rust/parser.js';
import type { ImportMap } from '../rust/imports.js';
import { calleeText, methodName, methodReceiver } from '../rust/syntax.js';
import { macroName, macroTokenTree } from '../rust/macros.js';
import { isFilterChain } from '../catalogue/web.js';

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
  if (!isFilterChain('handlerMethods', methodName(call))) return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (args.length !== 1 || (args[0]!.type !== 'identifier' && args[0]!.type !== 'scoped_identifier')) return undefined;
  const receiver = methodReceiver(call);
  const extracts = receiver ? extractsOf(receiver, imports, 0) : UNKNOWN;
  return extracts.known ? extracts.kinds : undefined;
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

/** The typed segments of `path!("users" / u64 / "posts" / String)`: those that are not string literals (nor `..`). */
function typedSegments(invocation: Node): number {
  const tt = macroTokenTree(invocation);
  if (!tt) return 0;
  const inner = tt.text.slice(1, -1);
  return inner.split('/').map((s) => s.trim()).filter((s) => s && !s.startsWith('"') && s !== '..').length;
}
