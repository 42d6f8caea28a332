/** What counts as a secret name or a real-looking secret value (shared by the secret rules). */
import type { Node } from '../../../rust/parser.js';
import { calleeText, methodName, methodReceiver, stringValue } from '../../../rust/syntax.js';
import { PATH_TAKING_CALLS, PATH_TYPES } from '../../../catalogue/values.js';
import { DEFAULT_DEV_PASSWORDS, LOCAL_HOSTS, NAME_HOLDING_LAST_WORDS, NOT_SECRET_FIRST_WORDS, PLACEHOLDER_SECRET_VALUES, RESERVED_DOMAINS, NOT_SECRET_KEY_QUALIFIERS, SECRET_LAST_TWO_WORDS, SECRET_LAST_WORDS } from '../../../catalogue/secrets.js';


/** Split `jwtSecret`, `JWT_SECRET`, `db_password` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/_+/)
    .filter(Boolean);
}

/** Does this variable / field / constant name hold a secret value? */
export function isSecretName(name: string): boolean {
  const w = words(name);
  if (!w.length || NOT_SECRET_FIRST_WORDS.has(w[0]!)) return false;
  const last = w[w.length - 1]!;
  if (SECRET_LAST_WORDS.has(last)) return !(w.length === 1 && last === 'cookie');
  return w.length >= 2 && SECRET_LAST_TWO_WORDS.test(`${w[w.length - 2]}_${last}`);
}

/**
 * Fields that hold a secret's content (`token.value`, `key.0`, `password.inner`), as opposed to
 * facts about it (`token.id`, `token.user_id`, `app_password.label`): logging a field of a secret
 * logs the secret only when the field is its content or itself a secret.
 */
export function isSecretContentField(field: string): boolean {
  return /^\d+$/.test(field) || /^(value|raw|plain\w*|inner|contents?|bytes|data|material|expose\w*)$/.test(field) || isSecretName(field);
}

/**
 * Whether `name` (a binding or field of this file) holds a file path, not a secret: declared with a
 * path type, or handed to a call that takes a path (`Path::new(&tls_private_key)`).
 */
export function holdsPath(name: string, root: Node): boolean {
  const text = root.text;
  if (!text.includes(name)) return false;
  const typed = new RegExp(String.raw`\b${name}\s*:\s*([^,;=){]+)`, 'g');
  for (const m of text.matchAll(typed)) if (PATH_TYPES.test(m[1]!.replace(/\s+/g, ''))) return true;
  const calls = PATH_TAKING_CALLS.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(String.raw`(^|[^\w])(${calls})\(\s*&?\s*(\w+\.)*${name}\b`).test(text);
}

/** Types whose `Debug` / `Display` redacts the value (`secrecy::SecretString`, own `Redacted<T>`). */
export const REDACTING_TYPE = /\b(Secret\w*|Redacted\w*|Sensitive\w*|Masked\w*|Hidden\w*|Protected\w*|CancellationToken)\b/;

/** A literal that looks like a real secret: not empty, not a placeholder, not a name / path / message. */
export function looksLikeSecretValue(value: string, bindingName = ''): boolean {
  const v = value.trim();
  if (v.length < 6) return false;
  if (PLACEHOLDER_SECRET_VALUES.test(v) || /^<.*>$|^\$\{.*\}$|^\{\{.*\}\}$|^%.*%$/.test(v)) return false;
  if (/^your[-_ ]|^my[-_ ]?(api|secret|token)[-_ ]?(key)?$|^(insert|put|add)[-_ ]/i.test(v)) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(v)) return false; // an environment variable name: `JWT_SECRET`
  if (/\s/.test(v) || /[{}]/.test(v)) return false; // a message or a format string
  if (/^(\/|\.\/|~\/)|\.(pem|key|crt|json|toml|ya?ml|txt|der|p12)$/i.test(v)) return false; // a file path
  if (/^x-[a-z0-9-]+$/i.test(v) || /^(authorization|cookie|set-cookie|bearer|basic)$/i.test(v)) return false; // a header name
  if (/^https?:\/\//i.test(v) && !/:\/\/[^/@\s]+:[^/@\s]+@/.test(v)) return false; // a URL without credentials
  // The value is a word of its own name (`const TOKEN_FIELD = "token"`): a key, not a secret.
  const w = words(bindingName);
  const norm = v.toLowerCase().replace(/[-_.]/g, '');
  const nameParts = [...w, w.join(''), w.slice(0, -1).join(''), w.slice(1).join('')];
  if (nameParts.includes(norm)) return false;
  return true;
}

