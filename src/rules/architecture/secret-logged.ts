import type { Node } from '../../rust/parser.js';
import { macroName, macroTokenTree, isNameLeaf, tokenLeaves } from '../../rust/macros.js';
import { attributePath, closest, fnName, stringValue } from '../../rust/syntax.js';
import { isLogOrPrintMacro } from '../../catalogue/logging.js';
import { CONNECTION_STRING, CREDENTIAL_BODY_TYPE, HARMLESS_USE, HEADER_MAP_TYPE, isSecretContentField, isSecretName, OPENS_SECRET, REDACTING_CALL_NAMES, REDACTING_TYPE } from '../../catalogue/secrets.js';
import { defineRule } from '../define-rule.js';
import { patternNames } from '../../model/bindings.js';
import { holdsPath } from '../../model/path-bindings.js';
import { formatPlaceholders } from '../../model/format-args.js';
import { debugWrittenByHand, writtenTypeOf } from '../../model/binding-types.js';


/** A name Rust captures inline in a format string (`{token}`), as the rule has always read them: lower case. */
const CAPTURED_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Whether the argument at `leaves[i]` (a positional argument after the macro's template) is printed by
 * a `{:?}` placeholder: `debug!("term {:?}", token)`.
 */
function debugPlaceholderFor(leaves: readonly Node[], i: number): boolean {
  const template = leaves.findIndex((l) => l.type === 'string_literal' || l.type === 'raw_string_literal');
  if (template < 0 || template > i) return false;
  // The arguments after the template, split at commas outside brackets: each one's first token.
  const heads: Node[] = [];
  let depth = 0;
  let atStart = false;
  for (let k = template + 1; k < leaves.length; k++) {
    const text = leaves[k]!.text;
    if (depth === 0 && text === ',') {
      atStart = true;
      continue;
    }
    if (atStart) {
      heads.push(leaves[k]!);
      atStart = false;
    }
    if (text === '(' || text === '[' || text === '{') depth++;
    else if (text === ')' || text === ']' || text === '}') depth--;
  }
  const at = heads.findIndex((h) => h.id === leaves[i]!.id || (h.text === '&' && leaves[i - 1]?.id === h.id));
  if (at < 0) return false;
  const placeholder = formatPlaceholders(stringValue(leaves[template]!) ?? '', heads).find((p) => p.arg?.id === heads[at]!.id);
  return !!placeholder?.format.includes('?');
}


/**
 * Whether the opened secret at `leaves[i]` (`expose_secret` in `token.expose_secret()`) reaches the
 * log as itself: not when only its length or presence is used (`.expose_secret().len()`), nor when
 * it is first handed to a call that redacts or digests it (`hash(token.expose_secret())`).
 */
function openedSecretLogged(leaves: readonly Node[], i: number): boolean {
  if (leaves[i + 3]?.text === '.' && HARMLESS_USE.test(leaves[i + 4]?.text ?? '')) return false;
  // The start of the receiver chain (`self.config.token` in `self.config.token.expose_secret()`).
  let start = i - 1;
  while (start >= 1 && leaves[start]!.text === '.' && isNameLeaf(leaves[start - 1]!)) start -= 2;
  const before = leaves[start]?.text === '&' ? start - 1 : start;
  return !(leaves[before]?.text === '(' && REDACTING_CALL_NAMES.test(leaves[before - 1]?.text ?? ''));
}

/** The fn parameter types by name, to honour `password: SecretString`. */
function paramTypes(fn: Node | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of fn?.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type !== 'parameter') continue;
    const type = p.childForFieldName('type')?.text ?? '';
    const pattern = p.childForFieldName('pattern');
    if (pattern) for (const n of patternNames(pattern)) out.set(n, type);
  }
  return out;
}

/** The tokens inside `fields(..)` of `#[instrument(..)]`: values recorded in every span, as a log macro's arguments. */
function fieldsOf(leaves: readonly Node[]): Node[] {
  const at = leaves.findIndex((l, i) => l.text === 'fields' && leaves[i + 1]?.text === '(');
  if (at < 0) return [];
  const out: Node[] = [];
  let depth = 0;
  for (let i = at + 1; i < leaves.length; i++) {
    const t = leaves[i]!.text;
    if (t === '(') depth++;
    else if (t === ')' && --depth === 0) break;
    if (i > at + 1) out.push(leaves[i]!);
  }
  return out;
}

