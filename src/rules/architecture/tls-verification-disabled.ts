import type { Node } from '../../rust/parser.js';
import { closest, fnName, methodName, methodReceiver } from '../../rust/syntax.js';
import { namesInsecureVerifier } from '../../catalogue/naming.js';
import { isCustomVerifierMethod, isVerificationDisablingSwitch, isVerificationSwitch, isVerifyNoneMode, VERIFICATION_HINT } from '../../catalogue/tls.js';
import { defineRule } from '../define-rule.js';


const isTrue = (n: Node | null | undefined) => n?.type === 'boolean_literal' && n.text === 'true';
const isFalse = (n: Node | null | undefined) => n?.type === 'boolean_literal' && n.text === 'false';

function firstArg(call: Node): Node | null {
  return call.childForFieldName('arguments')?.namedChildren[0] ?? null;
}


/** The call only runs when an `if` of its fn holds on something decided at run time (a setting, an env var), not a constant. */
function gatedBySetting(call: Node): boolean {
  let child: Node = call;
  for (let a = call.parent; a; a = a.parent) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return false;
    if (a.type === 'if_expression' && a.childForFieldName('consequence')?.id === child.id) {
      const condition = a.childForFieldName('condition');
      if (condition && !/^(true|false|!?\s*(true|false))$/.test(condition.text.trim())) return true;
    }
    child = a;
  }
  return false;
}

export default defineRule({
  id: 'architecture/tls-verification-disabled',
  role: 'architecture',
  category: 'security',
  requires: VERIFICATION_HINT,
  docs: {
    summary: 'TLS certificate or host-name verification switched off (`danger_accept_invalid_certs(true)`, `SslVerifyMode::NONE`, a rustls verifier that accepts everything).',
    why: 'Without verification any machine on the path can impersonate the upstream and read or change the traffic, credentials included. It is usually added to get past a self-signed certificate in a dev setup and then ships.',
    bad: `pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .expect("client")
}
`,
    good: `pub fn http_client(ca: reqwest::Certificate) -> reqwest::Client {
    reqwest::Client::builder()
        .add_root_certificate(ca)
        .build()
        .expect("client")
}
`,
    anchor: 'CWE-295; CodeQL rust/disabled-certificate-check; Semgrep rust.lang.security.reqwest-accept-invalid',
  },
  messages: {
    switch: '`.{{method}}(true)` in `{{fn}}` disables TLS verification: anyone on the network path can impersonate the server',
    hostname: '`.{{method}}(false)` in `{{fn}}` skips the host-name check: any valid certificate for any host is accepted',
    verifyNone: '`{{method}}({{arg}})` in `{{fn}}` turns off certificate verification for this TLS connector',
    verifier: '`.{{method}}({{verifier}})` in `{{fn}}` installs a certificate verifier that, by its name, accepts any certificate',
    acceptAll: '`verify_server_cert` of `{{type}}` accepts every certificate without checking it',
    // A command-line or development tool no deployed backend runs (talking to a local server with a
    // self-signed certificate): a note, not the security error a service's client would be.
    outsideBackend: { text: '`{{code}}` in `{{fn}}` turns TLS verification off in a program no deployed backend runs (a command-line or development tool): fine against a local test server, keep it out of service code', category: 'style' },
  },
  help: 'Trust the specific CA instead (`add_root_certificate`, a rustls `RootCertStore`), or gate the switch behind an explicit dev-only setting that cannot reach production.',
  create(ctx) {
    type Reported = Parameters<typeof ctx.report>[0];
    const report = (r: Reported & { node: Node }) => {
      if (ctx.model.inBackend) return ctx.report(r);
      // `.danger_accept_invalid_certs(true)`, not the whole builder chain.
      const call = r.node.parent?.type === 'field_expression' ? r.node.parent.parent : null;
      const text = (call?.type === 'call_expression' ? `.${r.node.text}${call.childForFieldName('arguments')?.text ?? '()'}` : r.node.text).replace(/\s+/g, ' ');
      ctx.report({ node: r.node, messageId: 'outsideBackend', data: { code: text.length > 60 ? `${text.slice(0, 57)}..` : text, fn: fnOf(r.node) } });
    };
    const fnOf = (n: Node) => {
      const fn = closest(n, 'function_item');
      return fn ? fnName(fn) : 'this item';
    };
    return {
      call_expression(node) {
        if (ctx.isTest(node) || ctx.model.onlyInTests(node)) return;
        // Behind a runtime setting (`if env::var("..INSECURE..").is_ok() { .. }`, `if cfg.skip_verify { .. }`): the opt-in our help recommends.
        if (gatedBySetting(node)) return;
        const method = methodName(node);
        if (method && isVerificationDisablingSwitch(method) && isTrue(firstArg(node))) {
          report({ node: node.childForFieldName('function')!.childForFieldName('field') ?? node, messageId: 'switch', data: { method, fn: fnOf(node) } });
          return;
        }
        if (method && isVerificationSwitch(method) && isFalse(firstArg(node))) {
          report({ node: node.childForFieldName('function')!.childForFieldName('field') ?? node, messageId: 'hostname', data: { method, fn: fnOf(node) } });
          return;
        }
        if (method && /^(set_verify|set_verify_callback)$/.test(method)) {
          const arg = firstArg(node);
          if (arg && isVerifyNoneMode(arg.text.replace(/\s+/g, ''))) {
            report({ node, messageId: 'verifyNone', data: { method: `.${method}`, arg: arg.text, fn: fnOf(node) } });
          }
          return;
        }
        if (method && isCustomVerifierMethod(method)) {
          // A custom verifier can be legitimate (pinning); one named like a no-op verifier is not.
          const recv = methodReceiver(node);
          const verifier = firstArg(node)?.text ?? '';
          if (recv?.type === 'call_expression' && methodName(recv) === 'dangerous' && namesInsecureVerifier(verifier)) {
            report({ node: node.childForFieldName('function')!.childForFieldName('field') ?? node, messageId: 'verifier', data: { method, verifier, fn: fnOf(node) } });
          }
        }
      },
      function_item(node) {
        // rustls `impl ServerCertVerifier for NoVerify { fn verify_server_cert(..) { Ok(ServerCertVerified::assertion()) } }`
        if (fnName(node) !== 'verify_server_cert' || ctx.isTest(node) || ctx.model.onlyInTests(node)) return;
        const impl = closest(node, 'impl_item');
        if (!impl || !/ServerCertVerifier$/.test(impl.childForFieldName('trait')?.text ?? '')) return;
        const body = node.childForFieldName('body');
        const stmts = body?.namedChildren.filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment') ?? [];
        if (stmts.length === 1 && /^Ok\(\s*([\w:]+::)?ServerCertVerified::assertion\(\)\s*\)$/.test(stmts[0]!.text.replace(/;$/, ''))) {
          // On the line that accepts (where the fix goes), not on the signature above it.
          report({ node: stmts[0]!, messageId: 'acceptAll', data: { type: impl.childForFieldName('type')?.text ?? '?' } });
        }
      },
    };
  },
});
