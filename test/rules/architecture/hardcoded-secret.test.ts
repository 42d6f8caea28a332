import rule from '../../../src/rules/architecture/hardcoded-secret.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'env var names and header names', code: `const JWT_SECRET_ENV: &str = "JWT_SECRET";
const API_KEY_HEADER: &str = "x-api-key";
const TOKEN_PREFIX: &str = "Bearer ";
` },
    { name: 'secret read from the environment', code: `fn load() -> Config {
    let jwt_secret = std::env::var("JWT_SECRET").expect("JWT_SECRET");
    Config { jwt_secret }
}
` },
    { name: 'placeholder values', code: `const DEFAULT_PASSWORD: &str = "changeme";
const API_KEY: &str = "<your-api-key>";
let password = String::new();
let token = "";
` },
    { name: 'test code', code: `#[cfg(test)]
mod tests {
    const JWT_SECRET: &str = "k9f2Q7xLw3Rt8vZp";
    fn keys() { let k = EncodingKey::from_secret(b"unit-test-secret-123"); }
}
` },
    { name: 'examples folder', path: 'examples/client.rs', code: `fn main() {
    let c = Client::new().bearer_auth("sk_live_abcdef123456");
}
` },
    { name: 'local docker-compose URL as a dev fallback', code: `fn url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://app:app_pw_123@db.internal.example.com/app".into())
}
` },
    { name: 'compose service host', code: `const DEV_URL: &str = "postgres://postgres:postgres@localhost:5432/app";
const URL2: &str = "postgres://app:s3cretpw@db:5432/app";
` },
    { name: 'names about secrets, not secrets', code: `let password_hash = "$argon2id$v=19$m=19456";
let token_type = "access_token";
let has_token = true;
const PASSWORD_MIN_LEN: usize = 12;
let reset_url = "https://app.example.com/reset";
` },
    { name: 'error messages', code: `let token = "missing bearer token";
const SECRET_ERROR: &str = "invalid secret";
` },
  ],
  invalid: [
    {
      name: 'a production connection URL with its password as the environment fallback',
      code: `fn uri() -> String {
    std::env::var("MONGO_URI").unwrap_or_else(|_| {
        "mongodb://reporting_rw:Qm7vX2kLp9sT4wRz@mongo-0.data.internal:27017/?replicaSet=rs0".to_owned()
    })
}
`,
      lines: [3],
      messageIncludes: 'mongo-0.data.internal',
    },
    { name: 'const JWT secret', code: 'const JWT_SECRET: &str = "k9f2Q7xLw3Rt8vZp";\n', lines: [1], messageIncludes: '`JWT_SECRET`' },
    { name: 'let api key with to_string', code: `fn client() -> Stripe {
    let api_key = "sk_live_51HxYz0aBcDeFgH".to_string();
    Stripe::new(api_key)
}
`, lines: [2], messageIncludes: '`api_key`' },
    { name: 'struct field initialiser', code: `fn cfg() -> AuthConfig {
    AuthConfig { issuer: "shop".into(), jwt_secret: "s3cr3t-signing-k3y".into() }
}
`, lines: [2], messageIncludes: 'jwt_secret' },
    { name: 'EncodingKey::from_secret(b"..")', code: `fn key() -> EncodingKey {
    EncodingKey::from_secret(b"my-very-secret-key-2024")
}
`, lines: [2], messageIncludes: 'EncodingKey::from_secret' },
    { name: 'PgConnectOptions password', code: `fn opts() -> PgConnectOptions {
    PgConnectOptions::new().host("db.prod").username("app").password("Tr0ub4dor&3")
}
`, lines: [2], messageIncludes: '.password(..)' },
    { name: 'reqwest bearer_auth literal', code: `async fn call(c: &Client) {
    c.get(URL).bearer_auth("ghp_16C7e42F292c6912E7710c838347Ae178B4a").send().await;
}
`, lines: [2], messageIncludes: 'bearer_auth' },
    { name: 'credentials in a production DB URL', code: `async fn pool() -> PgPool {
    PgPool::connect("postgres://billing:pR0dPassw0rd@billing-db.prod.internal:5432/billing").await.unwrap()
}
`, lines: [2], messageIncludes: '`billing`' },
    { name: 'Authorization header with a literal bearer token', code: `async fn call(c: &Client) {
    c.get(URL).header(AUTHORIZATION, "Bearer eyJhbGciOiJIUzI1NiJ9abc").send().await;
}
`, lines: [2], messageIncludes: 'AUTHORIZATION' },
  ],
});

testFileRule(rule, {
  valid: [
    { name: 'cache and idempotency keys', code: `const CACHE_KEY: &str = "users:all:v2";
