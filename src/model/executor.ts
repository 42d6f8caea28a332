/**
 * Where an expression runs, as every rule asks it: on an executor thread (where blocking stalls
 * every task on that worker), in work handed to a blocking pool or a thread, or in plain sync code.
 * One answer for all roles: the catalogue's offloading APIs (`spawn_blocking`, `block_in_place`,
 * deadpool `interact`, threads, rayon) and the crate's own wrappers and macros over them (from the
 * model's summaries: `conn.run(|c| ..)` whose body calls `block_in_place`, `db_run! { .. }`).
 */
import { ancestors, calleeText, isAsyncClosure, isAsyncFn, methodName } from '../rust/syntax.js';
import { NodeMemo, type Node } from '../rust/parser.js';
import { ImportMap } from '../rust/imports.js';
import { macroName } from '../rust/macros.js';
import { boundThenPassedTo, callTakingClosure, catalogueOffloads } from './facts.js';
import { modelOfTree } from './index.js';

export type ExecutorContext =
  /** Directly in an `async fn` / `async` block body: runs on the executor. */
  | 'async'
  /** In a sync closure inside async code (`.map(|p| ..)`, `get_or_init(|| ..)`): still on the executor. */
  | 'maybe-async'
  /** In a closure handed to `spawn_blocking`, `block_in_place`, a thread, rayon, `interact`, or a crate wrapper over them. */
  | 'offloaded'
  /** Sync code: a plain `fn`, or top level. */
  | 'sync';

const importsOf = (node: Node): ImportMap => ImportMap.of(node);

/** Whether `call` hands its closure argument off the executor: the catalogue, or the crate's wrappers. */
export function offloadingCall(call: Node): boolean {
  if (catalogueOffloads(call, importsOf(call))) return true;
  return modelOfTree(call.tree)?.callOffloads(call) ?? false;
}

function closureRunsOffExecutor(closure: Node): boolean {
  if (boundThenPassedTo(closure, offloadingCall)) return true;
  const call = callTakingClosure(closure);
  return !!call && offloadingCall(call);
}

/** A crate macro whose expansion offloads its body (`db_run! { conn: { .. } }`). */
function offloadingMacro(invocation: Node): boolean {
  return modelOfTree(invocation.tree)?.macroOffloads(macroName(invocation)) ?? false;
}

/** Per scope node (fn item, closure, async block, macro): its context, entered plainly [0] or from a sync closure [1]. */
const scopeContexts = [new NodeMemo<ExecutorContext>(), new NodeMemo<ExecutorContext>()] as const;

function scopeContext(a: Node, inSyncClosure: boolean): ExecutorContext {
  const memo = scopeContexts[inSyncClosure ? 1 : 0];
  let c = memo.get(a);
  if (c !== undefined) return c;
  if (a.type === 'async_block') c = inSyncClosure ? 'maybe-async' : 'async';
  else if (a.type === 'closure_expression') {
    if (isAsyncClosure(a)) c = inSyncClosure ? 'maybe-async' : 'async';
    else if (closureRunsOffExecutor(a)) c = 'offloaded';
    else c = contextFrom(a.parent, true);
  } else if (a.type === 'macro_invocation') c = offloadingMacro(a) ? 'offloaded' : contextFrom(a.parent, inSyncClosure);
  else c = isAsyncFn(a) ? (inSyncClosure ? 'maybe-async' : 'async') : 'sync';
  memo.set(a, c);
  return c;
}

function contextFrom(start: Node | null, inSyncClosure: boolean): ExecutorContext {
  for (let a = start; a; a = a.parent) {
    const t = a.type;
    if (t === 'async_block' || t === 'closure_expression' || t === 'function_item' || t === 'macro_invocation') return scopeContext(a, inSyncClosure);
  }
  return 'sync';
}

/** The executor context of `node`. Memoised per enclosing scope. */
export function executorContext(node: Node): ExecutorContext {
  return contextFrom(node.parent, false);
}

/** On an executor thread: directly in async code or in a sync closure inside it. */
export const onExecutor = (node: Node): boolean => {
  const c = executorContext(node);
  return c === 'async' || c === 'maybe-async';
};

/**
 * The innermost async body holding `node`: an `async fn` item, an `async` block or an async closure;
 * null when a sync closure or a sync fn is nearer (its code runs when called, not when polled).
 */
export function asyncBody(node: Node): Node | null {
  for (let a = node.parent; a; a = a.parent) {
    if (a.type === 'async_block') return a;
    if (a.type === 'closure_expression') return isAsyncClosure(a) ? a : null;
    if (a.type === 'function_item') return isAsyncFn(a) ? a : null;
  }
  return null;
}

/**
 * The async code around `node` (an async block or closure, or the async fn): where a change that put
 * `node` on the executor shows (`spawn_blocking(move || ..)` turned into `spawn(async move ..)`).
 */
export function asyncOwner(node: Node): Node | null {
  for (const a of ancestors(node)) {
    if (a.type === 'async_block' || (a.type === 'closure_expression' && isAsyncClosure(a)) || a.type === 'function_item') return a;
  }
  return null;
}

/**
 * Where `node` sits inside its fn, as a short layout-free text: the closures and async blocks around
 * it, each named by the call it is handed to (`spawn_blocking>|| / async`), then what `node` itself
 * calls. Two findings with the same message in the same fn but different signatures are different
 * code (a call moved out of `spawn_blocking`, or another callee): the only-new matching compares it.
 */
export function scopeSignature(node: Node): string {
  const parts: string[] = [];
  for (let a = node.parent; a && a.type !== 'function_item'; a = a.parent) {
    if (a.type === 'async_block') parts.push('async');
    else if (a.type === 'closure_expression') {
      const call = callTakingClosure(a);
      parts.push(`${call ? calleeName(call) : boundThenPassedTo(a, () => true) ? 'let' : ''}||`);
    }
  }
  const own = node.type === 'call_expression' ? calleeName(node) : node.type === 'macro_invocation' ? `${macroName(node)}!` : '';
  return `${parts.reverse().join('>')}:${own}`;
}

/** `spawn_blocking` for `tokio::task::spawn_blocking(..)`, `interact` for `conn.interact(..)`. */
function calleeName(call: Node): string {
  return methodName(call) ?? calleeText(call).replace(/::<.*$/, '').split('::').pop() ?? '';
}
