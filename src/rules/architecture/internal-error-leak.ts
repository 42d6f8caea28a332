import type { Node } from '../../rust/parser.js';
import { isNameLeaf, tokenLeaves } from '../../rust/macros.js';
import { calleeText, closest, descendants, findDescendants, fnName, lineOf, methodChain, methodName } from '../../rust/syntax.js';
import { resolveBinding } from '../../model/bindings.js';
import { defineRule } from '../define-rule.js';
import { ACTIX_SERVER_ERROR_NAMES, isResponseConversionTrait, isServerErrorStatus, namesClientMistake, SERVER_ERROR_STATUS_CODES, serverErrorCode, TONIC_SERVER_FAULTS } from '../../catalogue/web.js';
import { ErrorText, type Leak } from './support/error-text.js';
import { errorBindings, fixedTextErrors, messageParameters } from '../../model/error-bindings.js';
import { isExtractMethod } from '../../catalogue/web.js';
import { armVariants, enumVariants, statusOfText, variantStatuses, type StatusClass, type VariantInfo } from '../../model/error-responses.js';
import { implOwnerName } from '../../model/impl-owner.js';
/** actix `HttpResponse::InternalServerError()` and friends. */
const ACTIX_5XX = Object.keys(ACTIX_SERVER_ERROR_NAMES).join('|');
const ACTIX_5XX_BUILDER = new RegExp(`(^|::)HttpResponse::(${ACTIX_5XX})$`);
/** actix `error::ErrorInternalServerError(e)`: the response body is `e`'s Display text. */
const ACTIX_5XX_ERROR_FN = new RegExp(`(^|::)Error(${ACTIX_5XX})$`);
/** tonic's server-fault status constructors (their message reaches the client). */
const TONIC_SERVER_STATUS = new RegExp(`(^|::)Status::(${TONIC_SERVER_FAULTS.join('|')})$`);
/** Builder methods that set the response body. */
const BODY_METHOD = /^(body|json|set_body|message_body|text)$/;

const is5xx = (n: Node | null | undefined) => !!n && isServerErrorStatus(n.text.replace(/\s+/g, ''));

/** `500` for `StatusCode::INTERNAL_SERVER_ERROR`, `HttpResponse::BadGateway()`, `from_u16(503)`. */
function statusLabel(text: string): string {
  return serverErrorCode(text, { ...SERVER_ERROR_STATUS_CODES, ...ACTIX_SERVER_ERROR_NAMES });
}

/** The status written next to the body around `node` (`(StatusCode::X, ..)`, an `HttpResponse` builder), or null when computed. */
function literalStatus(node: Node, fn: Node): { cls: StatusClass; text: string } | null {
  for (let a = node.parent; a && a.id !== fn.id; a = a.parent) {
    // `(StatusCode::X, body)`, or a responder built the same way: rocket's `Custom(Status::X, body)`.
    if (a.type === 'tuple_expression' || (a.type === 'arguments' && a.parent?.type === 'call_expression')) {
      const first = a.namedChildren[0];
      if (first && first.endIndex <= node.startIndex) {
        const found = statusOfText(first.text.replace(/\s+/g, ''));
        if (found) return found;
      }
    }
    if (a.type === 'call_expression' && BODY_METHOD.test(methodName(a) ?? '')) {
      const { root, links } = methodChain(a);
      const rootText = root.type === 'call_expression' ? calleeText(root).replace(/\s+/g, '') : '';
      if (ACTIX_5XX_BUILDER.test(rootText)) return { cls: '5xx', text: rootText };
      if (/(^|::)HttpResponse::[A-Z]\w*$/.test(rootText)) return { cls: 'other', text: rootText };
      const builder = /(^|::)(HttpResponse::build|HttpResponseBuilder::new)$/.test(rootText);
      const arg = builder ? root.childForFieldName('arguments')?.namedChildren[0] : links.find((l) => l.name === 'status')?.args?.namedChildren[0];
      const found = arg ? statusOfText(arg.text.replace(/\s+/g, '')) : null;
      if (found) return found;
    }
  }
  return null;
}

/** The nearest match arm around `node` inside `fn`. */
function armOf(node: Node, fn: Node): Node | null {
  for (let a = node.parent; a && a.id !== fn.id; a = a.parent) if (a.type === 'match_arm') return a;
  return null;
}