const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
let sort_key = "created_at_desc";
` },
    { name: 'cookie and header names', code: `const REFRESH_TOKEN_COOKIE: &str = "refresh_token";
const AUTH_COOKIE: &str = "__Host-auth";
const SESSION_COOKIE: &str = "sid";
` },
    { name: 'a publishable key', code: 'const STRIPE_PUBLISHABLE: &str = "pk_live_51HxYz0aBcDeFgH";\n' },
  ],
  invalid: [
    { name: 'a *_KEY name with a random value', code: 'const SENDGRID_KEY: &str = "SG9xk2LmQ7vT4pWz81bN";\n', lines: [1], messageIncludes: 'SENDGRID_KEY' },
    { name: 'a weak JWT secret that repeats its name', code: 'const JWT_SECRET: &[u8] = b"super-secret-jwt-key";\n', lines: [1], messageIncludes: 'JWT_SECRET' },
    { name: 'jsonwebtoken example key', code: `fn keys() -> EncodingKey {
    EncodingKey::from_secret("secret".as_ref())
}
`, lines: [2] },
    { name: 'a Stripe live key in a call', code: `fn client() -> Client {
    Client::new("sk_live_51HxYz0aBcDeFgHiJkLmN")
}
`, lines: [2], messageIncludes: 'Stripe' },
    { name: 'an AWS key id in a raw string', code: `fn creds() -> Creds {
    Creds::new(r"AKIAIOSFODNN7EXAMPLE", secret())
}
`, lines: [2], messageIncludes: 'AWS' },
  ],
});

/** A module compiled only for tests holds test keys, wherever its file is; the same key in a module production compiles is a finding. */
testFileRule(rule, {
  valid: [
    {
      name: 'a key in a module compiled for tests or a feature only the members tests turn on',
      manifests: {
        'Cargo.toml': `[workspace]
members = ["tokens", "api"]
`,
        'tokens/Cargo.toml': `[package]
name = "tokens"
[features]
fixtures = []
`,
        'api/Cargo.toml': `[package]
name = "api"
[dependencies]
tokens = { path = "../tokens" }
[dev-dependencies]
tokens = { path = "../tokens", features = ["fixtures"] }
`,
      },
      files: { 'tokens/src/lib.rs': `pub mod verify;
#[cfg(any(test, feature = "fixtures"))]
pub mod signing_keys;
`, 'tokens/src/verify.rs': 'pub fn verify() {}\n' },
      path: 'tokens/src/signing_keys.rs',
      code: 'pub const JWT_SECRET: &str = "k9f2Q7xLw3Rt8vZp";\n',
    },
  ],
  invalid: [
    {
      name: 'the same key in a module the service compiles',
      manifests: {
        'Cargo.toml': `[workspace]
members = ["tokens", "api"]
`,
        'tokens/Cargo.toml': `[package]
name = "tokens"
[features]
fixtures = []
`,
        'api/Cargo.toml': `[package]
name = "api"
[dependencies]
tokens = { path = "../tokens", features = ["fixtures"] }
`,
      },
      files: { 'tokens/src/lib.rs': `pub mod verify;
#[cfg(any(test, feature = "fixtures"))]
pub mod signing_keys;
`, 'tokens/src/verify.rs': 'pub fn verify() {}\n' },
      path: 'tokens/src/signing_keys.rs',
      code: 'pub const JWT_SECRET: &str = "k9f2Q7xLw3Rt8vZp";\n',
      lines: [1],
    },
  ],
});
