import type { Node } from '../../rust/parser.js';
import { ancestors, calleeText, findDescendants, isAsyncFn, methodChain, methodName, methodReceiver } from '../../rust/syntax.js';
import { macroName } from '../../rust/macros.js';
import { isSqlxFutureMethod, isSqlxQueryFunction } from '../../catalogue/database.js';
import { isLazyFutureFunction } from '../../catalogue/executor.js';
import { defineRule } from '../define-rule.js';
import { resolvedCallee } from '../../model/callee.js';
import type { FileModel } from '../../model/index.js';
import { resolveBinding } from '../../model/bindings.js';
import { returnsFuture } from '../../model/futures.js';
import type { ParsedFile } from '../../rust/parsed-file.js';


interface AsyncFns {
  /** Free async fns (not in an impl or trait). */
  free: Set<string>;
  /** Async methods and associated fns of impls and traits. */
  methods: Set<string>;
  /** Sync fns: a name in here too is ambiguous, so it is never reported. */
  sync: Set<string>;
}

function asyncFnsOf(root: Node): AsyncFns {
  const fns: AsyncFns = { free: new Set(), methods: new Set(), sync: new Set() };
  for (const fn of findDescendants(root, ['function_item', 'function_signature_item'])) {
    const name = fn.childForFieldName('name')?.text;
    if (!name) continue;
    const inImpl = [...ancestors(fn)].some((a) => a.type === 'impl_item' || a.type === 'trait_item');
    if (!isAsyncFn(fn)) fns.sync.add(name);
    else (inImpl ? fns.methods : fns.free).add(name);
  }
  return fns;
}

/** The future is dropped: `f(..);`, `let _ = f(..);`, or `async { f(..) }` yielding it unawaited. */
function dropsFuture(call: Node): 'statement' | 'let' | 'tail' | null {
  const p = call.parent;
  if (p?.type === 'expression_statement') return 'statement';
  // `let _: Pin<Box<dyn Future<..>>> = f();` names what it throws away: a deliberate discard.
  if (p?.type === 'let_declaration' && p.childForFieldName('pattern')?.type === '_' && !p.childForFieldName('type')) return 'let';
  if (p?.type === 'block' && p.parent?.type === 'async_block' && p.namedChildren[p.namedChildren.length - 1]?.id === call.id) return 'tail';
  return null;
}

/**
 * `let _id = f(..);` whose `_id` nothing after it reads: the leading underscore silences the unused
 * warning, and the future is dropped at the end of the block without being polled. The name, or null.
 */
function unusedUnderscoreBinding(call: Node): string | null {
  const decl = call.parent;
  const pattern = decl?.type === 'let_declaration' ? decl.childForFieldName('pattern') : null;
  if (!decl || pattern?.type !== 'identifier' || !pattern.text.startsWith('_') || decl.childForFieldName('type') || decl.childForFieldName('value')?.id !== call.id) return null;
  const name = pattern.text;
  // By text: a macro's tokens are not identifiers to the parser, and any mention of the name counts as a use.
  for (let next = decl.nextNamedSibling; next; next = next.nextNamedSibling) if (new RegExp(`\\b${name}\\b`).test(next.text)) return null;
  return name;
}

/** The async fn this call creates a future of, by this file alone, or null when unknown / not async. */
function asyncCallee(ctx: ParsedFile, call: Node, fns: AsyncFns): string | null {
  const method = methodName(call);
  if (method !== null) {
    const receiver = methodReceiver(call);
    if (receiver?.type === 'self' && fns.methods.has(method) && !fns.sync.has(method)) return `self.${method}`;
    if (isSqlxFutureMethod(method)) {
      const root = methodChain(call).root;
      const rootPath = root.type === 'call_expression' ? resolvedCallee(root, ctx.imports) : root.type === 'macro_invocation' ? ctx.imports.resolve(macroName(root)) : null;
      if (rootPath && isSqlxQueryFunction(rootPath.replace(/!$/, ''))) return `${rootPath}(..).${method}`;
    }
    return null;
  }
  const resolved = resolvedCallee(call, ctx.imports);
  if (!resolved) return null;
  if (isLazyFutureFunction(resolved)) return resolved;
  const text = calleeText(call).replace(/\s+/g, '');
  if (/^\w+$/.test(text) && fns.free.has(text) && !fns.sync.has(text) && !ctx.imports.names.has(text)) return text;
  const assoc = /^Self::(\w+)$/.exec(text);
  if (assoc && fns.methods.has(assoc[1]!) && !fns.sync.has(assoc[1]!)) return text;
  return null;
}

