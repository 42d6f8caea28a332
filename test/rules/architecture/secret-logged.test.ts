import rule from '../../../src/rules/architecture/secret-logged.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'secret only mentioned in the message text', code: 'fn f(user_id: i64) {\n    tracing::info!(%user_id, "password changed");\n}\n' },
    { name: 'length and presence of a secret', code: 'fn f(token: &str, api_key: Option<String>) {\n    debug!(token_len = token.len(), has_key = api_key.is_some(), "auth header parsed");\n}\n' },
    { name: 'names about secrets (hash, count, type, page token)', code: 'fn f(password_hash: &str, token_count: usize, token_type: &str, page_token: &str) {\n    info!(%password_hash, token_count, token_type, page_token, "state");\n}\n' },
    { name: 'SecretString parameter redacts itself', code: 'fn f(password: SecretString) {\n    debug!(?password, "login");\n}\n' },
    { name: 'instrument with skip of the secret', code: '#[tracing::instrument(skip(pool, password))]\nasync fn login(pool: &PgPool, email: &str, password: &str) {}\n' },
    { name: 'instrument with skip_all', code: '#[instrument(skip_all, fields(user = %email))]\nasync fn login(email: &str, password: &str, body: Json<LoginRequest>) {}\n' },
    { name: 'logging in tests', code: '#[cfg(test)]\nmod tests {\n    fn t() { let token = mint(); println!("{token}"); }\n}\n' },
    { name: 'a hashed value passed through a redacting call', code: 'fn f(token: &str) {\n    info!(token = %fingerprint(token), "issued");\n}\n' },
    { name: 'structured field with a literal value', code: 'fn f() {\n    info!(password = "[redacted]", "reset");\n}\n' },
    {
      name: 'facts about a secret, not its content (its id, owner, label)',
      code: `fn revoke(session_token: &SessionToken) {
    warn!(token_id = %session_token.id, owner = %session_token.owner_id, "revoked");
    info!("revoked {} ({})", session_token.label, session_token.created_at);
}
`,
    },
    {
      name: 'a key whose value is the key file\'s path',
      code: `pub struct Tls { pub signing_key: Option<String>, pub cert_path: PathBuf }

impl Tls {
    pub fn describe(&self) {
        if let Some(signing_key) = self.signing_key.clone() {
            info!("signing key file: {}", signing_key);
        }
    }
    pub fn load(&self) -> std::io::Result<Vec<u8>> {
        let signing_key = self.signing_key.clone().unwrap_or_default();
        std::fs::read(Path::new(&signing_key))
    }
}
`,
    },
    {
      name: 'a private key parameter typed as a path',
      code: 'fn start(private_key: &Path) {\n    info!("loading {}", private_key.display());\n    info!(?private_key, "loaded");\n}\n',
    },
    {
      name: '#[instrument] fields(..) recording ids only',
      code: `#[tracing::instrument(skip_all, fields(tenant = %self.tenant_id, key_id = %key.id))]
async fn rotate(&self, key: &SigningKey) -> Result<()> { Ok(()) }
`,
    },
  ],
  invalid: [
    { name: 'structured field password = %p', code: 'fn login(email: &str, p: &str) {\n    tracing::debug!(%email, password = %p, "login attempt");\n}\n', lines: [2], messageIncludes: '`password`' },
    { name: 'inline capture in a format string', code: 'fn issue(access_token: &str) {\n    info!("issued {access_token}");\n}\n', lines: [2], messageIncludes: 'access_token' },
    { name: 'field of a request body', code: 'async fn signup(Json(req): Json<SignupRequest>) {\n    log::debug!("signup {} with {}", req.email, req.password);\n}\n', lines: [2], messageIncludes: 'password' },
    { name: 'shorthand ?api_key', code: 'fn call(api_key: &str) {\n    warn!(?api_key, "upstream rejected key");\n}\n', lines: [2], messageIncludes: 'api_key' },
    { name: 'the content field of a secret', code: 'fn show(api_token: &IssuedToken) {\n    debug!("issued {}", api_token.value);\n}\n', lines: [2], messageIncludes: 'api_token' },
    { name: 'a secret field of a secret-named value', code: 'fn show(app_password: &Created) {\n    info!("{}", app_password.secret);\n}\n', lines: [2] },
    { name: 'println! of a token', code: 'fn cli(token: String) {\n    println!("token: {}", token);\n}\n', lines: [2], messageIncludes: 'println' },
    { name: '#[instrument] without skip', code: '#[instrument]\nasync fn login(email: String, password: String) -> Result<(), E> { Ok(()) }\n', lines: [1], messageIncludes: '`password`' },
    { name: '#[instrument(skip(pool))] still records the secret', code: '#[tracing::instrument(skip(pool))]\nasync fn rotate(pool: &PgPool, refresh_token: &str) {}\n', lines: [1], messageIncludes: 'refresh_token' },
    {
      name: 'a secret field of a record, next to its id',
      code: `fn revoke(session: &Session) {
    tracing::warn!("revoked session {} with '{}'", session.id, session.refresh_token);
}
`,
      lines: [2],
      messageIncludes: 'refresh_token',
    },
    {
      name: '#[instrument] fields(..) recording a secret field of self, with skip_all',
      code: `impl Mailer {
    #[tracing::instrument(skip_all, fields(account = %self.account, smtp_password = %self.smtp_password))]
    async fn deliver(&self, msg: Message) -> Result<()> { Ok(()) }
}
`,
      lines: [2],
      messageIncludes: 'smtp_password',
    },
    { name: '#[instrument] on a handler taking a login body', code: '#[instrument(skip(state))]\nasync fn login(State(state): State<AppState>, Json(body): Json<LoginRequest>) {}\n', lines: [1], messageIncludes: 'LoginRequest' },
  ],
});

