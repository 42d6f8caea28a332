import rule from '../../../src/rules/async/cpu-heavy-in-async.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'Tera rendering handed to spawn_blocking',
      code: `use tera::{Context, Tera};
pub struct Site { pages: Tera }
pub async fn page(site: Arc<Site>, ctx: Context) -> String {
    tokio::task::spawn_blocking(move || site.pages.render("page.html", &ctx).unwrap()).await.unwrap()
}
`,
    },
    {
      name: 'a render method of the crate\'s own type called Tera is not the library',
      code: `pub struct Tera { title: String }
impl Tera {
    pub fn render(&self, name: &str) -> String { format!("{}{}", self.title, name) }
}
pub async fn banner(t: &Tera) -> String {
    t.render("top")
}
`,
    },
    {
      name: 'bcrypt inside spawn_blocking',
      code: `pub async fn register(form: Signup) -> Result<String, ApiError> {
    let pw = form.password.clone();
    Ok(tokio::task::spawn_blocking(move || bcrypt::hash(pw, 12)).await??)
}
`,
    },
    {
      name: 'argon2 in a sync fn called through spawn_blocking',
      code: `use argon2::{Argon2, PasswordHasher};
fn hash(pw: &str, salt: &SaltString) -> String {
    Argon2::default().hash_password(pw.as_bytes(), salt).unwrap().to_string()
}
pub async fn register(pw: String, salt: SaltString) -> String {
    tokio::task::spawn_blocking(move || hash(&pw, &salt)).await.unwrap()
}
`,
    },
    {
      name: 'gzip in a sync helper (clean export)',
      code: `use flate2::write::GzEncoder;
fn gzip(csv: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(csv)?;
    e.finish()
}
`,
    },
    {
      name: 'a user async method named verify_password, awaited',
      code: `use argon2::PasswordHash;
pub async fn login(auth: &AuthService, pw: &str) -> bool {
    auth.verify_password(pw).await
}
`,
    },
    {
      name: 'verify_password method in a file that uses no hashing crate',
      code: `pub async fn login(auth: &Auth, pw: &str) -> bool {
    auth.verify_password(pw)
}
`,
    },
    {
      name: 'hashing in a rayon closure',
      code: `pub async fn rehash_all(users: Vec<User>) {
    rayon::spawn(move || { for u in users { let _ = bcrypt::hash(&u.pw, 12); } });
}
`,
    },
    {
      name: 'hashing inside a project helper (another file) that runs its closure in spawn_blocking',
      files: {
        'src/lib.rs': `pub mod util;
pub mod routes;
`,
        'src/util.rs': `pub async fn off_thread<F, T>(work: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work).await.expect("blocking task")
}
`,
      },
      path: 'src/routes.rs',
      code: `use crate::util::off_thread;

pub async fn register(Json(form): Json<Signup>) -> String {
    let pw = form.password.clone();
    off_thread(move || bcrypt::hash(pw, bcrypt::DEFAULT_COST).unwrap()).await
}
`,
    },
  ],
  invalid: [
    {
      name: 'Tera rendering directly in an async fn, the engine held in a field',
      code: `use tera::{Context, Tera};
pub struct Site { pages: Tera, title: String }
pub async fn page(site: Arc<Site>, ctx: Context) -> String {
    let body = site.pages.render("page.html", &ctx).unwrap_or_default();
    body
}
`,
      lines: [4],
      messageIncludes: 'Tera template rendering',
    },
    {
      name: 'a sync helper rendering with Handlebars, called from an async middleware',
      code: `use handlebars::Handlebars;
fn finish(reg: &Handlebars<'static>, data: &Value) -> String {
    reg.render("layout", data).unwrap_or_default()
}
pub async fn wrap(reg: Arc<Handlebars<'static>>, data: Value) -> String {
    let shown = data.clone();
    finish(&reg, &shown)
}
`,
      lines: [7],
      messageIncludes: 'Handlebars template rendering',
    },
    {
      name: 'bcrypt::hash in an axum handler',
      code: `pub async fn register(Json(form): Json<Signup>) -> Result<StatusCode, ApiError> {
    let hash = bcrypt::hash(&form.password, bcrypt::DEFAULT_COST)?;
    save(&hash).await?;
    Ok(StatusCode::CREATED)
}
`,
      lines: [2],
      messageIncludes: 'bcrypt::hash',
    },
    {
      name: 'imported bcrypt verify in an actix handler',
      code: `use bcrypt::verify;
use actix_web::{web, HttpResponse};
pub async fn login(form: web::Json<Login>, data: web::Data<AppState>) -> HttpResponse {
    let user = data.users.find(&form.email).await;
    if verify(&form.password, &user.hash).unwrap_or(false) { HttpResponse::Ok().finish() } else { HttpResponse::Unauthorized().finish() }
}
`,
      lines: [5],
      messageIncludes: 'bcrypt::verify',
    },
    {
      name: 'argon2 hash_password in an async service method',
      code: `use argon2::{password_hash::SaltString, Argon2, PasswordHasher};
impl Accounts {
    pub async fn create(&self, pw: &str) -> Result<(), Error> {
        let salt = SaltString::generate(&mut OsRng);
        let hash = Argon2::default().hash_password(pw.as_bytes(), &salt)?.to_string();
        self.repo.insert(hash).await
    }
}
`,
      lines: [5],
      messageIncludes: 'hash_password',
    },
    {
      name: 'zstd compression of a response body',
      code: `pub async fn export(State(s): State<AppState>) -> Vec<u8> {
    let rows = s.repo.dump().await;
    zstd::encode_all(&rows[..], 3).unwrap()
}
`,
      lines: [3],
      messageIncludes: 'zstd',
    },
    {
      name: 'hashing helper called from an async method',
      code: `fn hash_password(pw: &str) -> Result<String, bcrypt::BcryptError> {
    bcrypt::hash(pw, 12)
}
impl Accounts {
    pub async fn register(&self, email: &str, pw: &str) -> Result<(), Error> {
        let hash = hash_password(pw)?;
        self.repo.insert(email, &hash).await
    }
}
`,
      lines: [6],
      messageIncludes: '`hash_password(..)`',
    },
    {
      name: 'hashing helper in another module, reached through a re-export',
      files: {
        'src/lib.rs': `pub mod auth;
pub mod routes;
pub use auth::password::hash_password;
`,
        'src/auth/mod.rs': 'pub mod password;\n',
        'src/auth/password.rs': `pub fn hash_password(pw: &str) -> String {
    bcrypt::hash(pw, bcrypt::DEFAULT_COST).expect("hash")
}
`,
      },
      path: 'src/routes.rs',
      code: `use crate::hash_password;

pub async fn register(State(state): State<AppState>, Json(form): Json<Signup>) -> StatusCode {
    let hash = hash_password(&form.password);
    state.users.insert(&form.email, &hash).await;
    StatusCode::CREATED
}
`,
      lines: [4],
      messageIncludes: 'src/auth/password.rs:2',
    },
    {
      name: 'a crate helper named like the password-hash trait method it calls (a free fn cannot be the callee of `.hash_password(..)`)',
      files: {
        'src/lib.rs': 'pub mod credentials;\npub mod routes;\n',
        'src/credentials.rs': `use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use argon2::Argon2;

fn strong() -> Argon2<'static> {
    Argon2::default()
}

pub fn hash_password(secret: &[u8]) -> String {
    let salt = SaltString::generate(&mut OsRng);
    strong().hash_password(secret, &salt).map(|h| h.to_string()).unwrap_or_default()
}
`,
      },
      path: 'src/routes.rs',
      code: `use crate::credentials::hash_password;

pub async fn enrol(Json(form): Json<Enrolment>) -> String {
    let stored = hash_password(form.secret.as_bytes());
    stored
}
`,
      lines: [4],
      messageIncludes: 'src/credentials.rs:10',
    },
  ],
});