/** `notify::send_welcome(..)` / `state.audit.record(..)` of a crate fn (any file) that is async, by the model's resolution. */
function crateAsyncCallee(model: FileModel, call: Node): string | null {
  const targets = model.knownCallees(call);
  if (!targets.length || !targets.every((t) => returnsFuture(t.fn))) return null;
  const method = methodName(call);
  const receiver = methodReceiver(call);
  return method !== null && receiver ? `${receiver.text.replace(/\s+/g, '')}.${method}` : calleeText(call).replace(/\s+/g, '');
}

export default defineRule({
  id: 'async/future-not-awaited',
  role: 'async',
  category: 'correctness',
  clippyLint: 'let_underscore_future',
  docs: {
    summary: 'A call to an async fn (or a fn returning `impl Future`, or a known async API) whose future is dropped without `.await`, or a binding holding such a future discarded with `let _ =`.',
    why: 'Futures are lazy: `send_receipt(order);` or `let _ = send_receipt(order);` builds the future and throws it away, so the work never happens. `let _ =` even silences the compiler warning.',
    bad: [
      'pub async fn pay(State(state): State<AppState>, Json(p): Json<Payment>) -> StatusCode {',
      '    let _ = send_receipt(&state, &p);',
      '    StatusCode::OK',
      '}',
      '',
      'async fn send_receipt(state: &AppState, p: &Payment) -> Result<(), MailError> {',
      '    state.mailer.send(p.email.clone()).await',
      '}',
      '',
    ].join('\n'),
    good: [
      'pub async fn pay(State(state): State<AppState>, Json(p): Json<Payment>) -> StatusCode {',
      '    if let Err(e) = send_receipt(&state, &p).await {',
      '        tracing::warn!(error = %e, "receipt not sent");',
      '    }',
      '    StatusCode::OK',
      '}',
      '',
      'async fn send_receipt(state: &AppState, p: &Payment) -> Result<(), MailError> {',
      '    state.mailer.send(p.email.clone()).await',
      '}',
      '',
    ].join('\n'),
    anchor: 'clippy::let_underscore_future; clippy::async_yields_async; rustc unused_must_use ("futures do nothing unless you `.await` or poll them")',
  },
  // clippy::let_underscore_future covers `let _ = <future>` only: `f();` is rustc's unused_must_use
  // (not a clippy lint), `let _id = f();` no lint at all, an async block yielding a future
  // clippy::async_yields_async. A crate that allows let_underscore_future still hears of the others.
  messages: {
    statement: { text: 'the future returned by `{{callee}}(..)` is dropped without `.await`, so it never runs', clippyLints: [] },
    let: '`let _ = {{callee}}(..)` drops the future without `.await`, so it never runs (and silences the compiler warning)',
    unusedBinding: { text: '`{{name}}` holds the future of `{{callee}}(..)` and is never used: the future is dropped without `.await`, so it never runs', clippyLints: [] },
    letBinding: '`let _ = {{name}}` discards the future of `{{callee}}(..)` that `{{name}}` holds without `.await`, so it never completes',
    tail: { text: 'this async block returns the future of `{{callee}}(..)` instead of awaiting it, so awaiting the block does not run it', clippyLints: ['async_yields_async'] },
  },
  help: 'Add `.await`; if it should run in the background, `tokio::spawn` it and handle its result.',
  create(ctx) {
    let fns: AsyncFns | undefined;
    const file = { path: ctx.path, root: ctx.root, imports: ctx.imports };
    /** The async callee whose future `call` makes, if any. */
    const futureCallee = (call: Node): string | null => {
      fns ??= asyncFnsOf(ctx.root);
      return asyncCallee(file, call, fns) ?? crateAsyncCallee(ctx.model, call);
    };
    return {
      let_declaration(decl) {
        // `let fut = send(..); .. let _ = fut;`: the future, never awaited, is discarded by name.
        const value = decl.childForFieldName('value');
        if (decl.childForFieldName('pattern')?.type !== '_' || value?.type !== 'identifier' || decl.childForFieldName('type')) return;
        const bound = resolveBinding(value);
        if (bound?.kind !== 'let' || bound.value?.type !== 'call_expression') return;
        const callee = futureCallee(bound.value);
        if (callee) ctx.report({ node: decl, messageId: 'letBinding', data: { name: value.text, callee } });
      },
      call_expression(call) {
        const unused = unusedUnderscoreBinding(call);
        if (unused) {
          const callee = futureCallee(call);
          if (callee) ctx.report({ node: call, messageId: 'unusedBinding', data: { name: unused, callee } });
          return;
        }
        const how = dropsFuture(call);
        if (!how) return;
        const callee = futureCallee(call);
        if (!callee) return;
        ctx.report({ node: call, messageId: how, data: { callee } });
      },
    };
  },
});