export default defineRule({
  id: 'architecture/secret-logged',
  role: 'architecture',
  category: 'suspicious',
  docs: {
    summary: 'Passwords, tokens, API keys or other secrets passed to `tracing` / `log` macros, or recorded by `#[instrument]` without `skip`.',
    why: 'Logs are shipped, indexed and kept far longer and wider than the secret itself: anyone with log access can replay a token or read a password. `#[instrument]` records every argument with `Debug` unless it is skipped.',
    bad: `#[tracing::instrument(skip(pool))]
pub async fn login(pool: &PgPool, email: &str, password: &str) -> Result<Session, AuthError> {
    tracing::debug!(%email, password = %password, "login attempt");
    verify(pool, email, password).await
}
`,
    good: `#[tracing::instrument(skip(pool, password))]
pub async fn login(pool: &PgPool, email: &str, password: &str) -> Result<Session, AuthError> {
    tracing::debug!(%email, "login attempt");
    verify(pool, email, password).await
}
`,
    anchor: 'CWE-532; CodeQL rust/cleartext-logging',
  },
  messages: {
    logged: '`{{macro}}!` in `{{fn}}` logs `{{name}}`, a secret, in clear text',
    // Code only start-up or a command of the program runs: printing there is usually the command's
    // output to the operator who ran it (a key it just generated); a note, since a service's stdout is its log.
    printedAtStartup: {
      text: '`{{macro}}!` in `{{fn}}` prints `{{name}}`, a secret, to the terminal: fine as a command\'s output to the operator who ran it, but if this runs as part of a service its stdout is kept as the log',
      category: 'style',
    },
    field: '`#[instrument]` on `{{fn}}` records `{{name}}`, a secret, as a span field in clear text',
    instrument: '`#[instrument]` on `{{fn}}` records the parameter `{{name}}` ({{what}}) in every span; add it to `skip(..)`',
  },
  help: 'Leave the secret out of the log (log the user id or a fingerprint instead), or wrap it in a redacting type such as `secrecy::SecretString`; for `#[instrument]` add it to `skip(..)` or use `skip_all` with explicit `fields(..)`.',
  create(ctx) {
    const typesByFn = new Map<number, Map<string, string>>();
    const typesOf = (node: Node) => {
      const fn = closest(node, 'function_item');
      const key = fn?.id ?? -1;
      let t = typesByFn.get(key);
      if (!t) typesByFn.set(key, (t = paramTypes(fn)));
      return t;
    };
    const isLoggingMacro = (written: string): boolean => {
      const last = written.replace(/^.*::/, '');
      if (!isLogOrPrintMacro(last)) return false;
      if (written.includes('::')) return /^(::)?(tracing|log)::/.test(written);
      const resolved = ctx.imports.resolve(written);
      return resolved === written || /^(tracing|log)::/.test(resolved);
    };

    /**
     * The binding `name` (used at `at`) has a written type (model/binding-types.ts) that redacts, or a
     * type of the crate whose `Debug` the crate writes by hand while the value is printed with `{:?}`:
     * what the log shows is then that type's own choice (a search term's word, a redaction), not a
     * secret's text by derivation.
     */
    const printsOwnDebug = (at: Node, name: string, debug: boolean): boolean => {
      const type = writtenTypeOf(at, name);
      if (!type) return false;
      return REDACTING_TYPE.test(type) || (debug && debugWrittenByHand(type, ctx.model));
    };

    /** The secret that logging tokens (a macro's, or `#[instrument]`'s `fields(..)`) record, or null. */
    const loggedSecret = (invocation: Node, leaves: readonly Node[]): string | null => {
      const types = typesOf(invocation);
      for (let i = 0; i < leaves.length; i++) {
        const t = leaves[i]!;
        if (t.type === 'string_literal' || t.type === 'raw_string_literal') {
          // Inline captures: `info!("token {token}")` (the model reads the template; `{{token}}` is literal text).
          for (const p of formatPlaceholders(stringValue(t) ?? '', [])) {
            const name = p.name;
            if (!name || !CAPTURED_NAME.test(name) || !isSecretName(name) || REDACTING_TYPE.test(types.get(name) ?? '') || holdsPath(name, ctx.root)) continue;
            if (!printsOwnDebug(t, name, p.format.includes('?'))) return name;
          }
          continue;
        }
        if (!isNameLeaf(t)) continue;
        const next = leaves[i + 1]?.text;
        const prev = leaves[i - 1]?.text;
        const type = types.get(t.text) ?? '';
        // A whole credential body or header map, Debug-printed: `?body`, `{:?}` of `headers`.
        const wholeValue = prev !== '.' && (next === ',' || next === ')' || next === undefined);
        if (wholeValue && (CREDENTIAL_BODY_TYPE.test(type) || HEADER_MAP_TYPE.test(type))) return t.text;
        const after = leaves[i + 3]?.text;
        if (t.text === 'headers' && prev === '.' && next === '(' && leaves[i + 2]?.text === ')' && (after === ',' || after === ')' || after === undefined)) return 'headers()';
        // `secret.expose_secret()`: a wrapper opened for the log is the secret, whatever its type or name.
        if (prev === '.' && next === '(' && leaves[i + 2]?.text === ')' && OPENS_SECRET.test(t.text)) {
          if (openedSecretLogged(leaves, i)) return `${leaves[i - 2] && isNameLeaf(leaves[i - 2]!) ? leaves[i - 2]!.text : '..'}.${t.text}()`;
          continue;
        }
        if (!isSecretName(t.text) && !CONNECTION_STRING.test(t.text)) continue;
        if (next === '(' || next === '!' || prev === '::' || next === '::') continue; // a function, macro or path segment
        // `token.id`, `app_password.label`: the value logged is the field, and it is not the secret's content.
        const field = next === '.' ? leaves[i + 2] : undefined;
        if (field && /^[a-z_]\w*$/.test(field.text) && leaves[i + 3]?.text !== '(' && !isSecretContentField(field.text)) continue;
        // `tls_private_key` holding the key file's path (a PathBuf, or handed to `Path::new`).
        if (prev !== '.' && holdsPath(t.text, ctx.root)) continue;
        if (next === '.' && HARMLESS_USE.test(leaves[i + 2]?.text ?? '')) continue;
        if (prev === '(' && REDACTING_CALL_NAMES.test(leaves[i - 2]?.text ?? '')) continue;
        if (REDACTING_TYPE.test(types.get(t.text) ?? '')) continue;
        if (prev !== '.' && printsOwnDebug(t, t.text, prev === '?' || debugPlaceholderFor(leaves, i))) continue;
        if (next === '=' && leaves[i + 2]?.text !== '=') {
          // A structured field `password = <value>`: judge the value.
          const value = leaves[i + 2];
          if (!value || /literal$/.test(value.type) || value.type === 'boolean_literal') continue;
          const after = leaves.slice(i + 2, i + 8).map((l) => l.text);
          const dot = after.indexOf('.');
          if (dot >= 0 && HARMLESS_USE.test(after[dot + 1] ?? '')) continue;
          if (REDACTING_CALL_NAMES.test(after.find((x) => /^[a-z_]\w*$/.test(x) && after[after.indexOf(x) + 1] === '(') ?? '')) continue;
        }
        return t.text;
      }
      return null;
    };

    return {
      macro_invocation(node) {
        const written = macroName(node);
        if (!isLoggingMacro(written) || ctx.isTest(node) || ctx.model.onlyInTests(node)) return;
        // A command-line tool printing to its user's terminal (a token it just created, for its owner) is its output, not a log.
        if (/^e?print(ln)?$/.test(written) && ctx.model.inCommandLineTool) return;
        const tt = macroTokenTree(node);
        const name = tt && loggedSecret(node, tokenLeaves(tt));
        if (!name) return;
        const fn = closest(node, 'function_item');
        const printedAtStartup = /^e?print(ln)?$/.test(written) && ctx.model.executionContext(node) === 'startup';
        ctx.report({ node, messageId: printedAtStartup ? 'printedAtStartup' : 'logged', data: { macro: written, name, fn: fn ? fnName(fn) : 'this item' } });
      },
      attribute_item(node) {
        const path = attributePath(node);
        if (!/(^|::)instrument$/.test(path) || (path.includes('::') && !/^tracing::/.test(path))) return;
        let fn: Node | null = node.nextNamedSibling;
        while (fn && (fn.type === 'attribute_item' || fn.type === 'line_comment' || fn.type === 'block_comment')) fn = fn.nextNamedSibling;
        if (fn?.type !== 'function_item' || ctx.isTest(fn) || ctx.model.onlyInTests(fn)) return;
        const args = node.namedChildren.find((c) => c.type === 'attribute')?.childForFieldName('arguments');
        const leaves = args ? tokenLeaves(args) : [];
        const recorded = loggedSecret(fn, fieldsOf(leaves));
        if (recorded) {
          ctx.report({ node, messageId: 'field', data: { fn: fnName(fn), name: recorded } });
          return;
        }
        if (leaves.some((l) => l.text === 'skip_all')) return;
        const skipped = new Set<string>();
        const skipAt = leaves.findIndex((l) => l.text === 'skip');
        if (skipAt >= 0) {
          for (let i = skipAt + 2; i < leaves.length && leaves[i]!.text !== ')'; i++) skipped.add(leaves[i]!.text);
        }
        for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
          if (p.type !== 'parameter') continue;
          const type = p.childForFieldName('type')?.text ?? '';
          const pattern = p.childForFieldName('pattern');
          if (!pattern || REDACTING_TYPE.test(type)) continue;
          const names = patternNames(pattern).filter((n) => !skipped.has(n));
          const secret = names.find(isSecretName);
          const body = CREDENTIAL_BODY_TYPE.exec(type)?.[0];
          if (!secret && !(body && names.length)) continue;
          const name = secret ?? names[0]!;
          ctx.report({ node, messageId: 'instrument', data: { fn: fnName(fn), name, what: secret ? 'a secret' : `a \`${body}\` whose Debug output includes the password` } });
          return;
        }
      },
    };
  },
});