/** An indexer thread of its own drives the async packing step with `block_on`: no executor worker waits on it. */
const indexerMain = `mod indexer;
fn main() {
    let ix = indexer::Indexer::new();
    std::thread::spawn(move || loop { ix.index_next(); });
    serve_forever();
}
`;
const packBundle = `pub struct Indexer { rt: Runtime }
impl Indexer {
    pub fn index_next(&self) {
        let files = self.collect();
        self.rt.block_on(pack(files)).unwrap();
    }
}
pub async fn pack(files: Vec<Vec<u8>>) -> std::io::Result<()> {
    let packed = zstd::encode_all(&files.concat()[..], 19)?;
    upload(packed).await
}
`;

testFileRule(rule, {
  valid: [],
  invalid: [
    {
      name: 'an async fn only block_on drives on a thread of its own: a note, no executor worker stalls today',
      files: { 'src/main.rs': indexerMain },
      path: 'src/indexer.rs',
      code: packBundle,
      lines: [9],
      messageId: 'offExecutor',
    },
    {
      name: 'the same async fn also awaited by a route handler compresses on the executor there',
      files: { 'src/main.rs': indexerMain.replace('serve_forever();', 'serve(Router::new().route("/pack", post(indexer::pack_now)));') },
      path: 'src/indexer.rs',
      code: `${packBundle}pub async fn pack_now(Json(files): Json<Vec<Vec<u8>>>) -> StatusCode {
    pack(files).await.unwrap();
    StatusCode::OK
}
`,
      lines: [9],
      messageId: 'heavy',
    },
  ],
});