/**
 * The literal text behind `"x"`, `b"x"`, `"x".to_string()`, `"x".into()`, `String::from("x")`,
 * `SecretString::new("x".into())`; null when the value is not a literal.
 */
export function literalText(node: Node | null | undefined): string | null {
  if (!node) return null;
  const direct = stringValue(node);
  if (direct !== null) return direct;
  if (node.type === 'reference_expression') return literalText(node.namedChildren[node.namedChildren.length - 1]);
  if (node.type === 'call_expression') {
    const m = methodName(node);
    if (m && /^(to_string|to_owned|into|as_bytes|as_ref|to_vec|into_bytes)$/.test(m)) return literalText(methodReceiver(node));
    if (!m && /(^|::)(String::from|from|new|Secret\w*::new|SecretString::from|Cow::Borrowed)$/.test(calleeText(node))) {
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      return args.length === 1 ? literalText(args[0]) : null;
    }
  }
  return null;
}

/** `scheme://user:password@host` with a real-looking password on a non-local host. */
export function urlCredentials(value: string): { user: string; host: string } | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/\s:@]+):([^@\s/]+)@([^/\s:?]+)/i.exec(value.trim());
  if (!m) return null;
  const [, user, password, host] = m as unknown as [string, string, string, string];
  if (LOCAL_HOSTS.test(host) || RESERVED_DOMAINS.test(host)) return null;
  if (password === user || PLACEHOLDER_SECRET_VALUES.test(password) || /^[$<{%]/.test(password) || DEFAULT_DEV_PASSWORDS.test(password)) return null;
  return { user, host };
}

/** Token formats that are secrets wherever they appear (providers document these prefixes). */
const KNOWN_TOKENS: [RegExp, string][] = [
  [/\b(sk|rk)_live_[0-9A-Za-z]{10,}/, 'Stripe live secret key'],
  [/\bgh[pousr]_[0-9A-Za-z]{30,}|\bgithub_pat_\w{20,}/, 'GitHub token'],
  [/\bxox[abprs]-[0-9A-Za-z-]{10,}/, 'Slack token'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'AWS access key id'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'Google API key'],
  [/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/, 'private key'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'signed JWT'],
];

export function knownToken(value: string): string | null {
  if (value.length < 15) return null; // the shortest token above (`xoxb-` + 10) has 15 characters
  for (const [re, kind] of KNOWN_TOKENS) if (re.test(value)) return kind;
  return null;
}

/** Names that usually hold the *name* of a cookie or header (`SESSION_COOKIE = "sid"`): the value must look random. */
export function isNameHoldingName(name: string): boolean {
  const w = words(name);
  return NAME_HOLDING_LAST_WORDS.has(w[w.length - 1]!);
}

/** `STRIPE_KEY`, `sendgrid_key`: a name ending in `key` (weaker than `api_key`, so the value must look random). */
export function isKeyName(name: string): boolean {
  const w = words(name);
  return w.length >= 2 && w[w.length - 1] === 'key' && !NOT_SECRET_FIRST_WORDS.has(w[0]!) && !NOT_SECRET_KEY_QUALIFIERS.test(w[w.length - 2]!);
}

/** Long, mixed letters and digits, no separators a key name or a message would have. */
export function looksRandom(value: string): boolean {
  return value.length >= 16 && /[0-9]/.test(value) && /[A-Za-z]/.test(value) && !/[\s:/.{}]/.test(value) && !/^[a-z]+([_-][a-z0-9]+)*$/.test(value);
}
