import rule from '../../../src/rules/architecture/secret-logged.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'secret only mentioned in the message text', code: `fn f(user_id: i64) {
    tracing::info!(%user_id, "password changed");
}
` },
    { name: 'length and presence of a secret', code: `fn f(token: &str, api_key: Option<String>) {
    debug!(token_len = token.len(), has_key = api_key.is_some(), "auth header parsed");
}
` },
    { name: 'names about secrets (hash, count, type, page token)', code: `fn f(password_hash: &str, token_count: usize, token_type: &str, page_token: &str) {
    info!(%password_hash, token_count, token_type, page_token, "state");
}
` },
    { name: 'SecretString parameter redacts itself', code: `fn f(password: SecretString) {
    debug!(?password, "login");
}
` },
    { name: 'instrument with skip of the secret', code: `#[tracing::instrument(skip(pool, password))]
async fn login(pool: &PgPool, email: &str, password: &str) {}
` },
    { name: 'instrument with skip_all', code: `#[instrument(skip_all, fields(user = %email))]
async fn login(email: &str, password: &str, body: Json<LoginRequest>) {}
` },
    { name: 'logging in tests', code: `#[cfg(test)]
mod tests {
    fn t() { let token = mint(); println!("{token}"); }
}
` },
    { name: 'a hashed value passed through a redacting call', code: `fn f(token: &str) {
    info!(token = %fingerprint(token), "issued");
}
` },
    { name: 'structured field with a literal value', code: `fn f() {
    info!(password = "[redacted]", "reset");
}
` },
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
      code: `fn start(private_key: &Path) {
    info!("loading {}", private_key.display());
    info!(?private_key, "loaded");
}
`,
    },
    {
      name: '#[instrument] fields(..) recording ids only',
      code: `#[tracing::instrument(skip_all, fields(tenant = %self.tenant_id, key_id = %key.id))]
async fn rotate(&self, key: &SigningKey) -> Result<()> { Ok(()) }
`,
    },
    {
      name: 'a term of a text tokenizer whose Debug the crate writes, walked out of a typed list and Debug-printed',
      code: `pub enum Token { Word(String), Number(u64) }
impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self { Token::Word(w) => write!(f, "word {w}"), Token::Number(n) => write!(f, "number {n}") }
    }
}
fn rank(query: &str) {
    let tokens: Vec<(Token, u32)> = tokenize(query);
    for (i, (token, weight)) in tokens.iter().enumerate() {
        debug!("term {i}: {token:?} weighs {weight}");
        trace!(?token, "scored");
        log::debug!("skipping {:?}", token);
    }
}
`,
    },
    {
      name: 'escaped braces are literal text, not a capture',
      code: `fn render(user: &str) {
    info!("filled the {{token}} placeholder for {user}");
}
`,
    },
    {
      name: 'a local bound with a redacting type',
      code: `fn connect(cfg: &Config) {
    let password: SecretString = cfg.password.clone();
    info!("connecting with {password:?}");
}
`,
    },
  ],
  invalid: [
    {
      name: 'a token of a type whose Debug is derived, walked out of a typed list (its fields print)',
      code: `#[derive(Debug)]
pub struct ApiToken { pub owner: String, pub secret: String }
fn audit(issued: Vec<ApiToken>) {
    for token in issued.iter() {
        debug!("issued {token:?}");
    }
}
`,
      lines: [5],
      messageIncludes: '`token`',
    },
    {
      name: 'a tokenizer term with a hand-written Debug, printed with Display (what Display prints is not known)',
      code: `pub struct Token(String);
impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("Token(..)") }
}
fn rank(tokens: Vec<(Token, u32)>) {
    for (token, _) in &tokens {
        debug!("term {token}");
        log::debug!("term {}", token);
    }
}
`,
      lines: [7, 8],
      messageIncludes: '`token`',
    },
    { name: 'structured field password = %p', code: `fn login(email: &str, p: &str) {
    tracing::debug!(%email, password = %p, "login attempt");
}
`, lines: [2], messageIncludes: '`password`' },
    { name: 'inline capture in a format string', code: `fn issue(access_token: &str) {
    info!("issued {access_token}");
}
`, lines: [2], messageIncludes: 'access_token' },
    { name: 'field of a request body', code: `async fn signup(Json(req): Json<SignupRequest>) {
    log::debug!("signup {} with {}", req.email, req.password);
}
`, lines: [2], messageIncludes: 'password' },
    { name: 'shorthand ?api_key', code: `fn call(api_key: &str) {
    warn!(?api_key, "upstream rejected key");
}
`, lines: [2], messageIncludes: 'api_key' },
    { name: 'the content field of a secret', code: `fn show(api_token: &IssuedToken) {
    debug!("issued {}", api_token.value);
}
`, lines: [2], messageIncludes: 'api_token' },
    { name: 'a secret field of a secret-named value', code: `fn show(app_password: &Created) {
    info!("{}", app_password.secret);
}
`, lines: [2] },
    { name: 'println! of a token', code: `fn cli(token: String) {
    println!("token: {}", token);
}
`, lines: [2], messageIncludes: 'println' },
    { name: '#[instrument] without skip', code: `#[instrument]
async fn login(email: String, password: String) -> Result<(), E> { Ok(()) }
`, lines: [1], messageIncludes: '`password`' },
    { name: '#[instrument(skip(pool))] still records the secret', code: `#[tracing::instrument(skip(pool))]
async fn rotate(pool: &PgPool, refresh_token: &str) {}
`, lines: [1], messageIncludes: 'refresh_token' },
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
    { name: '#[instrument] on a handler taking a login body', code: `#[instrument(skip(state))]
