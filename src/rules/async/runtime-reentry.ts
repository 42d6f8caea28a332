import type { Node } from '../../rust/parser.js';
import { calleeText, methodName, methodReceiver } from '../../rust/syntax.js';
import { BLOCK_ON_METHOD, isBlockOnFunction, runtimeBlockingMethod } from '../../catalogue/executor.js';
import { defineRule, type FileContext } from '../define-rule.js';
import { resolvedCallee } from '../../model/callee.js';
import { asyncOwnerLabel, onExecutor } from './support/context.js';

interface Reentry {
  label: string;
  kind: 'blockOn' | 'blockingMethod';
  alternative?: string;
}

function reentryCall(ctx: FileContext, call: Node): Reentry | null {
  const method = methodName(call);
  if (method === BLOCK_ON_METHOD) {
    const receiver = methodReceiver(call);
    return { label: `${receiver && receiver.text.length <= 30 ? receiver.text.replace(/\s+/g, '') : '..'}.block_on(..)`, kind: 'blockOn' };
  }
  const alternative = method ? runtimeBlockingMethod(method) : undefined;
  if (alternative) return { label: `${method}(..)`, kind: 'blockingMethod', alternative };
  const resolved = resolvedCallee(call, ctx.imports);
  if (resolved && isBlockOnFunction(resolved)) return { label: `${resolved}(..)`, kind: 'blockOn' };
  return null;
}

/** The name a call calls by: `load_keys`, `self.load_keys`, `keys::load`. */
const calledName = (call: Node): string => methodName(call) ?? calleeText(call).replace(/\s+/g, '').replace(/::<[^>]*>/g, '');

export default defineRule({
  id: 'async/runtime-reentry',
  role: 'async',
  category: 'correctness',
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
    indirect: '`{{callee}}(..)` is called from {{owner}} but blocks on the runtime with `{{inner}}` ({{where}}), which panics inside async code',
  },
  help: '`.await` the future instead. For lazily initialised values use `tokio::sync::OnceCell::get_or_try_init(..).await`; for sync code that must wait on async work, run it in `spawn_blocking` and use `Handle::block_on` there.',
  create(ctx) {
    return {
      call_expression(node) {
        if (!onExecutor(node)) return;
        const direct = reentryCall(ctx, node);
        if (direct) {
          ctx.report({ node, messageId: direct.kind, data: { call: direct.label, owner: asyncOwnerLabel(node), alternative: direct.alternative ?? '' } });
          return;
        }
        // A sync helper (in this file or another: the model's summaries) that blocks on the runtime.
        const helper = ctx.model.calleesAll(node, 'reentersRuntime');
        if (!helper || helper.ref.fn.test) return;
        const { evidence } = helper;
        const where = evidence.path === ctx.path ? `line ${evidence.line}` : `${evidence.path}:${evidence.line}`;
        ctx.report({ node, messageId: 'indirect', data: { callee: calledName(node), owner: asyncOwnerLabel(node), inner: evidence.call, where } });
      },
    };
  },
});
