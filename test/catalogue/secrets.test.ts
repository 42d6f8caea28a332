/** The vocabulary of secret names, as the secret rules read it. */
import { describe, expect, it } from 'vitest';
import { NAME_HOLDING_LAST_WORDS, NOT_SECRET_FIRST_WORDS, NOT_SECRET_KEY_QUALIFIERS, SECRET_LAST_TWO_WORDS, SECRET_LAST_WORDS } from '../../src/catalogue/secrets.js';
import { isKeyName, isSecretName, mayNameSecret } from '../../src/catalogue/secrets.js';

describe('catalogue/secrets', () => {
  it('names a secret by its last word or last two words', () => {
    expect(SECRET_LAST_WORDS.has('password')).toBe(true);
    expect(SECRET_LAST_TWO_WORDS.test('signing_key')).toBe(true);
    expect(isSecretName('db_password')).toBe(true);
    expect(isSecretName('jwtSecret')).toBe(true);
  });

  it('the cheap first test of a name lets through every name the word tests accept (hardcoded-secret skips the rest)', () => {
    const names = ['JWT_SECRET', 'db_password', 'apiKey', 'API_KEY', 'stripe_key', 'session_cookie', 'AUTH_HEADER', 'card_number', 'client_credentials', 'signingKey__', 'HMAC_KEY', 'refresh_token', 'cvv', 'passphrase'];
    for (const n of names) if (isSecretName(n) || isKeyName(n)) expect(mayNameSecret(n), n).toBe(true);
    expect(names.filter((n) => isSecretName(n) || isKeyName(n)).length).toBeGreaterThan(10);
    for (const n of ['user_name', 'timeout_secs', 'base_url', 'keys_count']) expect(mayNameSecret(n), n).toBe(false);
  });

  it('a first word that makes the name about a secret, or a storage key, is not a secret', () => {
    expect(NOT_SECRET_FIRST_WORDS.has('hashed')).toBe(true);
    expect(isSecretName('hashed_authorization')).toBe(false);
    expect(isSecretName('page_token')).toBe(false);
    expect(NOT_SECRET_KEY_QUALIFIERS.test('cache')).toBe(true);
    expect(isKeyName('cache_key')).toBe(false);
    expect(isKeyName('stripe_key')).toBe(true);
    expect(NAME_HOLDING_LAST_WORDS.has('cookie')).toBe(true);
  });
});

describe('catalogue: credential setters and key material (secrets.ts)', () => {
  it('knows where a literal is a credential', async () => {
    const { AUTH_SCHEME_PREFIX, CREDENTIAL_SETTERS, KEY_MATERIAL_FUNCTIONS } = await import('../../src/catalogue/secrets.js');
    for (const m of ['bearer_auth', 'set_password', 'with_api_key']) expect(CREDENTIAL_SETTERS.test(m), m).toBe(true);
    expect(CREDENTIAL_SETTERS.test('username')).toBe(false);
    expect('Bearer abc.def'.replace(AUTH_SCHEME_PREFIX, '')).toBe('abc.def');
    for (const f of ['jsonwebtoken::EncodingKey::from_secret', 'Hmac::<Sha256>::new_from_slice']) expect(KEY_MATERIAL_FUNCTIONS.test(f), f).toBe(true);
  });
});

describe('catalogue: secret content fields and provider token formats (secrets.ts)', () => {
  it('tells a secret\'s content from facts about it', async () => {
    const { isSecretContentField } = await import('../../src/catalogue/secrets.js');
    for (const f of ['0', 'value', 'inner', 'expose_secret', 'password']) expect(isSecretContentField(f), f).toBe(true);
    for (const f of ['id', 'user_id', 'label', 'expires_at']) expect(isSecretContentField(f), f).toBe(false);
  });

  it('names the documented token formats of providers, not look-alikes', async () => {
    const { knownToken } = await import('../../src/catalogue/secrets.js');
    expect(knownToken('AKIA' + 'ABCDEFGHIJKLMNOP')).toBe('AWS access key id');
    expect(knownToken('ghp_' + 'a'.repeat(36))).toBe('GitHub token');
    expect(knownToken('sk_test_' + 'a'.repeat(24))).toBeNull();
    expect(knownToken('AKIA-short')).toBeNull();
  });
});

describe('catalogue: what logging a secret-named value really prints (secrets.ts)', () => {
  it('knows harmless uses, credential-carrying bodies, connection strings and whole header maps', async () => {
    const { CONNECTION_STRING, CREDENTIAL_BODY_TYPE, HARMLESS_USE, HEADER_MAP_TYPE } = await import('../../src/catalogue/secrets.js');
    for (const m of ['len', 'is_some', 'starts_with']) expect(HARMLESS_USE.test(m), m).toBe(true);
    for (const m of ['as_str', 'to_string', 'expose_secret']) expect(HARMLESS_USE.test(m), m).toBe(false);
    for (const t of ['Json<LoginRequest>', 'web::Form<SignupForm>', 'ResetPasswordBody']) expect(CREDENTIAL_BODY_TYPE.test(t), t).toBe(true);
    for (const t of ['Json<SearchQuery>', 'Path<UserId>']) expect(CREDENTIAL_BODY_TYPE.test(t), t).toBe(false);
    for (const n of ['database_url', 'dsn', 'redis_url']) expect(CONNECTION_STRING.test(n), n).toBe(true);
    for (const n of ['base_url', 'callback_url']) expect(CONNECTION_STRING.test(n), n).toBe(false);
    for (const t of ['HeaderMap', '&http::HeaderMap', '&axum::http::HeaderMap']) expect(HEADER_MAP_TYPE.test(t), t).toBe(true);
    for (const t of ['HeaderValue', 'Headers']) expect(HEADER_MAP_TYPE.test(t), t).toBe(false);
  });
});
