import type { Node } from '../../rust/parser.js';
import { lineOf, methodName, methodReceiver } from '../../rust/syntax.js';
import { defineRule, type FileContext } from '../define-rule.js';
import { resolvedCallee } from './support/calls.js';
import { asyncOwnerLabel, onExecutor } from './support/context.js';
import { localCalleeName, syncHelpersCalling } from './support/sync-helpers.js';

/** Free `block_on` functions of the executor crates. */
const BLOCK_ON_FUNCTIONS = /^(futures(_executor|_lite)?::(executor::|future::)?block_on|pollster::block_on|async_std::task::block_on|tokio::runtime::Handle::current\(\)\.block_on)$/;
/** tokio's sync-side methods, which panic inside the runtime; with their async form. */
const BLOCKING_METHODS: Record<string, string> = {
  blocking_recv: '.recv().await',
  blocking_send: '.send(..).await',
  blocking_lock: '.lock().await',
  blocking_read: '.read().await',
  blocking_write: '.write().await',
  blocking_recv_many: '.recv_many(..).await',
};

interface Reentry {
  label: string;
  kind: 'blockOn' | 'blockingMethod';
  alternative?: string;
}

function reentryCall(ctx: FileContext, call: Node): Reentry | null {
  const method = methodName(call);
  if (method === 'block_on') {
    const receiver = methodReceiver(call);
    return { label: `${receiver && receiver.text.length <= 30 ? receiver.text.replace(/\s+/g, '') : '..'}.block_on(..)`, kind: 'blockOn' };
  }
  if (method && BLOCKING_METHODS[method]) return { label: `${method}(..)`, kind: 'blockingMethod', alternative: BLOCKING_METHODS[method] };
  const resolved = resolvedCallee(call, ctx.imports);
  if (resolved && BLOCK_ON_FUNCTIONS.test(resolved)) return { label: `${resolved}(..)`, kind: 'blockOn' };
  return null;
}

export default defineRule({
  id: 'async/runtime-reentry',
  role: 'async',
  category: 'correctness',
  requires: /block_on|blocking_/,
  docs: {
    summary: '`block_on` (`Runtime`, `Handle`, `futures::executor`) or tokio `blocking_*` methods reached from async code.',
    why: 'Blocking on a future from inside the runtime panics ("Cannot start a runtime from within a runtime" / "Cannot block the current thread from within a runtime"), or deadlocks on a current-thread runtime. It typically passes unit tests and blows up on the first real request.',
    bad: [
      'use tokio::runtime::Handle;',
      '',
      'impl JwtVerifier {',
      '    pub async fn verify(&self, token: &str) -> Result<Claims, AuthError> {',
      '        let jwks = self.jwks.get_or_try_init(|| Handle::current().block_on(self.fetch_jwks()))?;',
      '        decode_with(jwks, token)',
      '    }',
      '}',
      '',
    ].join('\n'),
    good: [
      'impl JwtVerifier {',
      '    pub async fn verify(&self, token: &str) -> Result<Claims, AuthError> {',
      '        let jwks = self.jwks.get_or_try_init(|| self.fetch_jwks()).await?;',
      '        decode_with(jwks, token)',
      '    }',
      '}',
      '',
    ].join('\n'),
    anchor: 'tokio::runtime::Handle::block_on and Runtime::block_on docs ("# Panics"); tokio::sync::mpsc::Receiver::blocking_recv docs',
  },
  messages: {
    blockOn: '`{{call}}` is reached from {{owner}}: blocking on a future inside the runtime panics ("Cannot start a runtime from within a runtime") or deadlocks',
    blockingMethod: '`{{call}}` inside {{owner}} panics when called from an async context; use `{{alternative}}`',
    indirect: '`{{callee}}(..)` is called from {{owner}} but blocks on the runtime with `{{inner}}` (line {{innerLine}}), which panics inside async code',
  },
  help: '`.await` the future instead. For lazily initialised values use `tokio::sync::OnceCell::get_or_try_init(..).await`; for sync code that must wait on async work, run it in `spawn_blocking` and use `Handle::block_on` there.',
  create(ctx) {
    let syncBlockers: Map<string, Node> | undefined;
    return {
      call_expression(node) {
        if (!onExecutor(node)) return;
        const direct = reentryCall(ctx, node);
        if (direct) {
          ctx.report({ node, messageId: direct.kind, data: { call: direct.label, owner: asyncOwnerLabel(node), alternative: direct.alternative ?? '' } });
          return;
        }
        const name = localCalleeName(node);
        if (!name) return;
        syncBlockers ??= syncHelpersCalling(ctx.root, ctx.isTest, (c) => reentryCall(ctx, c) !== null);
        const inner = syncBlockers.get(name);
        if (!inner) return;
        const innerCall = reentryCall(ctx, inner)!;
        ctx.report({ node, messageId: 'indirect', data: { callee: name, owner: asyncOwnerLabel(node), inner: innerCall.label, innerLine: lineOf(inner) } });
      },
    };
  },
});
