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
