/**
 * How Rust code names secrets: the vocabulary the secret rules (hardcoded-secret, secret-logged)
 * read a variable, field or constant name with. Words, not library APIs; kept apart from the
 * framework modules (like values.ts) so that these common words do not count as API names.
 */

/** Words that, as the last word of a name, make it a secret (`db_password`, `access_token`). */
export const SECRET_LAST_WORDS: ReadonlySet<string> = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'cookie', 'authorization', 'jwt', 'cvv', 'ssn']);

/** Two-word endings that name a secret (`api_key`, `signing_key`, `card_number`). */
export const SECRET_LAST_TWO_WORDS = /^(api|private|secret|access|signing|hmac|encryption|jwt|master|client)_key$|^card_number$|^auth_header$/;

/** First words that make the name about a secret, not the secret (`has_token`, `page_token`, `cancel_token`, `hashed_authorization`). */
export const NOT_SECRET_FIRST_WORDS: ReadonlySet<string> = new Set(['has', 'is', 'num', 'n', 'no', 'with', 'without', 'use', 'needs', 'requires', 'max', 'min', 'count', 'total', 'should', 'page', 'next', 'prev', 'continuation', 'cursor', 'sync', 'cancel', 'cancellation', 'shutdown', 'stop', 'lexer', 'parse', 'missing', 'hashed', 'masked', 'redacted', 'obfuscated']);

/** Words before a final `key` that make it a lookup or storage key, not a credential (`cache_key`, `s3_key`). */
export const NOT_SECRET_KEY_QUALIFIERS = /^(cache|sort|partition|primary|foreign|map|hash|lookup|redis|idempotency|dedup|storage|object|s3|bucket|row|column|table|index|group|routing|shard|lock|feature|config|env|header|query|param|field|json|form|metric|label)$/;

/** Last words of names that usually hold the *name* of a cookie or header (`SESSION_COOKIE = "sid"`). */
export const NAME_HOLDING_LAST_WORDS: ReadonlySet<string> = new Set(['cookie', 'authorization']);

/** Words in the name of a call that already redacts or digests what it is given (`redact(&token)`, `hash(password)`, `sha256(..)`, `mask_email(..)`). */
export const REDACTING_CALL_NAMES = /redact|mask|hash|digest|fingerprint|sha\d*|obfuscate|truncate/i;

/** Values that stand in for a secret in examples and defaults (`changeme`, `todo`, `xxx`, `****`, `dev`): not a real secret. */
export const PLACEHOLDER_SECRET_VALUES = /^(changeme|change[-_ ]?me|change[-_]?it|replace[-_]?me|todo|tbd|fixme|dummy|placeholder|example|redacted|none|null|default|test|testing|dev|development|local|xxx+|\*+|\.+|-+|0+)$/i;
/** Passwords of local databases and brokers as their images and tutorials ship them (`postgres`, `root`, `guest`): a local setup, not a leaked credential. */
export const DEFAULT_DEV_PASSWORDS = /^(pass|password|postgres|root|admin|secret|mysql|guest)$/i;
/** Hosts of a developer's machine or a compose network: `localhost`, loopback, `host.docker.internal`, a bare service name (`db`). */
export const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal|[\w-]+)$/i;
/** Domains reserved for documentation and tests (RFC 2606, RFC 6761) and mDNS's `.local`: no production service lives there. */
export const RESERVED_DOMAINS = /(^|\.)(example\.(com|org|net)|test|local|localhost|invalid)$/i;
/** Builder and client methods that take a credential as their argument (reqwest's `bearer_auth`, database and SMTP builders' `password` / `set_password`, SDK clients' `api_key` / `with_token`): a literal there is a hard-coded secret. */
export const CREDENTIAL_SETTERS = /^(password|set_password|with_password|bearer_auth|api_key|with_api_key|set_api_key|client_secret|with_client_secret|secret_key|auth_token|with_token|access_token)$/;
/** HTTP `Authorization` schemes written before a credential (`Bearer <token>`, `Basic <base64>`, `Token <key>`). */
export const AUTH_SCHEME_PREFIX = /^(Bearer|Basic|Token)\s+/i;
/** Functions whose argument is key material: jsonwebtoken's `EncodingKey` / `DecodingKey::from_secret`, the `hmac` crate's `new_from_slice`. */
export const KEY_MATERIAL_FUNCTIONS = /(^|::)(EncodingKey|DecodingKey)::from_(secret|base64_secret)$|(^|::)new_from_slice$|(^|::)Hmac(::<[^>]*>)?::new_from_slice$/;