testFileRule(rule, {
  valid: [
    { name: 'one named header is fine', code: 'async fn h(headers: HeaderMap) {\n    debug!(request_id = ?headers.get("x-request-id"), "incoming");\n}\n' },
    { name: 'a non-credential body', code: 'async fn create(Json(body): Json<NewOrder>) {\n    debug!(?body, "create order");\n}\n' },
  ],
  invalid: [
    { name: 'the whole header map', code: 'async fn h(headers: HeaderMap) {\n    debug!(?headers, "incoming");\n}\n', lines: [2], messageIncludes: '`headers`' },
    { name: 'req.headers() Debug-printed', code: 'async fn h(req: HttpRequest) {\n    log::debug!("headers: {:?}", req.headers());\n}\n', lines: [2], messageIncludes: 'headers()' },
    { name: 'a login body Debug-printed', code: 'async fn login(Json(body): Json<LoginRequest>) {\n    tracing::debug!(?body, "login");\n}\n', lines: [2], messageIncludes: '`body`' },
    { name: 'the database URL', code: 'async fn connect(database_url: &str) {\n    info!("connecting to {}", database_url);\n}\n', lines: [2], messageIncludes: 'database_url' },
  ],
});

/** Where the code runs, from the model and the manifests. */
testFileRule(rule, {
  valid: [
    {
      name: 'a command-line tool printing the token it just created for its user',
      manifests: { 'keyctl/Cargo.toml': '[package]\nname = "keyctl"\n' },
      files: { 'keyctl/src/main.rs': 'mod issue;\nfn main() {\n    issue::new_token(&std::env::args().nth(1).unwrap());\n}\n' },
      path: 'keyctl/src/issue.rs',
      code: 'pub fn new_token(owner: &str) {\n    let api_token = mint(owner);\n    println!("Your new token (shown once): {}", api_token);\n}\n',
    },
    {
      name: 'a helper only tests call (another file)',
      files: { 'src/lib.rs': 'mod seed;\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn logs_in() { crate::seed::seed_user(); }\n}\n' },
      path: 'src/seed.rs',
      code: 'pub fn seed_user() {\n    let password = "pw-for-tests";\n    tracing::info!("seeded user with password {}", password);\n}\n',
    },
  ],
  invalid: [
    {
      name: 'a service logging a token (it serves routes: not a command-line tool)',
      manifests: { 'keysvc/Cargo.toml': '[package]\nname = "keysvc"\n' },
      files: { 'keysvc/src/main.rs': 'mod issue;\n#[tokio::main]\nasync fn main() {\n    serve(Router::new().route("/tokens", post(issue::new_token))).await;\n}\n' },
      path: 'keysvc/src/issue.rs',
      code: 'pub async fn new_token(Json(req): Json<NewToken>) -> String {\n    let api_token = mint(&req.owner);\n    println!("issued token {}", api_token);\n    api_token\n}\n',
      lines: [3],
    },
  ],
});

/** Printing where only start-up or a command runs: the command's output, a note; a name that says the value is a digest is not the secret. */
testFileRule(rule, {
  valid: [
    {
      name: 'a digest of the header, named as one, in a request log line',
      code: 'pub async fn log_line(req: &Request) {\n    let hashed_authorization = sha256(req.headers().get("authorization"));\n    tracing::info!(%hashed_authorization, "request");\n}\n',
    },
  ],
  invalid: [
    {
      name: 'a key subcommand of the server binary prints the key it generated: a note',
      path: 'src/main.rs',
      code: 'fn main() {\n    match Cli::parse().command {\n        Command::NewKey => {\n            let secret = KeyPair::generate();\n            println!("secret: {}", secret.private_pem());\n        }\n        Command::Serve => serve(),\n    }\n}\n',
      lines: [5],
      messageId: 'printedAtStartup',
      severity: 'info',
    },
    {
      name: 'the same print on a request path stays a warning',
      code: 'pub async fn rotate(State(s): State<App>) -> StatusCode {\n    let secret = KeyPair::generate();\n    println!("secret: {}", secret.private_pem());\n    StatusCode::OK\n}\n',
      lines: [3],
      messageId: 'logged',
      severity: 'warning',
    },
  ],
});
