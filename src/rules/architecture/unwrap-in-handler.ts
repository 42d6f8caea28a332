import type { Node } from '../../rust/parser.js';
import { closest, descendants, fnName, lineOf, methodChain, methodName, methodReceiver, stringValue } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { rootIdentifier, type Origin, type OriginKind } from '../../model/origins.js';
import type { FileModel } from '../../model/index.js';
import { provenPresent } from '../../model/presence.js';
import { neverFails } from '../../model/infallible.js';
import { provenanceIn } from '../../model/provenance.js';
import { isBorrowedView, isCompileTimeMacro, KEYED_LOOKUP_METHODS, STATED_INVARIANT } from '../../catalogue/values.js';
import { macroName } from '../../rust/macros.js';

const PANICKING = new Set(['unwrap', 'expect']);

/** What is unwrapped, in words, for the message that places it nowhere. */
const SOURCE_WORDS: Record<OriginKind, (what: string) => string> = {
  request: (w) => `request data \`${w}\``,
  database: (w) => `the database result \`${w}\``,
  io: (w) => `the result of \`${w}\``,
  parse: (w) => `\`${w}\``,
  returned: (w) => `what \`${w}\` returned`,
};

const isPanicking = (n: Node): boolean => n.type === 'call_expression' && PANICKING.has(methodName(n) ?? '');

/**
 * `.expect("00:00:00 is always a valid time")`: the author wrote down why it cannot fail, as a
 * `// SAFETY:` line does for `unsafe`; the reviewer reads that reason. Not for a lookup straight into
 * what the client sent (`headers.get("x").expect("always sent")`): that belief is the bug.
 */
function statesInvariant(call: Node, receiver: Node, kind: OriginKind): boolean {
  const arg = call.childForFieldName('arguments')?.namedChildren[0];
  const text = arg && (arg.type === 'string_literal' || arg.type === 'raw_string_literal') ? stringValue(arg) ?? '' : '';
  if (!STATED_INVARIANT.test(text)) return false;
  if (kind !== 'request') return true;
  // A free call (`PathAndQuery::from_maybe_shared(..)`) has no method links: no lookup either.
  const { links } = methodChain(receiver);
  const last = [...links].reverse().find((l) => l.name !== 'await' && l.name !== '?');
  return !last || !KEYED_LOOKUP_METHODS.has(last.name);
}

/** Parsing what the program itself embeds (`toml::from_str(include_str!("tables.toml"))`): fixed at build time, not external data. */
function parsesBuildTimeData(receiver: Node): boolean {
  const { root } = methodChain(receiver);
  if (root.type !== 'call_expression') return false;
  const args = root.childForFieldName('arguments')?.namedChildren ?? [];
  const fixed = (n: Node): boolean =>
    /^(string_literal|raw_string_literal|integer_literal)$/.test(n.type) ||
    (n.type === 'macro_invocation' && isCompileTimeMacro(macroName(n))) ||
    ((n.type === 'reference_expression' || n.type === 'parenthesized_expression') && n.namedChildren.length > 0 && n.namedChildren.every(fixed)) ||
    (n.type === 'call_expression' && isBorrowedView(n.childForFieldName('function')?.childForFieldName('field')?.text ?? '') && fixed(n.childForFieldName('function')!.childForFieldName('value')!));
  return args.length > 0 && args.every(fixed);
}

/**
 * A crate fn (any file) the model knows propagates the error of an HTTP request it sends: `user.fetch_outbox().expect(..)`
 * fails when the remote service does, as `client.get(url).send().unwrap()` written out does.
 */
function outboundOrigin(receiver: Node, model: FileModel): Origin | null {
  const call = receiver.type === 'call_expression' ? receiver : null;
  const what = call ? model.outboundCall(call) : undefined;
  return what ? { kind: 'io', what, call: call! } : null;
}

/**
 * One cause for the unwraps of one exchange: `let resp = client.send().await.unwrap();` then
 * `resp.text().await.unwrap()` is one failure to handle (the call's), so one comment. The cause is
 * the `let` whose value is unwrapped, shared by the unwraps of what it binds.
 */
function causeOf(call: Node, receiver: Node): Node | undefined {
  const root = rootIdentifier(receiver);
  if (root?.type === 'identifier') {
    const binding = provenanceIn(call).bindingOf(root.text, root);
    const value = binding?.node.type === 'let_declaration' ? binding.node.childForFieldName('value') : null;
    if (value && (isPanicking(value) || [...descendants(value, (n) => n.type === 'closure_expression')].some(isPanicking))) return binding!.node;
  }
  for (let a = call.parent; a; a = a.parent) {
    if (a.type === 'let_declaration') return a;
    if (a.type === 'block' || a.type === 'closure_expression' || a.type === 'function_item') return undefined;
  }
  return undefined;
}