async fn login(State(state): State<AppState>, Json(body): Json<LoginRequest>) {}
`, lines: [1], messageIncludes: 'LoginRequest' },
  ],
});

testFileRule(rule, {
  valid: [
    { name: 'one named header is fine', code: `async fn h(headers: HeaderMap) {
    debug!(request_id = ?headers.get("x-request-id"), "incoming");
}
` },
    { name: 'a non-credential body', code: `async fn create(Json(body): Json<NewOrder>) {
    debug!(?body, "create order");
}
` },
  ],
  invalid: [
    { name: 'the whole header map', code: `async fn h(headers: HeaderMap) {
    debug!(?headers, "incoming");
}
`, lines: [2], messageIncludes: '`headers`' },
    { name: 'req.headers() Debug-printed', code: `async fn h(req: HttpRequest) {
    log::debug!("headers: {:?}", req.headers());
}
`, lines: [2], messageIncludes: 'headers()' },
    { name: 'a login body Debug-printed', code: `async fn login(Json(body): Json<LoginRequest>) {
    tracing::debug!(?body, "login");
}
`, lines: [2], messageIncludes: '`body`' },
    { name: 'the database URL', code: `async fn connect(database_url: &str) {
    info!("connecting to {}", database_url);
}
`, lines: [2], messageIncludes: 'database_url' },
  ],
});

/** Where the code runs, from the model and the manifests. */
testFileRule(rule, {
  valid: [
    {
      name: 'a command-line tool printing the token it just created for its user',
      manifests: { 'keyctl/Cargo.toml': `[package]
name = "keyctl"
` },
      files: { 'keyctl/src/main.rs': `mod issue;
fn main() {
    issue::new_token(&std::env::args().nth(1).unwrap());
}
` },
      path: 'keyctl/src/issue.rs',
      code: `pub fn new_token(owner: &str) {
    let api_token = mint(owner);
    println!("Your new token (shown once): {}", api_token);
}
`,
    },
    {
      name: 'a helper only tests call (another file)',
      files: { 'src/lib.rs': `mod seed;
#[cfg(test)]
mod tests {
    #[test]
    fn logs_in() { crate::seed::seed_user(); }
}
` },
      path: 'src/seed.rs',
      code: `pub fn seed_user() {
    let password = "pw-for-tests";
    tracing::info!("seeded user with password {}", password);
}
`,
    },
  ],
  invalid: [
    {
      name: 'a service logging a token (it serves routes: not a command-line tool)',
      manifests: { 'keysvc/Cargo.toml': `[package]
name = "keysvc"
` },
      files: { 'keysvc/src/main.rs': `mod issue;
#[tokio::main]
async fn main() {
    serve(Router::new().route("/tokens", post(issue::new_token))).await;
}
` },
      path: 'keysvc/src/issue.rs',
      code: `pub async fn new_token(Json(req): Json<NewToken>) -> String {
    let api_token = mint(&req.owner);
    println!("issued token {}", api_token);
    api_token
}
`,
      lines: [3],
    },
  ],
});

/** Printing where only start-up or a command runs: the command's output, a note; a name that says the value is a digest is not the secret. */
testFileRule(rule, {
  valid: [
    {
      name: 'a digest of the header, named as one, in a request log line',
      code: `pub async fn log_line(req: &Request) {
    let hashed_authorization = sha256(req.headers().get("authorization"));
    tracing::info!(%hashed_authorization, "request");
}
`,
    },
  ],
  invalid: [
    {
      name: 'a key subcommand of the server binary prints the key it generated: a note',
      path: 'src/main.rs',
      code: `fn main() {
    match Cli::parse().command {
        Command::NewKey => {
            let secret = KeyPair::generate();
            println!("secret: {}", secret.private_pem());
        }
        Command::Serve => serve(),
    }
}
`,
      lines: [5],
      messageId: 'printedAtStartup',
      severity: 'info',
    },
    {
      name: 'the same print on a request path stays a warning',
      code: `pub async fn rotate(State(s): State<App>) -> StatusCode {
    let secret = KeyPair::generate();
    println!("secret: {}", secret.private_pem());
    StatusCode::OK
}
`,
      lines: [3],
      messageId: 'logged',
      severity: 'warning',
    },
  ],
});

/** A secret-wrapper opened for the log (`secrecy`'s `expose_secret()`) is the secret, whatever the binding's type or name. */
testFileRule(rule, {
  valid: [
    {
      name: 'the wrapper itself, whose Debug redacts',
      code: `fn check(ticket: &Secret<String>) {
    warn!("ticket not found: {:?}", ticket);
}
`,
    },
    {
      name: 'only the length of the opened secret',
      code: `fn check(ticket: &Secret<String>) {
    debug!(len = ticket.expose_secret().len(), "ticket received");
}
`,
    },
    {
      name: 'the opened secret digested before it is logged',
      code: `fn check(cfg: &Config) {
    info!("key fingerprint {}", fingerprint(cfg.signing.expose_secret()));
}
`,
    },
  ],
  invalid: [
    {
      name: 'a borrowed opened secret as a positional argument',
      code: `fn check(ticket: &Secret<String>) -> bool {
    let found = lookup(ticket);
    if !found {
        warn!("ticket not found: {}", &ticket.expose_secret());
    }
    found
}
`,
      lines: [4],
      messageIncludes: 'ticket.expose_secret()',
    },
    {
      name: 'an opened secret of a field whose name says nothing, as a structured field',
      code: `fn connect(cfg: &Settings) {
    tracing::debug!(upstream = %cfg.upstream.expose_secret().to_string(), "connecting");
}
`,
      lines: [2],
      messageIncludes: 'upstream.expose_secret()',
    },
  ],
});