/**
 * Inside the error closure of running an extractor by hand (`parts.extract::<Query<..>>().await.map_err(|e| ..)`):
 * the error is the extractor's rejection, whose text describes what the client sent (the framework
 * answers with that same text), not the inside of the service.
 */
function rendersRejection(node: Node): boolean {
  for (let a = node.parent; a && a.type !== 'function_item'; a = a.parent) {
    if (a.type !== 'closure_expression' || a.parent?.type !== 'arguments') continue;
    const call = a.parent.parent;
    if (call?.type !== 'call_expression' || !/^(map_err|or_else|unwrap_or_else)$/.test(methodName(call) ?? '')) continue;
    if (methodChain(call).links.some((l) => isExtractMethod(l.name))) return true;
  }
  return false;
}

export default defineRule({
  id: 'architecture/internal-error-leak',
  role: 'architecture',
  category: 'security',
  // A 5xx needs `StatusCode::..`, an actix `HttpResponse` builder / `ErrorBadGateway`-style fn, rocket's `Status::InternalServerError`, or a response trait impl.
  requires: new RegExp(`StatusCode|Response|Error(${ACTIX_5XX})|Status::(${[...TONIC_SERVER_FAULTS, ...Object.keys(ACTIX_SERVER_ERROR_NAMES)].join('|')})`),
  docs: {
    summary: "An error's `Display` / `Debug` text (`e.to_string()`, `format!(\"{e}\")`, `{:?}`) put into a 5xx response body.",
    why: 'Internal errors describe the inside of the service: SQL text, table, column and constraint names, file paths, upstream hosts, config values. Returned on a 500 they reach every client (and attacker) while helping none of them. Log the cause and return a generic message, optionally with a request id.',
    bad: `fn internal_error(err: sqlx::Error) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}
`,
    good: `fn internal_error(err: sqlx::Error) -> (StatusCode, String) {
    tracing::error!(error = %err, "database error");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_owned())
}
`,
    anchor: 'CWE-209: Generation of Error Message Containing Sensitive Information; OWASP Error Handling Cheat Sheet',
  },
  messages: {
    leak: '`{{what}}` puts the error text into a {{status}} response body in `{{fn}}`: clients see internal details (SQL, paths, hosts)',
    leakVia: '`{{via}}` (from `{{what}}`) puts the error text into a {{status}} response body in `{{fn}}`: clients see internal details (SQL, paths, hosts)',
    // A handler only requests the crate's own extractor admits reach (a session, a token, a role): a note.
    leakGuarded: {
      text: '`{{what}}` puts the error text into a {{status}} response body in `{{fn}}`, which runs only for requests the crate\'s `{{guard}}` extractor lets through: the callers it admits see internal details (SQL, paths, hosts), anonymous clients do not',
      category: 'style',
    },
  },
  help: 'Log the error (`tracing::error!(error = %e, ..)`) and return a fixed message such as "internal error", optionally with a request id the client can quote.',
  create(ctx) {
    const errorTexts = new Map<number, ErrorText>();
    const reportedLines = new Set<number>();
    const reparse = (m: Node) => ctx.reparseMacro(m);

    const textFinder = (node: Node): ErrorText => {
      const fn = closest(node, 'function_item');
      const key = fn?.id ?? -1;
      let t = errorTexts.get(key);
      if (!t) errorTexts.set(key, (t = new ErrorText(fn ? errorBindings(fn) : new Set(), fn ? messageParameters(fn) : new Set(), fn ? fixedTextErrors(fn, ctx.model) : new Set())));
      return t;
    };

    /** The leak in a body expression, following `let message = e.to_string();` bindings it uses. */
    const leakIn = (body: Node): (Leak & { via?: string }) | null => {
      const finder = textFinder(body);
      const direct = finder.find(body, reparse);
      if (direct) return direct;
      const fn = closest(body, 'function_item');
      if (!fn) return null;
      const uses = [body, ...descendants(body)].filter((n) => n.type === 'identifier');
      for (const tt of [body, ...descendants(body)].filter((n) => n.type === 'token_tree')) {
        for (const leaf of tokenLeaves(tt)) if (isNameLeaf(leaf)) uses.push(leaf);
      }
      // Each name at the `let` it resolves to by scope (the model's bindings), once per binding.
      const seen = new Set<number>();
      for (const use of uses) {
        const decl = resolveBinding(use);
        if (decl?.kind !== 'let' || seen.has(decl.ident.id) || decl.node.startIndex >= body.startIndex) continue;
        seen.add(decl.ident.id);
        const leak = decl.value ? finder.find(decl.value, reparse) : null;
        if (leak) return { node: body, what: leak.what, via: decl.name };
      }
      return null;
    };

    const report = (leak: Leak & { via?: string }, status: string, at: Node) => {
      const line = lineOf(leak.node);
      if (reportedLines.has(line) || ctx.isTest(at) || rendersRejection(leak.node)) return;
      reportedLines.add(line);
      const fn = closest(at, 'function_item');
      const data = { what: leak.what.replace(/\s+/g, ' ').slice(0, 60), status, fn: fn ? fnName(fn) : 'this item' };
      const guard = fn ? ctx.model.guardingExtractor(fn) : undefined;
      if (guard) ctx.report({ node: leak.node, messageId: 'leakGuarded', data: { ...data, what: leak.via ?? data.what, guard } });
      else if (leak.via) ctx.report({ node: leak.node, messageId: 'leakVia', data: { ...data, via: leak.via } });
      else ctx.report({ node: leak.node, messageId: 'leak', data });
    };

    /**
     * `impl ResponseError for ApiError` / `impl IntoResponse for ApiError` whose status is computed
     * (`self.status_code()`, a `match` bound to `status`): the variants a rendered text can come
     * from decide. A 4xx / client variant may show its text; an internal one (a 5xx in
     * `status_code()`, or a name that is not a client mistake) leaks its `Debug`, its wrapped error,
     * or a `Display` that is not a fixed `#[error("..")]` message.
     */
    const responseImpl = (impl: Node) => {
      const trait = impl.childForFieldName('trait')?.text ?? '';
      const body = impl.childForFieldName('body');
      if (!body || !isResponseConversionTrait(trait)) return;
      const fns = body.namedChildren.filter((c) => c.type === 'function_item');
      const responders = fns.filter((f) => /^(error_response|into_response)$/.test(fnName(f)));
      if (!responders.length) return;
      const statuses = variantStatuses(impl);
      // actix's default `ResponseError::status_code` is 500.
      const default500 = /ResponseError$/.test(trait) && !fns.some((f) => fnName(f) === 'status_code');
      const classify = (v: string): StatusClass | 'unknown' =>
        statuses.byVariant.get(v)?.cls ?? statuses.fallback?.cls ?? (default500 ? '5xx' : namesClientMistake(v) ? 'other' : 'unknown');
      const label = (v: string | undefined) => {
        const s = (v && statuses.byVariant.get(v)) || statuses.fallback;
        return s && s.cls === '5xx' ? serverErrorCode(s.text) : default500 ? '500' : '5xx';
      };
      let info: Map<string, VariantInfo> | null | undefined;
      const variantsHere = () => (info === undefined ? (info = implOwnerName(impl) ? enumVariants(ctx.root, implOwnerName(impl)!) : null) : info);

      for (const fn of responders) {
        const fnBody = fn.childForFieldName('body');
        if (!fnBody) continue;
        const finder = textFinder(fnBody);
        const seen: Node[] = [];
        for (const d of descendants(fnBody)) {
          if (d.type !== 'call_expression' && d.type !== 'macro_invocation') continue;
          if (seen.some((x) => x.startIndex <= d.startIndex && d.endIndex <= x.endIndex)) continue;
          const leak = finder.leakAt(d, reparse);
          if (!leak) continue;
          seen.push(d);
          const literal = literalStatus(d, fn);
          if (literal) {
            if (literal.cls === '5xx') report(leak, statusLabel(literal.text), d);
            continue;
          }
          const arm = armOf(d, fn);
          const pattern = arm?.childForFieldName('pattern');
          let candidates = pattern ? armVariants(pattern) : [];
          const known = variantsHere();
          if (!candidates.length && arm && known) {
            // `_ =>`: the variants no other arm of this match lists.
            const listed = new Set((arm.parent?.namedChildren ?? []).flatMap((o) => (o.type === 'match_arm' && o.id !== arm.id ? armVariants(o.childForFieldName('pattern') ?? o) : [])));
            candidates = [...known.keys()].filter((v) => !listed.has(v));
          }
          let risky: string[];
          if (candidates.length) {
            risky = candidates.filter((v) => classify(v) !== 'other' && known?.get(v)?.hasData !== false);
            if (leak.selfDisplay && known) risky = risky.filter((v) => known.get(v)?.fixedDisplay !== true);
          } else if (known) {
            // The whole of `self`, outside any variant arm: only what its data-carrying internal variants show.
            risky = [...known].filter(([v, i]) => i.hasData && classify(v) !== 'other' && (!leak.selfDisplay || i.fixedDisplay === false)).map(([v]) => v);
          } else {
            // A struct error or an enum defined elsewhere: its Display is unknown, its status must be 5xx.
            const any5xx = default500 || statuses.fallback?.cls === '5xx' || [...statuses.byVariant.values()].some((s) => s.cls === '5xx');
            risky = !leak.selfDisplay && any5xx ? [''] : [];
          }
          if (risky.length) report(leak, label(risky[0]), d);
        }
      }
    };

    return {
      impl_item(node) {
        responseImpl(node);
      },
      // axum: `(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())`, also inside `Err(..)` and match arms.
      tuple_expression(node) {
        const [status, ...rest] = node.namedChildren;
        if (!is5xx(status) || !rest.length) return;
        for (const body of rest) {
          const leak = leakIn(body);
          if (leak) return report(leak, statusLabel(status!.text), node);
        }
      },
      call_expression(node) {
        const method = methodName(node);
        if (method && BODY_METHOD.test(method)) {
          // actix `HttpResponse::InternalServerError().body(..)`, `Response::builder().status(500).body(..)`.
          const { root, links } = methodChain(node);
          const rootIs5xx = root.type === 'call_expression' && (ACTIX_5XX_BUILDER.test(calleeText(root)) || (/(^|::)(HttpResponse::build|HttpResponseBuilder::new)$/.test(calleeText(root)) && is5xx(root.childForFieldName('arguments')?.namedChildren[0])));
          const statusLink = links.some((l) => l.name === 'status' && is5xx(l.args?.namedChildren[0]));
          if (!rootIs5xx && !statusLink) return;
          const status = statusLabel(rootIs5xx ? root.text : links.find((l) => l.name === 'status')!.node.text);
          for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
            const leak = leakIn(arg);
            if (leak) return report(leak, status, node);
          }
          return;
        }
        if (!method && ACTIX_5XX_ERROR_FN.test(calleeText(node))) {
          const arg = node.childForFieldName('arguments')?.namedChildren[0];
          if (!arg) return;
          const status = statusLabel(calleeText(node));
          if (textFinder(node).isErrorValue(arg)) return report({ node, what: `${calleeText(node).replace(/^.*::/, '')}(${arg.text})` }, status, node);
          const leak = leakIn(arg);
          if (leak) report(leak, status, node);
          return;
        }
        // tonic: `Status::internal(msg)` sends `msg` to the gRPC client as the status message.
        if (!method && TONIC_SERVER_STATUS.test(calleeText(node))) {
          const arg = node.childForFieldName('arguments')?.namedChildren[0];
          const leak = arg ? leakIn(arg) : null;
          if (leak) report(leak, `gRPC ${calleeText(node).replace(/^.*::/, '').toUpperCase()}`, node);
          return;
        }
        // Any framework's "body and status" constructor: poem `Error::from_string(msg, StatusCode::INTERNAL_SERVER_ERROR)`,
        // warp `reply::with_status(msg, StatusCode::BAD_GATEWAY)`: a 5xx status literal next to the text.
        if (!method) {
          const args = node.childForFieldName('arguments')?.namedChildren ?? [];
          const status = args.find((a) => is5xx(a));
          if (!status || args.length < 2) return;
          for (const arg of args) {
            if (arg.id === status.id) continue;
            const leak = leakIn(arg);
            if (leak) return report(leak, statusLabel(status.text), node);
          }
        }
      },
    };
  },
});
