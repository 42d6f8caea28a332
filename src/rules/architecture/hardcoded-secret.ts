import type { Node } from '../../rust/parser.js';
import { AUTH_SCHEME_PREFIX, CREDENTIAL_SETTERS, isKeyName, isNameHoldingName, isSecretName, KEY_MATERIAL_FUNCTIONS, knownToken, mayNameSecret } from '../../catalogue/secrets.js';
import { ancestors, calleeText, lineOf, methodName, patternIdentifier, stringValue } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { looksLikeSecretValue, looksRandom, urlCredentials } from './support/secrets.js';
import { literalText } from '../../model/literal-text.js';
import { isFallbackMethod } from '../../catalogue/values.js';


/** Code that may keep a development default: `env::var(..).unwrap_or("..")`. */
function isDevFallback(node: Node): boolean {
  for (const a of ancestors(node)) {
    if (a.type === 'call_expression' && isFallbackMethod(methodName(a) ?? '')) return true;
    if (a.type === 'function_item' || a.type === 'let_declaration' || a.type === 'expression_statement') return false;
  }
  return false;
}

/** Never echo the secret into the review: describe it. */
const preview = (v: string) => `a ${v.length}-character literal`;

export default defineRule({
  id: 'architecture/hardcoded-secret',
  role: 'architecture',
  category: 'security',
  docs: {
    summary: 'JWT secrets, API keys, passwords and credentials in connection URLs written as string literals in production code.',
    why: 'A secret in the source is in every clone, fork, CI log and container image, cannot be rotated without a deploy, and is usually the same in every environment. Load it from the environment or a secret store at start-up.',
    bad: `const JWT_SECRET: &str = "k9f2Q7xLw3Rt8vZp";

pub fn encoding_key() -> EncodingKey {
    EncodingKey::from_secret(JWT_SECRET.as_bytes())
}
`,
    good: `pub fn encoding_key(config: &Config) -> EncodingKey {
    EncodingKey::from_secret(config.jwt_secret.expose_secret().as_bytes())
}
`,
    anchor: 'CWE-798; CodeQL rust/hardcoded-crytographic-value; ast-grep-essentials hardcoded-password-rust',
  },
  messages: {
    binding: '`{{name}}` in `{{where}}` is a hard-coded secret ({{preview}}); it ships in the source and cannot be rotated without a deploy',
    call: '`{{call}}` in `{{where}}` is given a hard-coded credential ({{preview}})',
    token: 'a {{kind}} is written into the source in `{{where}}`',
    url: 'connection URL in `{{where}}` embeds the password of user `{{user}}` for host `{{host}}`',
  },
  help: 'Read it from the environment or a secret store at start-up (e.g. `std::env::var("JWT_SECRET")` into a `secrecy::SecretString` in your config), and rotate the exposed value.',
  create(ctx) {
    const reportedLines = new Set<number>();
    const where = (n: Node) => {
      for (const a of ancestors(n)) if (a.type === 'function_item' || a.type === 'impl_item' || a.type === 'mod_item') return a.childForFieldName('name')?.text ?? a.childForFieldName('type')?.text ?? 'this module';
      return ctx.path.split('/').pop()!;
    };
    const report = (node: Node, messageId: 'call' | 'token' | 'binding' | 'url', data: Record<string, string>) => {
      if (reportedLines.has(lineOf(node)) || ctx.isTest(node) || ctx.model.onlyInTests(node)) return;
      reportedLines.add(lineOf(node));
      ctx.report({ node, messageId, data: { where: where(node), ...data } });
    };
    const checkBinding = (nameNode: Node | null | undefined, value: Node | null | undefined) => {
      if (!nameNode || !value) return;
      // Cheap pre-check: a secret or key name ends in one of these words (superset of both tests below).
      if (!mayNameSecret(nameNode.text)) return;
      const secretName = isSecretName(nameNode.text);
      if (!secretName && !isKeyName(nameNode.text)) return;
      const text = literalText(value);
      if (text === null || isDevFallback(value)) return;
      const strict = !secretName || isNameHoldingName(nameNode.text);
      const real = strict ? looksRandom(text) || knownToken(text) !== null : looksLikeSecretValue(text, nameNode.text);
      if (real) report(nameNode, 'binding', { name: nameNode.text, preview: preview(text) });
    };
    return {
      const_item: (n) => checkBinding(n.childForFieldName('name'), n.childForFieldName('value')),
      static_item: (n) => checkBinding(n.childForFieldName('name'), n.childForFieldName('value')),
      let_declaration(n) {
        const pattern = n.childForFieldName('pattern');
        const name = patternIdentifier(pattern);
        if (name?.type === 'identifier') checkBinding(name, n.childForFieldName('value'));
      },
      field_initializer: (n) => checkBinding(n.childForFieldName('field'), n.childForFieldName('value')),
      assignment_expression(n) {
        const left = n.childForFieldName('left');
        checkBinding(left?.type === 'field_expression' ? left.childForFieldName('field') : left, n.childForFieldName('right'));
      },
      call_expression(n) {
        const method = methodName(n);
        if (method ? !CREDENTIAL_SETTERS.test(method) && method !== 'basic_auth' && method !== 'header' : !KEY_MATERIAL_FUNCTIONS.test(calleeText(n))) return;
        const args = n.childForFieldName('arguments')?.namedChildren ?? [];
        let secret: Node | undefined;
        let call = '';
        if (method && CREDENTIAL_SETTERS.test(method)) {
          secret = args[0];
          call = `.${method}(..)`;
        } else if (method === 'basic_auth' && args[1]) {
          // `.basic_auth(user, Some("pass"))`
          secret = args[1].type === 'call_expression' && calleeText(args[1]) === 'Some' ? args[1].childForFieldName('arguments')?.namedChildren[0] : undefined;
          call = '.basic_auth(..)';
        } else if (!method && KEY_MATERIAL_FUNCTIONS.test(calleeText(n))) {
          secret = args[0];
          call = `${calleeText(n).replace(/^.*?(\w+::\w+)$/, '$1')}(..)`;
        } else if (method === 'header' && args.length === 2 && /AUTHORIZATION|"authorization"|"x-api-key"/i.test(args[0]!.text)) {
          const v = literalText(args[1]);
          const token = v?.replace(AUTH_SCHEME_PREFIX, '');
          if (v && token && token !== v && looksLikeSecretValue(token)) report(n, 'call', { call: '.header(AUTHORIZATION, ..)', preview: preview(token) });
          else if (v && !/\s/.test(v) && /api-key/i.test(args[0]!.text) && looksLikeSecretValue(v)) report(n, 'call', { call: '.header(..)', preview: preview(v) });
          return;
        }
        const text = literalText(secret);
        if (!secret || text === null || !looksLikeSecretValue(text) || isDevFallback(n)) return;
        report(n, 'call', { call, preview: preview(text) });
      },
      string_literal(n) {
        const v = stringValue(n);
        if (!v) return;
        const kind = knownToken(v);
        if (kind) return report(n, 'token', { kind });
        if (!v.includes('://')) return;
        const creds = urlCredentials(v);
        // No fallback exemption here: urlCredentials already passes over local hosts and dev passwords.
        if (creds) report(n, 'url', creds);
      },
      raw_string_literal(n) {
        const kind = knownToken(stringValue(n) ?? '');
        if (kind) report(n, 'token', { kind });
      },
    };
  },
});
