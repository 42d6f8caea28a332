import type { Node } from '../../rust/parser.js';
import { closest, findDescendants, patternIdentifier } from '../../rust/syntax.js';
import { isUnboundedChannelConstructor } from '../../catalogue/channels.js';
import { defineRule } from '../define-rule.js';
import { resolvedCallee } from '../../model/callee.js';
import { executorContext } from './support/context.js';

/** Control channels carry a handful of messages: shutdown, cancel, ready signals. */
const CONTROL_NAME = /shutdown|stop|cancel|quit|close|signal|done|ready|kill|term/i;

/** The sender name of `let (tx, rx) = ..`, or of `let tx = ..`. */
function senderName(call: Node): string | null {
  let top: Node = call;
  while (top.parent && (top.parent.type === 'try_expression' || top.parent.type === 'parenthesized_expression')) top = top.parent;
  const decl = top.parent;
  if (decl?.type !== 'let_declaration') return null;
  const pattern = decl.childForFieldName('pattern');
  if (!pattern) return null;
  const first = pattern.type === 'tuple_pattern' ? pattern.namedChildren[0] : pattern;
  if (!first) return null;
  return patternIdentifier(first)?.text ?? null;
}

/** The message type from the turbofish (`unbounded_channel::<AuditEvent>()`), if written. */
function messageType(call: Node): string | null {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'generic_function') return null;
  const args = fn.childForFieldName('type_arguments');
  return args ? args.text.replace(/^<|>$/g, '').trim() : null;
}

export default defineRule({
  id: 'async/unbounded-channel',
  role: 'async',
  category: 'suspicious',
  requires: /unbounded/,
  docs: {
    summary: 'An unbounded channel (`mpsc::unbounded_channel()`, `flume::unbounded()`, ...) between producers and a consumer.',
    why: 'An unbounded queue has no backpressure: when the consumer is slow (a database hiccup) producers keep pushing, memory grows without limit and the process is eventually killed, losing every queued message. A bounded channel makes the overload visible and forces a decision.',
    bad: [
      'use tokio::sync::mpsc;',
      '',
      'pub fn start(pool: PgPool) -> AuditSink {',
      '    let (tx, mut rx) = mpsc::unbounded_channel::<AuditEvent>();',
      '    tokio::spawn(async move { while let Some(e) = rx.recv().await { write(&pool, e).await; } });',
      '    AuditSink { tx }',
      '}',
      '',
    ].join('\n'),
    good: [
      'use tokio::sync::mpsc;',
      '',
      'pub fn start(pool: PgPool) -> AuditSink {',
      '    let (tx, mut rx) = mpsc::channel::<AuditEvent>(1024);',
      '    tokio::spawn(async move { while let Some(e) = rx.recv().await { write(&pool, e).await; } });',
      '    AuditSink { tx }',
      '}',
      '',
    ].join('\n'),
    anchor: 'tokio::sync::mpsc::unbounded_channel docs; tokio::sync::mpsc module docs (backpressure)',
  },
  messages: {
    unbounded: '`{{call}}` has no backpressure: when its consumer falls behind, queued {{items}} pile up in memory without limit',
    bridge: {
      text: '`{{call}}` is fed from a sync thread (`{{sender}}` moves into it): fine for occasional messages, but nothing bounds the queue if the async consumer stalls',
      category: 'style',
    },
    // A command-line tool's queue lives as long as one person's command and is drained by the same
    // program for that person: a stall is seen and interrupted, nothing else runs out of memory beside it.
    inTool: {
      text: '`{{call}}` has no backpressure; this is a command-line tool, so a stalled consumer only grows the memory of this one command',
      category: 'style',
    },
  },
  help: 'Use a bounded channel (`mpsc::channel(n)`) and decide what a full queue means: `send(..).await` to wait, or `try_send` to shed load and count the drops.',
  create(ctx) {
    return {
      call_expression(node) {
        const resolved = resolvedCallee(node, ctx.imports);
        if (!resolved || !isUnboundedChannelConstructor(resolved) || ctx.isTest(node) || ctx.model.onlyInTests(node)) return;
        const sender = senderName(node);
        if (sender && CONTROL_NAME.test(sender)) return;
        const item = messageType(node);
        if (item === '()') return;
        const call = `${resolved.split('::').slice(-2).join('::')}${item ? `::<${item}>` : ''}()`;
        const fn = closest(node, 'function_item');
        const body = fn?.childForFieldName('body');
        if (sender && body) {
          const fromThread = findDescendants(body, 'identifier').some((i) => i.text === sender && i.startIndex > node.endIndex && executorContext(i) === 'offloaded');
          if (fromThread) {
            ctx.report({ node, messageId: 'bridge', data: { call, sender } });
            return;
          }
        }
        if (ctx.model.inCommandLineTool) return ctx.report({ node, messageId: 'inTool', data: { call } });
        ctx.report({ node, messageId: 'unbounded', data: { call, items: item ? `\`${item}\` messages` : 'messages' } });
      },
    };
  },
});