export default defineRule({
  id: 'architecture/unwrap-in-handler',
  role: 'architecture',
  category: 'suspicious',
  // Only `.unwrap()` / `.expect(..)` are reported, whatever makes the fn a handler.
  requires: /\b(unwrap|expect)\b/,
  clippyLint: 'unwrap_used',
  clippyLints: ['expect_used'],
  docs: {
    summary: '`.unwrap()` / `.expect()` on request data, headers, database or I/O results in production code paths.',
    why: 'These values fail for reasons outside the program: a client leaves out a header, a row does not exist, the database restarts. A panic turns that into an empty 500 (axum, actix) or a dead background task, and hides the cause the caller needed. Map the failure to your error type instead.',
    bad: `pub async fn rates(headers: HeaderMap) -> Result<Json<Vec<Rate>>, ApiError> {
    let tenant = headers.get("x-tenant-id").unwrap().to_str().unwrap();
    Ok(Json(load_rates(tenant)))
}
`,
    good: `pub async fn rates(headers: HeaderMap) -> Result<Json<Vec<Rate>>, ApiError> {
    let tenant = headers
        .get("x-tenant-id")
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::BadRequest("missing x-tenant-id"))?;
    Ok(Json(load_rates(tenant)))
}
`,
    anchor: 'clippy::unwrap_used, clippy::expect_used; The Rust Book ch. 9 "Recoverable Errors with Result"',
  },
  // A database result unwrapped is the database specialist's finding (one comment per line).
  yieldsTo: ['database/unwrap-db-result'],
  messages: {
    request: '`.{{method}}()` on request data `{{what}}` in `{{fn}}`: a missing or malformed value from the client panics the handler instead of returning a 4xx',
    database: '`.{{method}}()` on the database result `{{what}}` in `{{fn}}`: a missing row or a database error panics instead of returning an error',
    io: '`.{{method}}()` on the result of `{{what}}` in `{{fn}}`: a failed call panics instead of returning an error',
    ioOption: '`.{{method}}()` on the `Option` that `{{what}}` returns, in `{{fn}}`: a `None` panics instead of returning an error',
    parse: '`.{{method}}()` on `{{what}}` in `{{fn}}`: malformed external data panics instead of returning an error',
    returned: '`.{{method}}()` on the {{type}} inside what `{{what}}` returned (its own error is already handled by `?`), in `{{fn}}`: {{empty}} panics instead of returning an error',
    // The call is handed nothing the client sent: whether its `None` can happen is the crate's own
    // contract (a value looked up by what an earlier step already matched), which the model cannot read.
    returnedOwn: {
      text: '`.{{method}}()` on the {{type}} inside what `{{what}}` returned (its own error is already handled by `?`), in `{{fn}}`: {{empty}} panics; nothing the client sent is handed to that call, so this holds if the values it is given always find one',
      category: 'style',
    },
    // Code no request handler, background job or start-up path is seen reaching (a library's API, a
    // trait impl only dispatch calls, a fn only another crate calls): say what can fail, claim no handler.
    unplaced: {
      text: '`.{{method}}()` on {{source}} in `{{fn}}` panics when it fails; no request handler or background job is seen reaching this code, so whether a client or a remote service can trip it is not known here',
      category: 'style',
    },
  },
  help: 'Propagate with `?` after mapping the failure to your error type (`.ok_or(ApiError::BadRequest(..))?`, `.map_err(ApiError::from)?`), or handle the `None` / `Err` case explicitly.',
  create(ctx) {
    const reportedLines = new Set<number>();
    return {
      call_expression(node) {
        const method = methodName(node);
        if (!method || !PANICKING.has(method)) return;
        if (node.childForFieldName('arguments')?.namedChildren.length !== (method === 'expect' ? 1 : 0)) return;
        const receiver = methodReceiver(node);
        if (!receiver || ctx.model.codeContext(node) !== 'production') return;
        const fn = closest(node, 'function_item');
        if (!fn) return;
        const fo = ctx.model.originsIn(fn);
        const origin = fo.originOf(receiver) ?? outboundOrigin(receiver, ctx.model);
        if (!origin || provenPresent(node, receiver) || neverFails(node, receiver, ctx.imports)) return;
        if (method === 'expect' && statesInvariant(node, receiver, origin.kind)) return;
        if (origin.kind === 'parse' && parsesBuildTimeData(receiver)) return;
        const field = node.childForFieldName('function')!.childForFieldName('field') ?? node;
        const line = lineOf(field);
        // `a.unwrap().b().unwrap()` on one line is one problem for the reader: one comment.
        if (reportedLines.has(line)) return;
        reportedLines.add(line);
        const data = { method, what: origin.what, fn: fnName(fn) };
        const rootCause = causeOf(node, receiver);
        if (ctx.model.executionContext(node) === 'unknown') {
          ctx.report({ node: field, messageId: 'unplaced', data: { ...data, source: SOURCE_WORDS[origin.kind](origin.what) }, rootCause });
          return;
        }
        // What is unwrapped, from the called fn's declared return type when the model knows it.
        const returns = origin.call ? ctx.model.knownCallees(origin.call).map((c) => c.fn.returnType ?? '') : [];
        const returnType = returns.length && returns.every((r) => r === returns[0]) ? returns[0]! : '';
        if (origin.kind === 'returned') {
          const inner = /^(?:[\w:]*Result)<(.*)>$/.exec(returnType.replace(/\s+/g, ''))?.[1] ?? '';
          const type = /^Option</.test(inner) ? 'Option' : /^(?:[\w:]*)Result</.test(inner) ? 'Result' : '';
          const chosenByClient = !!origin.call && fo.mentionsRequest(origin.call);
          ctx.report({ node: field, messageId: chosenByClient ? 'returned' : 'returnedOwn', data: { ...data, type: type ? `\`${type}\`` : '`Option` or `Result`', empty: type === 'Option' ? 'a `None`' : type === 'Result' ? 'an `Err`' : 'its `None` / `Err` case' }, rootCause });
          return;
        }
        if (origin.kind === 'io' && /^Option</.test(returnType)) {
          ctx.report({ node: field, messageId: 'ioOption', data, rootCause });
          return;
        }
        ctx.report({ node: field, messageId: origin.kind satisfies Exclude<OriginKind, 'returned'>, data, rootCause });
      },
    };
  },
});
