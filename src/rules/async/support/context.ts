/**
 * Where a piece of code runs, as the async rules need it: on an executor thread (where blocking
 * stalls every task on that worker), in work already handed to a blocking pool or thread, or in
 * plain sync code. Extends the shared P1 helper with thread-spawning method chains
 * (`thread::Builder::new().spawn(|| ..)`, `scope.spawn(|| ..)`, rayon's `par_iter().map(|x| ..)`).
 */
import { NodeMemo, type Node } from '../../../rust/parser.js';
import { ancestors, attributePath, attributesOf, calleeText, findDescendants, isAsyncClosure, isAsyncFn, methodChain, methodName } from '../../../rust/syntax.js';

export type ExecutorContext =
  /** Directly in an `async fn` / `async` block body: runs on the executor. */
  | 'async'
  /** In a sync closure inside async code (`.map(|p| ..)`, `get_or_init(|| ..)`): still on the executor. */
  | 'maybe-async'
  /** In a closure handed to `spawn_blocking`, `block_in_place`, a thread, rayon, `web::block`, `interact`. */
  | 'offloaded'
  /** Sync code: a plain `fn`, or top level. */
  | 'sync';

/** Free functions whose closure argument runs off the executor. */
const OFFLOADING_CALLEES = /(^|::)(spawn_blocking|block_in_place|interact|block)$|(^|::)thread::spawn$|^spawn$|rayon::/;
/** Methods whose closure argument runs off the executor. */
const OFFLOADING_METHODS = new Set(['spawn_blocking', 'block_in_place', 'interact', 'spawn', 'spawn_fifo']);
/** Rayon parallel iterators: their adaptor closures run on the rayon pool. */
const RAYON_SOURCES = /^(par_iter|par_iter_mut|into_par_iter|par_chunks|par_chunks_mut|par_bridge|par_lines|par_split)$/;

/** Whether `call` hands its closure argument to a blocking pool or a thread. */
function offloadingCall(call: Node): boolean {
  const method = methodName(call);
  if (method === null) return OFFLOADING_CALLEES.test(calleeText(call));
  if (OFFLOADING_METHODS.has(method)) return true;
  return methodChain(call).links.some((l) => RAYON_SOURCES.test(l.name));
}

/** `let job = move || ..; spawn_blocking(job)`: the closure is bound first, then handed off. */
function boundThenOffloaded(closure: Node): boolean {
  const decl = closure.parent;
  if (decl?.type !== 'let_declaration') return false;
  const name = decl.childForFieldName('pattern')?.text;
  const block = decl.parent;
  if (!name || !block) return false;
  return findDescendants(block, 'identifier').some(
    (i) => i.text === name && i.startIndex > decl.endIndex && i.parent?.type === 'arguments' && i.parent.parent?.type === 'call_expression' && offloadingCall(i.parent.parent),
  );
}

function closureRunsOffExecutor(closure: Node): boolean {
  if (boundThenOffloaded(closure)) return true;
  const args = closure.parent;
  if (args?.type !== 'arguments') return false;
  const call = args.parent;
  if (call?.type !== 'call_expression') return false;
  return offloadingCall(call);
}

/** Per scope node (fn item, closure, async block): its context, entered plainly [0] or from a sync closure [1]. */
const scopeContexts = [new NodeMemo<ExecutorContext>(), new NodeMemo<ExecutorContext>()] as const;

/** The context of code directly inside the scope node `a`; `inSyncClosure` when reached from a sync closure. */
function scopeContext(a: Node, inSyncClosure: boolean): ExecutorContext {
  const memo = scopeContexts[inSyncClosure ? 1 : 0];
  let c = memo.get(a);
  if (c !== undefined) return c;
  if (a.type === 'async_block') c = inSyncClosure ? 'maybe-async' : 'async';
  else if (a.type === 'closure_expression') {
    if (isAsyncClosure(a)) c = inSyncClosure ? 'maybe-async' : 'async';
    else if (closureRunsOffExecutor(a)) c = 'offloaded';
    else c = contextFrom(a.parent, true);
  } else c = isAsyncFn(a) ? (inSyncClosure ? 'maybe-async' : 'async') : 'sync';
  memo.set(a, c);
  return c;
}

function contextFrom(start: Node | null, inSyncClosure: boolean): ExecutorContext {
  for (let a = start; a; a = a.parent) {
    const t = a.type;
    if (t === 'async_block' || t === 'closure_expression' || t === 'function_item') return scopeContext(a, inSyncClosure);
  }
  return 'sync';
}

/** The executor context of `node` (reference P1, with more offloading shapes). Memoised per enclosing scope. */
export function executorContext(node: Node): ExecutorContext {
  return contextFrom(node.parent, false);
}

export const onExecutor = (node: Node): boolean => {
  const c = executorContext(node);
  return c === 'async' || c === 'maybe-async';
};

/** The innermost async body holding `node`: an `async fn` item, an `async` block or an async closure. */
export function asyncBody(node: Node): Node | null {
  for (const a of ancestors(node)) {
    if (a.type === 'async_block') return a;
    if (a.type === 'closure_expression') {
      if (isAsyncClosure(a)) return a;
      return null;
    }
    if (a.type === 'function_item') return isAsyncFn(a) ? a : null;
  }
  return null;
}

const RUNTIME_ENTRY_ATTR = /^(tokio::main|actix_web::main|actix_rt::main|async_std::main|ntex::main)$/;

/** `fn main` or a `#[tokio::main]`-style entry point: start-up code that runs before serving. */
export function isEntryPoint(fn: Node): boolean {
  let entry = entryPoints.get(fn);
  if (entry === undefined) {
    entry = fn.childForFieldName('name')?.text === 'main' || attributesOf(fn).some((a) => RUNTIME_ENTRY_ATTR.test(attributePath(a)));
    entryPoints.set(fn, entry);
  }
  return entry;
}
const entryPoints = new NodeMemo<boolean>();

/** The enclosing `fn` item, closures ignored. */
export function enclosingFn(node: Node): Node | null {
  for (let a = node.parent; a; a = a.parent) if (a.type === 'function_item') return a;
  return null;
}

/** Nodes whose bodies run in another context than the code around them. */
export const isContextBoundary = (n: Node): boolean =>
  n.type === 'function_item' || n.type === 'closure_expression' || n.type === 'async_block' || n.type === 'mod_item' || n.type === 'impl_item' || n.type === 'trait_item';

/** How messages name the async code around `node`: "async fn `quote`" or "the async block in `start`". */
export function asyncOwnerLabel(node: Node): string {
  for (const a of ancestors(node)) {
    if (a.type === 'async_block' || (a.type === 'closure_expression' && isAsyncClosure(a))) {
      const fn = enclosingFn(a);
      const name = fn?.childForFieldName('name')?.text;
      return name ? `the async block in \`${name}\`` : 'this async block';
    }
    if (a.type === 'function_item') return `async fn \`${a.childForFieldName('name')?.text ?? '?'}\``;
  }
  return 'async code';
}
