import type { Node } from '../../rust/parser.js';
import { tokenLeaves } from '../../rust/macros.js';
import { calleeText, descendants, findDescendants, fnName, letBindingName, lineOf, methodChain, methodName } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { ErrorText, errorBindings, type Leak } from './support/error-text.js';
import { outerFunction } from './support/production.js';

/** 5xx status constants (axum / http / actix share `StatusCode`). */
const STATUS_5XX = /(^|::)StatusCode::(INTERNAL_SERVER_ERROR|BAD_GATEWAY|SERVICE_UNAVAILABLE|GATEWAY_TIMEOUT|NOT_IMPLEMENTED|INSUFFICIENT_STORAGE|LOOP_DETECTED)$|(^|::)StatusCode::from_u16\(5\d\d\)(\.unwrap\(\)|\.expect\([^)]*\))?$/;
/** actix `HttpResponse::InternalServerError()` and friends. */
const ACTIX_5XX_BUILDER = /(^|::)HttpResponse::(InternalServerError|BadGateway|ServiceUnavailable|GatewayTimeout|NotImplemented)$/;
/** actix `error::ErrorInternalServerError(e)`: the response body is `e`'s Display text. */
const ACTIX_5XX_ERROR_FN = /(^|::)Error(InternalServerError|BadGateway|ServiceUnavailable|GatewayTimeout|NotImplemented)$/;
/** Builder methods that set the response body. */
const BODY_METHOD = /^(body|json|set_body|message_body|text)$/;

const is5xx = (n: Node | null | undefined) => !!n && STATUS_5XX.test(n.text.replace(/\s+/g, ''));

const CODES: Record<string, string> = { INTERNAL_SERVER_ERROR: '500', InternalServerError: '500', NOT_IMPLEMENTED: '501', NotImplemented: '501', BAD_GATEWAY: '502', BadGateway: '502', SERVICE_UNAVAILABLE: '503', ServiceUnavailable: '503', GATEWAY_TIMEOUT: '504', GatewayTimeout: '504' };

/** `500` for `StatusCode::INTERNAL_SERVER_ERROR`, `HttpResponse::BadGateway()`, `from_u16(503)`. */
function statusLabel(text: string): string {
  const code = /\b(5\d\d)\b/.exec(text)?.[1];
  if (code) return code;
  for (const [name, c] of Object.entries(CODES)) if (text.includes(name)) return c;
  return '5xx';
}

export default defineRule({
  id: 'architecture/internal-error-leak',
  role: 'architecture',
  category: 'security',
  docs: {
    summary: "An error's `Display` / `Debug` text (`e.to_string()`, `format!(\"{e}\")`, `{:?}`) put into a 5xx response body.",
    why: 'Internal errors describe the inside of the service: SQL text, table, column and constraint names, file paths, upstream hosts, config values. Returned on a 500 they reach every client (and attacker) while helping none of them. Log the cause and return a generic message, optionally with a request id.',
    bad: 'fn internal_error(err: sqlx::Error) -> (StatusCode, String) {\n    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())\n}\n',
    good: 'fn internal_error(err: sqlx::Error) -> (StatusCode, String) {\n    tracing::error!(error = %err, "database error");\n    (StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_owned())\n}\n',
    anchor: 'CWE-209: Generation of Error Message Containing Sensitive Information; OWASP Error Handling Cheat Sheet',
  },
  messages: {
    leak: '`{{what}}` puts the error text into a {{status}} response body in `{{fn}}`: clients see internal details (SQL, paths, hosts)',
    leakVia: '`{{via}}` (from `{{what}}`) puts the error text into a {{status}} response body in `{{fn}}`: clients see internal details (SQL, paths, hosts)',
  },
  help: 'Log the error (`tracing::error!(error = %e, ..)`) and return a fixed message such as "internal error", optionally with a request id the client can quote.',
  create(ctx) {
    const errorTexts = new Map<number, ErrorText>();
    const reportedLines = new Set<number>();
    const reparse = (m: Node) => ctx.reparseMacro(m);

    const textFinder = (node: Node): ErrorText => {
      const fn = outerFunction(node);
      const key = fn?.id ?? -1;
      let t = errorTexts.get(key);
      if (!t) errorTexts.set(key, (t = new ErrorText(fn ? errorBindings(fn) : new Set())));
      return t;
    };

    /** The leak in a body expression, following `let message = e.to_string();` bindings it uses. */
    const leakIn = (body: Node): (Leak & { via?: string }) | null => {
      const finder = textFinder(body);
      const direct = finder.find(body, reparse);
      if (direct) return direct;
      const fn = outerFunction(body);
      if (!fn) return null;
      const used = new Set([body, ...descendants(body)].filter((n) => n.type === 'identifier').map((n) => n.text));
      for (const tt of [body, ...descendants(body)].filter((n) => n.type === 'token_tree')) {
        for (const leaf of tokenLeaves(tt)) if (leaf.type === 'identifier') used.add(leaf.text);
      }
      for (const name of used) {
        const lets = findDescendants(fn, 'let_declaration').filter((l) => letBindingName(l) === name && l.startIndex < body.startIndex);
        const value = lets[lets.length - 1]?.childForFieldName('value');
        const leak = value ? finder.find(value, reparse) : null;
        if (leak) return { node: body, what: leak.what, via: name };
      }
      return null;
    };

    const report = (leak: Leak & { via?: string }, status: string, at: Node) => {
      const line = lineOf(leak.node);
      if (reportedLines.has(line) || ctx.isTest(at)) return;
      reportedLines.add(line);
      const fn = outerFunction(at);
      const data = { what: leak.what.replace(/\s+/g, ' ').slice(0, 60), status, fn: fn ? fnName(fn) : 'this item' };
      if (leak.via) ctx.report({ node: leak.node, messageId: 'leakVia', data: { ...data, via: leak.via } });
      else ctx.report({ node: leak.node, messageId: 'leak', data });
    };

    return {
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
        }
      },
    };
  },
});