/** Using a secret's length or presence is fine: `password.len()`, `token.is_some()`. */
export const HARMLESS_USE = /^(len|is_empty|is_some|is_none|is_ok|is_err|chars|count|starts_with)$/;
/** Request bodies that carry a password (their derived `Debug` prints it). */
export const CREDENTIAL_BODY_TYPE = /\b(Login|SignIn|Signin|SignUp|Signup|Register|Registration|Credentials?|ChangePassword|PasswordReset|ResetPassword|NewPassword|SetPassword)\w*/;
/** Connection strings usually carry the database password. */
export const CONNECTION_STRING = /^(database_url|db_url|postgres_url|pg_url|redis_url|amqp_url|dsn|connection_string|conn_str|conn_string)$/;
/** A whole header map (with `Authorization` and `Cookie`) as a parameter type. */
export const HEADER_MAP_TYPE = /^(&\s*)?([\w:]*::)?HeaderMap\b/;
/**
 * Methods of secret-wrapper types that hand out the secret itself: the `secrecy` crate's
 * `ExposeSecret::expose_secret` / `ExposeSecretMut::expose_secret_mut`, `secstr`'s `unsecure`.
 * Whatever the receiver is called, the value of `x.expose_secret()` is the secret in clear.
 */
export const OPENS_SECRET = /^(expose_secret|expose_secret_mut|unsecure)$/;
/** Types whose `Debug` / `Display` redacts the value (`secrecy::SecretString`, own `Redacted<T>`). */
export const REDACTING_TYPE = /\b(Secret\w*|Redacted\w*|Sensitive\w*|Masked\w*|Hidden\w*|Protected\w*|CancellationToken)\b/;

/** Split `jwtSecret`, `JWT_SECRET`, `db_password` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/_+/)
    .filter(Boolean);
}

/** Does this variable / field / constant name hold a secret value? */
export function isSecretName(name: string): boolean {
  const w = nameWords(name);
  if (!w.length || NOT_SECRET_FIRST_WORDS.has(w[0]!)) return false;
  const last = w[w.length - 1]!;
  if (SECRET_LAST_WORDS.has(last)) return !(w.length === 1 && last === 'cookie');
  return w.length >= 2 && SECRET_LAST_TWO_WORDS.test(`${w[w.length - 2]}_${last}`);
}

/** Fields of a secret that are its content (`token.value`, `key.inner`, `password.expose_secret`). */
export const SECRET_CONTENT_FIELDS = /^(value|raw|plain\w*|inner|contents?|bytes|data|material|expose\w*)$/;

/**
 * Fields that hold a secret's content (`token.value`, `key.0`, `password.inner`), as opposed to
 * facts about it (`token.id`, `token.user_id`, `app_password.label`): logging a field of a secret
 * logs the secret only when the field is its content or itself a secret.
 */
export function isSecretContentField(field: string): boolean {
  return /^\d+$/.test(field) || SECRET_CONTENT_FIELDS.test(field) || isSecretName(field);
}

/** Names that usually hold the *name* of a cookie or header (`SESSION_COOKIE = "sid"`): the value must look random. */
export function isNameHoldingName(name: string): boolean {
  const w = nameWords(name);
  return NAME_HOLDING_LAST_WORDS.has(w[w.length - 1]!);
}

/** Every name `isSecretName` / `isKeyName` accepts ends (case-insensitively, before trailing `_`) in one of these words. */
const MAYBE_SECRET_NAME = /(password|passwd|pwd|passphrase|secret|token|apikey|credentials?|cookie|authorization|jwt|cvv|ssn|key|number|header)_*$/i;
/** A cheap first test of a name, before `isSecretName` / `isKeyName` split it into words: false means neither accepts it. */
export const mayNameSecret = (name: string): boolean => MAYBE_SECRET_NAME.test(name);

/** `STRIPE_KEY`, `sendgrid_key`: a name ending in `key` (weaker than `api_key`, so the value must look random). */
export function isKeyName(name: string): boolean {
  const w = nameWords(name);
  return w.length >= 2 && w[w.length - 1] === 'key' && !NOT_SECRET_FIRST_WORDS.has(w[0]!) && !NOT_SECRET_KEY_QUALIFIERS.test(w[w.length - 2]!);
}

/** Token formats that are secrets wherever they appear (providers document these prefixes). */
export const KNOWN_TOKENS: [RegExp, string][] = [
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
