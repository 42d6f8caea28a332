import type { Node } from '../../rust/parser.js';
import { closest, findDescendants, methodChain, methodName, methodReceiver } from '../../rust/syntax.js';
import { defineRule, type FileContext } from '../define-rule.js';
import { BLOCKING_HANDLE_METHODS, blockingChain, blockingFunction, blockingHandleMethod, isStreamCopy, mayBeBlockingChainMethod, RECEIVER_BLOCKING_METHODS, type BlockingApi } from '../../catalogue/blocking.js';
import { awaitedDirectly, resolvedCallee } from '../../model/callee.js';
import { asyncOwner, asyncOwnerLabel, onExecutor } from './support/context.js';
import { calledHelper } from './support/helpers.js';

/** Per fn body: its `let`s in source order, each with the names it binds and the resolved call its value starts from. */
type BoundCalls = { start: number; names: Set<string>; path: string | null }[];
const boundCallsMemo = new WeakMap<FileContext, Map<number, BoundCalls>>();

/** The resolved call the latest `let` before `ident` in its fn binds `ident` (alone or in a tuple) to: `UnixStream::pair()` of `let (a, b) = UnixStream::pair()?;`. */
function boundFromCallPath(ctx: FileContext, ident: Node): string | null {
  const body = closest(ident, 'function_item')?.childForFieldName('body');
  if (!body) return null;
  let memo = boundCallsMemo.get(ctx);
  if (!memo) boundCallsMemo.set(ctx, (memo = new Map()));
  let lets = memo.get(body.id);
  if (!lets) {
    lets = [];
    for (const l of findDescendants(body, 'let_declaration')) {
      const pattern = l.childForFieldName('pattern');
      const value = l.childForFieldName('value');
      if (!pattern || !value) continue;
      const names = new Set((pattern.type === 'identifier' ? [pattern] : findDescendants(pattern, 'identifier')).map((n) => n.text));
      const root = methodChain(value).root;
      const call = root.type === 'call_expression' ? root : value.type === 'call_expression' ? value : null;
      lets.push({ start: l.startIndex, names, path: call ? resolvedCallee(call, ctx.imports) : null });
    }
    memo.set(body.id, lets);
  }
  let found: string | null = null;
  for (const l of lets) {
    if (l.start > ident.startIndex) break;
    if (l.names.has(ident.text)) found = l.path;
  }
  return found;
}

/** A `let` in the same fn binds `name` (alone or in a tuple) to a call resolving to one of `paths`. */
function boundFromCall(ctx: FileContext, ident: Node, paths: RegExp): boolean {
  const path = boundFromCallPath(ctx, ident);
  return !!path && paths.test(path);
}

const STD_CHANNEL = /^std::sync::mpsc::(channel|sync_channel)$/;
const STD_THREAD_SPAWN = /^std::thread::spawn$/;

/** Method names matched below without their chain root: the receiver checks and `to_socket_addrs`. */
const RECEIVER_METHODS = new Set([...RECEIVER_BLOCKING_METHODS, ...BLOCKING_HANDLE_METHODS]);
/** Whether blockingCall can match a method call named `method` at all (cheap test before walking the chain). */
const mayBlock = (method: string): boolean => RECEIVER_METHODS.has(method) || mayBeBlockingChainMethod(method);

/** The blocking API a call is, if any, with how to name it. */
function blockingCall(ctx: FileContext, call: Node): { name: string; api: BlockingApi } | null {
  const resolved = resolvedCallee(call, ctx.imports);
  if (resolved) {
    const api = blockingFunction(resolved);
    // A blocking API returns no future: an awaited call is the async one of the same name
    // (`File::create(..).await` under `use tokio::fs::File`, however the path resolved).
    return api && !awaitedDirectly(call) ? { name: resolved, api } : null;
  }
  const method = methodName(call);
  if (method === null || !mayBlock(method)) return null;
  if (call.parent?.type === 'await_expression') return null;
  const { root } = methodChain(call);
  const rootPath = root.type === 'call_expression' ? resolvedCallee(root, ctx.imports) : null;
  const chain = rootPath ? blockingChain(rootPath, method) : null;
  if (chain) return chain;
  const receiver = methodReceiver(call);
  if (receiver?.type === 'identifier') {
    if (/^(recv|recv_timeout)$/.test(method) && boundFromCall(ctx, receiver, STD_CHANNEL)) {
      return { name: `std::sync::mpsc::Receiver::${method}`, api: { kind: 'io', alternative: 'a `tokio::sync::mpsc` channel (`recv().await`)' } };
    }
    if (method === 'join' && boundFromCall(ctx, receiver, STD_THREAD_SPAWN)) {
      return { name: 'std::thread::JoinHandle::join', api: { kind: 'io', alternative: 'tokio::task::spawn_blocking(..).await' } };
    }
    // A socket pair's or pipe's end read or written: it waits for the other end.
    const constructor = boundFromCallPath(ctx, receiver);
    const handle = constructor ? blockingHandleMethod(constructor, method) : null;
    if (handle) return handle;
  }
  if (method === 'to_socket_addrs' && ctx.imports.mayName('ToSocketAddrs', 'std::net::ToSocketAddrs')) {
    return { name: 'std::net::ToSocketAddrs::to_socket_addrs', api: { kind: 'io', alternative: 'tokio::net::lookup_host(..).await' } };
  }
  return null;
}

/** A library type's blocking method, known by the model from the receiver's declared type (`self.env.write_txn()` of heed). */
function typedBlockingCall(ctx: FileContext, call: Node): { name: string; api: BlockingApi } | null {
  if (call.parent?.type === 'await_expression') return null;
  const evidence = ctx.model.blockingMethodCall(call);
  return evidence?.api ? { name: evidence.call, api: evidence.api } : null;
}

export default defineRule({
  id: 'async/blocking-call-in-async',
  role: 'async',
  category: 'suspicious',
  // Reports only on the executor: inside an `async` fn, block or closure (onExecutor).
  requires: /async/,
  docs: {
    summary: 'A blocking call (`std::fs`, `std::thread::sleep`, `std::net`, `std::process`, `reqwest::blocking`, ...) made directly in async code.',
    why: 'An async worker thread runs many tasks; a blocking call stalls all of them for its whole duration. Under load a few slow disk reads or sleeps freeze the service while CPU sits idle.',
    bad: [
      'pub async fn quote(State(state): State<AppState>) -> Result<Json<PriceList>, ApiError> {',
      '    let text = std::fs::read_to_string(&state.settings.price_list_path)?;',
      '    Ok(Json(serde_json::from_str(&text)?))',
      '}',
      '',
    ].join('\n'),
    good: [
      'pub async fn quote(State(state): State<AppState>) -> Result<Json<PriceList>, ApiError> {',
      '    let text = tokio::fs::read_to_string(&state.settings.price_list_path).await?;',
      '    Ok(Json(serde_json::from_str(&text)?))',
      '}',
      '',
    ].join('\n'),
    anchor: 'tokio docs, "CPU-bound tasks and blocking code"; tokio::task::spawn_blocking; clippy#4377',
  },
  messages: {
    io: '`{{call}}` blocks the executor thread inside {{owner}}; use `{{alternative}}` or move it into `spawn_blocking`',
    sleep: {
      text: '`{{call}}` inside {{owner}} blocks the executor thread and every task scheduled on it; use `{{alternative}}`',
      category: 'correctness',
    },
    httpBlocking: {
      text: '`{{call}}` inside {{owner}} blocks the executor for the whole HTTP round trip and panics when its internal runtime is dropped here; use {{alternative}}',
      category: 'correctness',
    },
    indirect: '`{{callee}}(..)` is called from {{owner}} and blocks the executor thread with `{{call}}` ({{at}}); run it in `spawn_blocking` or switch it to `{{alternative}}`',
    offExecutor: {
      text: '`{{call}}` blocks inside {{owner}}; today every caller drives {{owner}} with `block_on` on a synchronous thread or from code that runs alone, so no executor worker stalls, but one that awaits it on the executor will: prefer `{{alternative}}`',
      category: 'style',
    },
  },
  help: 'In async code use the async API (tokio::fs, tokio::net, tokio::process, tokio::time::sleep, async reqwest) or wrap the blocking work in `tokio::task::spawn_blocking`.',
  create(ctx) {
    return {
      call_expression(node) {
        if (!onExecutor(node) || ctx.isTest(node)) return;
        // Start-up code before serving, a command-line tool's commands, test support: nothing else waits on this thread.
        if (ctx.model.runsAlone(node)) return;
        // A change that moved an unchanged call onto the executor (an offloading closure turned into an
        // async block, a fn made async) shows where the async code begins: the comment goes there.
        const owner = asyncOwner(node);
        const also = owner ? [owner] : undefined;
        const found = blockingCall(ctx, node) ?? typedBlockingCall(ctx, node);
        if (!found) {
          // A crate fn (this file or another) whose body blocks: the model's summary knows it.
          const helper = calledHelper(ctx, node, 'blocks');
          if (!helper?.evidence.api) return;
          const { evidence } = helper;
          // A stream copy inside a helper that is CPU-heavy (decode into a buffer): the cost is that
          // CPU work, which async/cpu-heavy-in-async reports on this call with the right advice.
          if (isStreamCopy(evidence.call) && calledHelper(ctx, node, 'cpuHeavy')) return;
          if (ctx.model.drivenOffExecutor(node)) {
            ctx.report({ node, messageId: 'offExecutor', data: { call: `${helper.name}(..)`, owner: asyncOwnerLabel(node), alternative: evidence.api!.alternative }, also });
            return;
          }
          ctx.report({ node, messageId: 'indirect', data: { callee: helper.name, owner: asyncOwnerLabel(node), call: evidence.call, at: helper.at, alternative: evidence.api!.alternative }, also });
          return;
        }
        const messageId = ctx.model.drivenOffExecutor(node) ? 'offExecutor' : found.api.kind === 'sleep' ? 'sleep' : found.api.kind === 'http-blocking' ? 'httpBlocking' : 'io';
        ctx.report({ node, messageId, data: { call: found.name, owner: asyncOwnerLabel(node), alternative: found.api.alternative }, also });
      },
    };
  },
});
