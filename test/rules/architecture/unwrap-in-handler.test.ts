import { beforeAll, describe, expect, it } from 'vitest';
import { foldSameCause } from '../../../src/report/same-cause.js';
import rule from '../../../src/rules/architecture/unwrap-in-handler.js';
import { loadRustParser } from '../../../src/rust/parser.js';
import { runFileRule, testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'UTF-8 decoding of a byte literal', code: `pub async fn banner() -> String {
    std::str::from_utf8(b"ready").unwrap().to_owned()
}
` },
    {
      name: 'unwrap inside a #[tokio::test]',
      code: `#[tokio::test]
async fn lists() {
    let rows = sqlx::query("SELECT 1").fetch_all(&pool).await.unwrap();
}
`,
    },
    {
      name: 'unwraps in main (start-up fails fast)',
      code: `#[tokio::main]
async fn main() {
    let pool = PgPool::connect(&url).await.expect("database");
    let listener = TcpListener::bind("0.0.0.0:3000").await.unwrap();
}
`,
    },
    {
      name: 'Regex::new of a literal inside LazyLock',
      code: 'static SLUG: LazyLock<Regex> = LazyLock::new(|| Regex::new("^[a-z0-9-]+$").unwrap());\n',
    },
    {
      name: 'OnceLock initialiser reading a config file',
      code: `fn settings() -> &'static Settings {
    SETTINGS.get_or_init(|| toml::from_str(&std::fs::read_to_string("app.toml").unwrap()).unwrap())
}
`,
    },
    {
      name: 'std mutex lock().unwrap() (poisoning idiom)',
      code: `async fn hit(State(state): State<AppState>, Path(id): Path<u64>) {
    state.hits.lock().unwrap().insert(id);
}
`,
    },
    {
      name: 'value proven present by an is_some() check',
      code: `async fn page(Query(q): Query<Paging>) -> String {
    if q.cursor.is_some() {
        return q.cursor.unwrap();
    }
    String::new()
}
`,
    },
    {
      name: 'early return on is_none() before the unwrap',
      code: `async fn page(Query(q): Query<Paging>) -> Result<String, ApiError> {
    if q.cursor.is_none() {
        return Err(ApiError::BadRequest);
    }
    Ok(q.cursor.unwrap())
}
`,
    },
    {
      name: 'JoinHandle / spawn_blocking results (a panic is propagated, not input)',
      code: `async fn export(State(s): State<AppState>) {
    let bytes = tokio::task::spawn_blocking(move || render(&s)).await.unwrap();
    let done = handle.await.unwrap();
}
`,
    },
    {
      name: 'channel send and semaphore acquire',
      code: `async fn enqueue(State(s): State<AppState>, Json(job): Json<Job>) {
    let _permit = s.semaphore.acquire().await.unwrap();
    s.jobs.send(job).await.unwrap();
}
`,
    },
    {
      name: 'literal parse and serialising an own type',
      code: `async fn health() -> String {
    let addr: SocketAddr = "127.0.0.1:8080".parse().unwrap();
    serde_json::to_string(&Status::ok()).unwrap()
}
`,
    },
    {
      name: 'unwrap_or on a query parameter',
      code: `async fn list(Query(q): Query<Paging>) -> i64 {
    q.limit.unwrap_or(50).min(200)
}
`,
    },
    {
      name: 'slice first() and Option of local data',
      code: `fn pick(items: &[Item]) -> &Item {
    let cfg = CONFIG.get().unwrap();
    items.first().expect("non-empty by construction")
}
`,
    },
  ],
  invalid: [
    {
      name: 'the same constructor under a feature gate that is not `test` is production code',
      code: `impl Mirror {
    #[cfg(feature = "mirrors")]
    pub fn sample(origin: &str) -> Self {
        Mirror { origin: Url::parse(origin).expect("origin"), retries: 3 }
    }
}
`,
      lines: [4],
    },
    {
      name: "an HTTP client's execute(..) is the upstream call failing, not a database result",
      code: `pub async fn proxy(req: &poem::Request, target: &str) -> poem::Result<poem::Response> {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let upstream = client.request(req.method().into(), target).build()?;
    let response = client.execute(upstream).await.unwrap();
    Ok(relay(response).await)
}
`,
      lines: [4],
      messageIncludes: 'on the result of `client.execute(..)`',
    },
    {
      name: 'the same through a parameter typed as the client',
      code: `use reqwest::Client;
pub async fn forward(client: &Client, req: reqwest::Request) -> poem::Result<String> {
    let response = client.execute(req).await.unwrap();
    Ok(response.text().await?)
}
`,
      lines: [3],
      messageIncludes: 'on the result of `client.execute(..)`',
    },
    {
      name: 'the request body decoded as UTF-8 and unwrapped (tide)',
      code: `pub async fn ingest(mut req: tide::Request<State>) -> tide::Result {
    let bytes = req.body_bytes().await?;
    let text = String::from_utf8(bytes).unwrap();
    Ok(store(&text).into())
}
`,
      lines: [3],
    },
    {
      name: 'header lookup and to_str (one comment per line)',
      code: `async fn rates(headers: HeaderMap) -> String {
    let tenant = headers.get("x-tenant-id").unwrap().to_str().unwrap();
    tenant.to_owned()
}
`,
      lines: [2],
      messageIncludes: 'headers.get("x-tenant-id")',
    },
    {
      name: 'fetch_optional(..).await?.unwrap() across lines',
      code: `async fn currency(pool: &PgPool, slug: &str) -> Result<String, ApiError> {
    let c: String = sqlx::query_scalar("SELECT currency FROM tenants WHERE slug = $1")
        .bind(slug)
        .fetch_optional(pool)
        .await?
        .unwrap();
    Ok(c)
}
`,
      lines: [6],
      messageIncludes: 'fetch_optional',
    },
    {
      name: 'actix web::Path parsed with expect',
      code: `async fn get_user(path: web::Path<String>) -> HttpResponse {
    let id = Uuid::parse_str(&path.into_inner()).expect("uuid");
    HttpResponse::Ok().finish()
}
`,
      lines: [2],
      messageIncludes: 'get_user',
    },
    {
      name: 'diesel load in a repository',
      code: `pub fn active_users(conn: &mut PgConnection) -> Vec<User> {
    users::table.filter(users::active.eq(true)).load::<User>(conn).unwrap()
}
`,
      lines: [2],
      messageIncludes: 'load(..)',
    },
    {
      name: 'tokio-postgres query_one awaited',
      code: `async fn count(client: &Client) -> i64 {
    client.query_one("SELECT count(*) FROM t", &[]).await.unwrap().get(0)
}
`,
      lines: [2],
      messageIncludes: 'query_one',
    },
    {
      name: 'reqwest send().await.unwrap() in a service',
      code: `pub async fn quote(http: &reqwest::Client, url: &str) -> Quote {
    let res = http.get(url).send().await.unwrap();
    res.json().await.unwrap()
}
`,
      lines: [2, 3],
      messageIncludes: 'send(..)',
    },
    {
      name: 'request-derived binding unwrapped later',
      code: `async fn cb(req: HttpRequest) -> HttpResponse {
    let sig = req.headers().get("x-signature");
    verify(sig.unwrap());
    HttpResponse::Ok().finish()
}
`,
      lines: [3],
      messageIncludes: '`cb`',
    },
    {
      name: 'HashMap lookup keyed by a path parameter',
      code: `async fn plan(State(s): State<AppState>, Path(code): Path<String>) -> Json<Plan> {
    Json(s.plans.get(&code).cloned().unwrap())
}
`,
      lines: [2],
      messageIncludes: 'code',
    },
    {
      name: 'serde_json::from_slice of a body',
      code: `async fn hook(body: Bytes) -> StatusCode {
    let event: Event = serde_json::from_slice(&body).unwrap();
    StatusCode::OK
}
`,
      lines: [2],
      messageIncludes: 'serde_json::from_slice',
    },
  ],
});

testFileRule(rule, {
  valid: [
    {
      name: 'serialising a request-derived value',
      code: `async fn echo(Json(body): Json<Event>) -> String {
    serde_json::to_string(&body).unwrap()
}
`,
    },
    {
      name: 'web::block result (BlockingError only on shutdown)',
      code: `async fn list(pool: web::Data<DbPool>) -> HttpResponse {
    let rows = web::block(move || load_rows(&pool)).await.unwrap();
    HttpResponse::Ok().json(rows)
}
`,
    },
  ],
  invalid: [
    {
      name: 'extractor impl reading Parts headers',
      code: `impl<S> FromRequestParts<S> for Tenant {
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.headers.get("x-tenant").unwrap();
        Ok(Tenant(raw.to_str().unwrap_or_default().to_owned()))
    }
}
`,
      lines: [3],
      messageIncludes: 'from_request_parts',
    },
    {
      name: 'deadpool pool.get().await.unwrap() on a state field',
      code: `async fn count(State(state): State<AppState>) -> Json<i64> {
    let client = state.pool.get().await.unwrap();
    Json(0)
}
`,
      lines: [2],
      messageIncludes: 'state.pool.get()',
    },
    {
      name: 'r2d2 connection inside web::block',
      code: `async fn list(pool: web::Data<DbPool>) -> Result<HttpResponse, Error> {
    let rows = web::block(move || {
        let mut conn = pool.get().expect("couldn't get db connection from pool");
        posts::table.load::<Post>(&mut conn)
    })
    .await?;
    Ok(HttpResponse::Ok().json(rows))
}
`,
      lines: [3],
      messageIncludes: 'pool.get()',
    },
  ],
});

testFileRule(rule, {
  valid: [
    {
      name: 'request extensions set by an earlier middleware',
      code: `async fn me(req: HttpRequest) -> HttpResponse {
    let user = req.extensions().get::<User>().cloned().unwrap();
    let cfg = req.app_data::<web::Data<Config>>().unwrap();
    HttpResponse::Ok().json(user)
}
`,
    },
    {
      name: 'Extension::from_request in an old-style extractor',
      code: `async fn from_request(req: &mut RequestParts<B>) -> Result<Self, Error> {
    let ctx: Extension<ApiContext> = Extension::from_request(req).await.expect("BUG: ApiContext was not added");
    Ok(Self(ctx))
}
`,
    },
  ],
  invalid: [],
});

/** Where the code runs comes from the model's call graph and the manifests, never from a fn's name. */
testFileRule(rule, {
  valid: [
    {
      name: 'a package only the other members test with (a fixtures crate)',
      manifests: {
        'Cargo.toml': `[workspace]
members = ["shop", "fixtures"]
`,
        'shop/Cargo.toml': `[package]
name = "shop"
[dev-dependencies]
shop-fixtures = { path = "../fixtures" }
`,
        'fixtures/Cargo.toml': `[package]
name = "shop-fixtures"
`,
      },
      path: 'fixtures/src/lib.rs',
      code: `pub async fn seeded_catalogue(dir: &Path) -> Catalogue {
    let text = tokio::fs::read_to_string(dir.join("catalogue.json")).await.expect("fixture file");
    serde_json::from_str(&text).expect("fixture json")
}
`,
    },
    {
      name: 'a test-data constructor compiled only for tests (`#[cfg(test)]` on the fn, and on an impl)',
      code: `impl Mirror {
    #[cfg(test)]
    pub fn sample(origin: &str) -> Self {
        Mirror { origin: Url::parse(origin).expect("origin"), retries: 3 }
    }
}
#[cfg(test)]
impl Depot {
    pub fn fake(root: &str) -> Self {
        Depot { root: std::fs::canonicalize(root).unwrap() }
    }
}
`,
    },
    {
      name: 'settings read by a fn that only main reaches (another file), whatever its name',
      files: {
        'src/main.rs': `mod prefs;
#[tokio::main]
async fn main() {
    let prefs = prefs::gather().await;
    serve(prefs).await;
}
`,
      },
      path: 'src/prefs.rs',
      code: `pub async fn gather() -> Prefs {
    let raw = tokio::fs::read_to_string("shop.toml").await.unwrap();
    toml::from_str(&raw).unwrap()
}
`,
    },
    {
      name: 'a field of a value whose own error `?` already handled',
      code: `pub async fn upload(State(s): State<Shop>, body: Bytes) -> Result<Json<Item>, ApiError> {
    let unpacked = unpack_archive(&body).await?;
    let manifest = unpacked.manifest.item.unwrap();
    Ok(Json(manifest))
}
`,
    },
  ],
  invalid: [
    {
      name: 'a fn named like start-up code that a route calls on every request',
      files: {
        'src/main.rs': `mod cart;
#[tokio::main]
async fn main() {
    let app = Router::new().route("/cart", post(cart::add_item));
    serve(app).await;
}
`,
      },
      path: 'src/cart.rs',
      code: `pub async fn add_item(body: Bytes) -> StatusCode {
    setup_session(&body).await;
    StatusCode::OK
}

async fn setup_session(body: &Bytes) {
    let raw = tokio::fs::read_to_string("/var/shop/session").await.unwrap();
}
`,
      lines: [7],
      messageIncludes: 'setup_session',
    },
    {
      name: 'a recurring job spawned from start-up code runs while the service serves',
      files: {
        'src/main.rs': `mod jobs;
#[tokio::main]
async fn main() {
    jobs::init();
    serve().await;
}
`,
      },
      path: 'src/jobs.rs',
      code: `pub fn init() {
    tokio::spawn(async move {
        loop {
            let rates = reqwest::get("https://rates.example/eur").await.unwrap();
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    });
}
`,
      lines: [4],
    },
    {
      name: 'the Option a lookup returns after `?` handled its error: says Option, not an I/O failure',
      files: {
        'src/main.rs': `mod items;
#[tokio::main]
async fn main() {
    serve(Router::new().route("/items/:id", get(items::show))).await;
}
`,
      },
      path: 'src/items.rs',
      code: `pub async fn show(State(s): State<Shop>, Path(id): Path<u64>) -> Result<Json<Item>, ApiError> {
    let item = find_item(&s, id).await?.unwrap();
    Ok(Json(item))
}

async fn find_item(s: &Shop, id: u64) -> Result<Option<Item>, ApiError> {
    Ok(s.items.get(&id).cloned())
}
`,
      lines: [2],
      messageId: 'returned',
      messageIncludes: 'on the `Option` inside what `find_item(..).await?` returned',
    },
  ],
});

/** A check before the unwrap that proves it cannot panic (the model's presence facts); a binding read where it is written. */
testFileRule(rule, {
  valid: [
    {
      name: 'an element taken after an early exit on the length of a listing',
      code: `pub async fn only_report(dir: &Path) -> anyhow::Result<PathBuf> {
    let found: Vec<PathBuf> = tokio::fs::read_dir(dir).await?.collect_paths().await;
    if found.len() != 1 {
        anyhow::bail!("expected one report in {}", dir.display());
    }
    Ok(found.into_iter().next().expect("length checked"))
}
`,
    },
    {
      name: 'first() after an early return on is_empty() of request data',
      code: `pub async fn notify(Json(req): Json<Notify>) -> StatusCode {
    if req.recipients.is_empty() {
        return StatusCode::BAD_REQUEST;
    }
    let to = req.recipients.first().unwrap();
    send_to(to).await;
    StatusCode::ACCEPTED
}
`,
    },
    {
      name: 'a map lookup under contains_key of the same key',
      code: `pub async fn price(State(s): State<Shop>, Path(sku): Path<String>) -> Json<u64> {
    if s.prices.contains_key(&sku) {
        return Json(*s.prices.get(&sku).unwrap());
    }
    Json(0)
}
`,
    },
    {
      name: 'a name rebound by a later let keeps what it was where it is used',
      code: `pub async fn save(State(s): State<Shop>, Json(input): Json<ItemIn>) -> Result<Json<Item>, ApiError> {
    let item = ItemDraft::new(s.default_owner);
    let label = item.label.clone().unwrap();
    let item = s.db.transaction(|tx| store(tx, item)).await?;
    Ok(Json(item))
}
`,
    },
    {
      name: 'a header value chosen among literals, whatever chose it',
      code: `pub async fn download(Path(name): Path<String>) -> Response {
    let kind = if name.ends_with(".gz") { "application/gzip" } else { "application/octet-stream" };
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, kind.parse().unwrap());
    (headers, body_of(&name)).into_response()
}
`,
    },
  ],
  invalid: [
    {
      name: 'first() with the emptiness check on another list',
      code: `pub async fn notify(Json(req): Json<Notify>) -> StatusCode {
    if req.cc.is_empty() {
        return StatusCode::BAD_REQUEST;
    }
    let to = req.recipients.first().unwrap();
    StatusCode::ACCEPTED
}
`,
      lines: [5],
    },
    {
      name: 'an is_empty() check whose branch does not leave',
      code: `pub async fn notify(Json(req): Json<Notify>) -> StatusCode {
    if req.recipients.is_empty() {
        tracing::warn!("no recipients");
    }
    let to = req.recipients.first().unwrap();
    StatusCode::ACCEPTED
}
`,
      lines: [5],
    },
    {
      name: 'a later let of a database result, used after it',
      code: `pub async fn save(State(s): State<Shop>, Json(input): Json<ItemIn>) -> Json<Item> {
    let item = ItemDraft::new(input.owner);
    let item = sqlx::query_as("SELECT * FROM items").fetch_optional(&s.pool).await;
    Json(item.unwrap().unwrap())
}
`,
      lines: [4],
    },
    {
      name: 'a header value built from the path, parsed and unwrapped',
      code: `pub async fn download(Path(name): Path<String>) -> Response {
    let disposition = format!("attachment; filename=\\"{}\\"", name);
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_DISPOSITION, disposition.parse().unwrap());
    (headers, body_of(&name)).into_response()
}
`,
      lines: [4],
    },
  ],
});

describe('unwrap-in-handler: one comment per exchange', () => {
  beforeAll(() => loadRustParser());

  it('a response unwrapped, then its body unwrapped, is one cause; another call is another', async () => {
    const out = await runFileRule(rule, {
      code: `pub async fn push_stats(http: &reqwest::Client, url: Url, stats: &Stats) {
    let resp = http.post(url.clone()).json(stats).send().await.unwrap();
    tracing::info!("{}", resp.text().await.unwrap());
    let ack = http.get(url).send().await.unwrap();
    drop(ack);
}
`,
    });
    expect(out.findings.map((f) => f.line)).toEqual([2, 3, 4]);
    const folded = foldSameCause(out.findings);
    expect(folded.map((f) => [f.finding.line, f.sameCause.map((p) => p.line)])).toEqual([
      [2, [3]],
      [4, []],
    ]);
  });
});

/** Results that are never an `Err` (the model's infallible calls): unwrapping them cannot panic. */
testFileRule(rule, {
  valid: [
    {
      name: 'extractors whose rejection is Infallible, by turbofish or by the let type',
      code: `impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let uri = parts.extract::<Uri>().await.expect("infallible");
        let jar: SignedCookieJar = parts.extract_with_state(state).await.unwrap();
        Ok(Visit { uri, seen: jar.get("seen").is_some() })
    }
}
`,
    },
    {
      name: 'an Option of an own extractor whose optional impl never fails',
      code: `pub struct Locale(pub String);

impl<S: Send + Sync> OptionalFromRequestParts<S> for Locale {
    type Rejection = ();
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        if let Some(tag) = parts.uri.path().split('/').nth(1) {
            return Ok(Some(Locale(tag.to_owned())));
        }
        Ok(None)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Locale {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extract::<Option<Locale>>().await.expect("never fails").ok_or(ApiError::NotFound)
    }
}
`,
    },
    {
      name: 'serde_json::from_value into a type that holds any JSON',
      code: `use serde_json::value::Value as JsonValue;

pub fn as_raw(event: JsonValue) -> Raw<AnyEvent> {
    serde_json::from_value(event).expect("Raw holds any JSON")
}

pub async fn relay(Json(body): Json<JsonValue>) -> String {
    let copy: JsonValue = serde_json::from_value(body).unwrap();
    copy.to_string()
}
`,
    },
  ],
  invalid: [
    {
      name: 'an Option of an own extractor whose optional impl can reject',
      code: `pub struct Region(pub u16);

impl<S: Send + Sync> OptionalFromRequestParts<S> for Region {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        match parts.headers.get("x-region") {
            Some(v) => Ok(Some(Region(v.to_str()?.parse()?))),
            None => Ok(None),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Region {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extract::<Option<Region>>().await.unwrap().ok_or(ApiError::NotFound)
    }
}
`,
      lines: [16],
    },
    {
      name: 'a body extractor run by hand and unwrapped',
      code: `impl<S: Send + Sync> FromRequestParts<S> for Filter {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Query(q) = parts.extract::<Query<FilterQuery>>().await.unwrap();
        Ok(Filter(q))
    }
}
`,
      lines: [4],
    },
    {
      name: 'serde_json::from_value of request JSON into a typed struct',
      code: `pub async fn relay(Json(body): Json<serde_json::Value>) -> String {
    let order: Order = serde_json::from_value(body).unwrap();
    order.id.to_string()
}
`,
      lines: [2],
    },
  ],
});

/** Code of no deployed backend: a browser frontend, a side tool the workspace leaves out. The same handler in the service still fires. */
const probeHandler = `pub async fn callback(headers: HeaderMap) -> String {
    let state = headers.get("x-state").unwrap().to_str().unwrap_or_default();
    format!("state {state}")
}
`;
testFileRule(rule, {
  valid: [
    {
      name: 'a browser frontend (yew, web-sys) parsing the value of its own select box',
      manifests: {
        'Cargo.toml': `[workspace]
members = ["ui", "api"]
`,
        'ui/Cargo.toml': `[package]
name = "ui"
[dependencies]
yew = "0.21"
web-sys = "0.3"
`,
        'api/Cargo.toml': `[package]
name = "api"
[dependencies]
axum = "0.8"
`,
      },
      files: { 'ui/src/lib.rs': 'pub mod pick;\n' },
      path: 'ui/src/pick.rs',
      code: `pub fn on_submit(form: &FormModel) -> Msg {
    let kind = serde_json::from_str::<Kind>(&form.kind).unwrap();
    Msg::Create(kind)
}
`,
    },
    {
      name: 'an OAuth test client the workspace excludes: a side tool built on its own',
      manifests: {
        'Cargo.toml': `[workspace]
members = ["api"]
exclude = [
    "tools/probe",
]
`,
        'api/Cargo.toml': `[package]
name = "api"
[dependencies]
axum = "0.8"
`,
        'tools/probe/Cargo.toml': `[package]
name = "probe"
[dependencies]
axum = "0.8"
`,
      },
      files: { 'tools/probe/src/main.rs': `mod auth;
#[tokio::main]
async fn main() {
    serve(Router::new().route("/cb", get(auth::callback))).await;
}
` },
      path: 'tools/probe/src/auth.rs',
      code: probeHandler,
    },
    {
      name: 'configuration decoded by a module of a binary of several files (src/bin/ops/), reached only from its main',
      manifests: { 'Cargo.toml': `[package]
name = "shop"
` },
      files: { 'src/bin/ops/main.rs': `mod config;
fn main() {
    let cfg = config::from_environment();
    run(cfg);
}
`, 'src/lib.rs': 'pub fn run() {}\n' },
      path: 'src/bin/ops/config.rs',
      code: `pub fn from_environment() -> Config {
    let key = std::fs::read_to_string("/etc/shop/key").unwrap();
    Config { key }
}
`,
    },
  ],
  invalid: [
    {
      name: 'the same handler in a workspace member that serves',
      manifests: {
        'Cargo.toml': `[workspace]
members = ["api"]
exclude = [
    "tools/probe",
]
`,
        'api/Cargo.toml': `[package]
name = "api"
[dependencies]
axum = "0.8"
`,
      },
      files: { 'api/src/main.rs': `mod auth;
#[tokio::main]
async fn main() {
    serve(Router::new().route("/cb", get(auth::callback))).await;
}
` },
      path: 'api/src/auth.rs',
      code: probeHandler,
      lines: [2],
    },
  ],
});

testFileRule(rule, {
  valid: [
    {
      name: 'a page struct built from form fields, rendered and unwrapped',
      code: `pub async fn preview(form: web::Form<PreviewReq>) -> HttpResponse {
    let page = PreviewPage { title: form.title.clone(), size: form.size };
    let html = page.render_once().unwrap();
    HttpResponse::Ok().body(html)
}
`,
    },
  ],
  invalid: [
    {
      name: 'a form field parsed and unwrapped',
      code: `pub async fn preview(form: web::Form<PreviewReq>) -> HttpResponse {
    let size: u32 = form.size_text.parse().unwrap();
    HttpResponse::Ok().body(render(size))
}
`,
      lines: [2],
    },
  ],
});

// Protocol servers (IMAP, LDAP, a Postgres pooler) have no extractors: the client's data is what a
// command parsed from the connection holds, taken apart by `match` / `if let`, and the connection itself.
testFileRule(rule, {
  valid: [
    {
      name: 'an optional field of the program\'s own settings, taken apart by if let',
      code: `pub async fn reload(&mut self, settings: Settings) -> Result<(), Error> {
    match settings.limits() {
        Ok(limits) => {
            if let Some(window) = limits.window {
                let secs = window.seconds.unwrap();
                self.apply(secs);
            }
        }
        Err(e) => return Err(e),
    }
    Ok(())
}
`,
    },
    {
      name: 'peer_addr of a project type that is not a connection',
      code: `pub async fn describe(&self, peer: &PeerRecord) -> String {
    peer.peer_addr().unwrap().to_string()
}
`,
    },
    {
      name: 'peer_addr of a connection propagated with ?',
      code: `pub async fn greet(stream: TcpStream) -> std::io::Result<()> {
    let who = stream.peer_addr()?;
    log(who);
    Ok(())
}
`,
    },
  ],
  invalid: [
    {
      name: 'an optional argument of a parsed protocol command, reached through match and if let',
      code: `pub async fn handle_search(&mut self, request: Request<Command>) -> Result<(), Error> {
    match request.parse_search() {
        Ok(args) => {
            if let Some(window) = args.window {
                let end = window.last.unwrap();
                self.scan(end).await?;
            }
        }
        Err(e) => return Err(e),
    }
    Ok(())
}
`,
      lines: [5],
      messageIncludes: 'request data',
    },
    {
      name: 'peer_addr().unwrap() on an accepted connection',
      code: `pub async fn serve_client(mut socket: tokio::net::TcpStream, pool: Pool) -> Result<(), Error> {
    let peer = socket.peer_addr().unwrap();
    session(&mut socket, peer, pool).await
}
`,
      lines: [2],
      messageIncludes: 'peer_addr()',
    },
  ],
});

// A column read from a database row and converted: it fails on what the database holds.
testFileRule(rule, {
  valid: [
    {
      name: 'a column converted with ? (the failure is returned)',
      code: `fn lookup(conn: &Connection, key: &str) -> Result<Option<Entry>> {
    let mut stmt = conn.prepare("SELECT kind FROM entries WHERE key = ?")?;
    stmt.query_row((key,), |row| {
        let kind: i32 = row.get(0)?;
        Ok(Entry { kind: kind.try_into()? })
    })
    .optional()
}
`,
    },
    {
      name: 'a conversion of a closure parameter that is not a row (an iterator item)',
      code: `fn widths(items: &[i64]) -> Vec<u8> {
    items.iter().map(|n| {
        let v = n.get();
        v.try_into().unwrap()
    }).collect()
}
`,
    },
  ],
  invalid: [
    {
      name: 'a row\'s column converted with expect inside the row-mapping closure',
      code: `fn lookup(conn: &Connection, key: &str) -> Result<Option<Entry>> {
    let mut stmt = conn.prepare("SELECT kind FROM entries WHERE key = ?")?;
    stmt.query_row((key,), |row| {
        let kind: i32 = row.get(0)?;
        Ok(Entry { kind: kind.try_into().expect("known kind") })
    })
    .optional()
}
`,
      lines: [5],
      messageIncludes: 'kind.try_into()',
    },
  ],
});

/** What the author wrote down, and what the program embeds: the reviewer reads both. */
testFileRule(rule, {
  valid: [
    {
      name: 'expect whose message states the invariant, on a value built from request data by a method that cannot fail for it',
      code: `pub async fn day(Path(d): Path<NaiveDate>) -> Json<Window> {
    let start = d.and_hms_opt(0, 0, 0).expect("midnight always exists");
    Json(Window::from(start))
}
`,
    },
    {
      name: 'expect stating the invariant on a free constructor call (no lookup into what the client sent)',
      code: `pub async fn canonical(uri: Uri) -> Redirect {
    let lowered = uri.path().to_ascii_lowercase();
    let target = HeaderValue::from_maybe_shared(lowered).expect("cannot fail: a lowercased valid path stays valid");
    Redirect::permanent(target)
}
`,
    },
    {
      name: 'parsing a table the binary embeds at build time',
      code: `pub async fn limits(Query(q): Query<Plan>) -> Json<Limit> {
    let table: Limits = toml::from_str(include_str!("limits.toml")).unwrap();
    Json(table.of(&q.plan))
}
`,
    },
  ],
  invalid: [
    {
      name: 'a stated belief about what the client sends is the bug itself',
      code: `pub async fn tenant(headers: HeaderMap) -> String {
    headers.get("x-tenant").expect("the gateway always sets it").to_str().unwrap().to_owned()
}
`,
      lines: [2],
    },
    {
      name: 'an expect that explains nothing about why it holds',
      code: `pub async fn day(Path(d): Path<NaiveDate>) -> Json<Window> {
    let start = d.and_hms_opt(0, 0, 0).expect("bad time");
    Json(Window::from(start))
}
`,
      lines: [2],
    },
    {
      name: 'parsing a file read at run time',
      code: `pub async fn limits(Query(q): Query<Plan>) -> Json<Limit> {
    let table: Limits = toml::from_str(&std::fs::read_to_string(&q.path).unwrap()).unwrap();
    Json(table.of(&q.plan))
}
`,
      lines: [2],
    },
  ],
});

/** The result of a request to another service, sent by a crate fn of another file: it fails when that service does. */
const peers = {
  'src/lib.rs': `pub mod peers;
pub mod api;
`,
  'src/peers.rs': `use reqwest::blocking::Client;
pub struct Peers { http: Client, base: String }
impl Peers {
    pub fn profile(&self, id: &str) -> Result<Profile, Error> {
        let resp = self.http.get(format!("{}/users/{id}", self.base)).send()?;
        Ok(resp.json()?)
    }
    pub fn local_name(&self, id: &str) -> Result<String, Error> {
        id.parse::<Handle>().map(|h| h.name).map_err(Error::from)
    }
}
`,
};

testFileRule(rule, {
  valid: [
    {
      name: 'a client built at start-up, unwrapped (a configuration error fails fast)',
      code: `#[tokio::main]
async fn main() {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    serve(http).await;
}
`,
    },
    {
      name: 'a client built in a handler, unwrapped (building sends nothing)',
      code: `pub async fn relay(Json(b): Json<Body>) -> StatusCode {
    let http = reqwest::Client::builder().build().unwrap();
    forward(&http, b).await
}
`,
    },
    {
      name: 'a crate fn of another file that sends nothing, unwrapped',
      files: peers,
      path: 'src/api.rs',
      code: `use crate::peers::Peers;
pub fn label(peers: &Peers) -> String {
    peers.local_name("admin").unwrap()
}
`,
    },
  ],
  invalid: [
    {
      name: 'a crate fn of another file that sends an HTTP request and returns its error, unwrapped',
      files: peers,
      path: 'src/api.rs',
      code: `use crate::peers::Peers;
pub fn card(peers: &Peers, id: &str) -> String {
    let who = peers.profile(id).expect("profile");
    who.display_name
}
`,
      lines: [3],
      messageIncludes: 'peers.profile(..)',
    },
  ],
});

/**
 * A client reached through a trait object: `hub.directory` is an `Arc<dyn Directory>`, and the hub
 * comes from a method of a blanket impl for every request type. The impls production code builds say
 * whether a call fails when another service does.
 */
const directory = (lookupBody: string) => ({
  'src/lib.rs': `pub mod remote;
pub mod hub;
pub mod api;
`,
  'src/remote.rs': `use reqwest::blocking::Client;
pub trait Directory: Send + Sync {
    fn lookup(&self, name: &str) -> Result<Entry, Error>;
}
pub struct HttpDirectory { http: Client }
impl Directory for HttpDirectory {
    fn lookup(&self, name: &str) -> Result<Entry, Error> {
${lookupBody}
    }
}
#[cfg(test)]
mod doubles {
    pub struct Canned;
    impl super::Directory for Canned {
        fn lookup(&self, name: &str) -> Result<super::Entry, super::Error> { Ok(super::Entry::default()) }
    }
}
`,
  'src/hub.rs': `use std::sync::Arc;
use crate::remote::Directory;
pub struct Hub { pub directory: Arc<dyn Directory> }
pub trait HubOf {
    fn hub(&self) -> &Arc<Hub>;
}
impl<X: Exchange + ?Sized> HubOf for X {
    fn hub(&self) -> &Arc<Hub> { self.shared().expect("hub installed") }
}
`,
});
const cardViaHub = `use crate::hub::HubOf;
pub fn card(req: &dyn Exchange) -> String {
    let hub = req.hub();
    let entry = hub
        .directory
        .lookup("admin")
        .unwrap();
    entry.title
}
`;

testFileRule(rule, {
  valid: [
    {
      name: 'a trait object whose production impl sends nothing, unwrapped',
      files: directory('        match name.parse::<Entry>() {\n            Ok(e) => Ok(e),\n            Err(e) => Err(e),\n        }'),
      path: 'src/api.rs',
      code: cardViaHub,
    },
  ],
  invalid: [
    {
      name: 'a trait object whose production impl sends an HTTP request and hands its error on through a match, unwrapped',
      files: directory('        match self.http.get(format!("https://dir.example/{name}")).send() {\n            Ok(resp) => Ok(resp.json()?),\n            Err(e) => Err(e.into()),\n        }'),
      path: 'src/api.rs',
      code: cardViaHub,
      lines: [7],
      messageIncludes: 'hub.directory.lookup(..)',
    },
  ],
});

/** Severity by where the code runs: a warning where a request or a job meets the panic, a note where nothing is seen reaching it. */
testFileRule(rule, {
  valid: [],
  invalid: [
    {
      name: 'a library fn nothing here calls: a note that claims no handler',
      path: 'src/store.rs',
      code: `pub fn load(p: &std::path::Path) -> String {
    std::fs::read_to_string(p).unwrap()
}
`,
      lines: [2],
      messageId: 'unplaced',
      messageIncludes: 'no request handler or background job is seen reaching this code',
      severity: 'info',
    },
    {
      name: 'the same unwrap in a handler a route registers: a warning',
      files: { 'src/main.rs': `mod store;
#[tokio::main]
async fn main() {
    serve(Router::new().route("/dump", get(store::dump))).await;
}
` },
      path: 'src/store.rs',
      code: `pub async fn dump() -> String {
    tokio::fs::read_to_string("/var/dump").await.unwrap()
}
`,
      lines: [2],
      messageId: 'io',
      severity: 'warning',
    },
    {
      name: 'a trait method nothing is seen calling that spawns the job holding the unwrap (bound by a let, spawned below): the job is background',
      path: 'src/beacon.rs',
      code: `impl Beacon for Pinger {
    async fn start(&self) -> JoinHandle<()> {
        let this = self.clone();
        let job = async move {
            loop {
                this.http.post(&this.url).send().await.unwrap();
                sleep(PERIOD).await;
            }
        };
        tokio::spawn(job)
    }
}
`,
      lines: [6],
      messageId: 'io',
      severity: 'warning',
    },
  ],
});

/** A parameter type named like an extractor but std's by the file's imports is the caller's value, not request data. */
testFileRule(rule, {
  valid: [
    {
      name: 'std::path::Path parameters of a fn a job runs (imported, and written out)',
      files: { 'src/main.rs': `mod dump;
#[tokio::main]
async fn main() {
    tokio::spawn(dump::nightly());
    serve().await;
}
` },
      path: 'src/dump.rs',
      code: `use std::path::Path;
pub async fn nightly() {
    run(Path::new("/srv/dump/export.sql"), &std::path::PathBuf::from("/srv"));
}
fn run(script: &Path, root: &std::path::Path) {
    let dir = script.parent().unwrap();
    let top = root.parent().unwrap();
    exec(dir, top);
}
`,
    },
  ],
  invalid: [
    {
      name: "axum's Path extractor of the same name is request data",
      path: 'src/api.rs',
      code: `use axum::extract::Path;
pub async fn show(Path(id): Path<String>) -> String {
    id.parse::<u64>().unwrap().to_string()
}
`,
      lines: [3],
      severity: 'warning',
    },
  ],
});

/** Writes into a writer that keeps them in memory (a buffer, a hash state, a crate type handing its bytes to one) never fail. */
const DIGEST = `use std::io::{self, Write};
pub struct Fingerprint(sha2::Sha256);
impl Write for Fingerprint {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}
pub struct Spool { file: std::fs::File }
impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}
`;
testFileRule(rule, {
  valid: [
    {
      name: 'write_all into a Vec, a String and a crate digest that wraps a hash state',
      files: { 'src/digest.rs': DIGEST },
      path: 'src/api.rs',
      code: `use std::fmt::Write as _;
use std::io::Write;
pub async fn tag(Json(body): Json<Doc>) -> String {
    let mut buf = Vec::new();
    buf.write_all(body.text.as_bytes()).unwrap();
    let mut fp = Fingerprint::new();
    fp.write_all(&buf).unwrap();
    let mut out = String::new();
    out.write_str(&body.title).unwrap();
    out
}
`,
    },
  ],
  invalid: [
    {
      name: 'write_all into a crate writer that hands its bytes to a file',
      files: { 'src/digest.rs': DIGEST },
      path: 'src/api.rs',
      code: `use std::io::Write;
pub async fn keep(Json(body): Json<Doc>) -> StatusCode {
    let mut spool = Spool::open();
    spool.write_all(body.text.as_bytes()).unwrap();
    StatusCode::OK
}
`,
      lines: [4],
    },
  ],
});

/** A value rebuilt from the parts of a valid one of its type cannot fail the checks it passed when taken apart. */
testFileRule(rule, {
  valid: [
    {
      name: 'Uri::from_parts of the parts of the request Uri, one part re-encoded in between',
      code: `pub async fn canonical(uri: Uri) -> Redirect {
    let mut parts = uri.into_parts();
    parts.path_and_query = Some(PathAndQuery::from_static("/"));
    let to = Uri::from_parts(parts).unwrap();
    Redirect::permanent(&to.to_string())
}
`,
    },
  ],
  invalid: [
    {
      name: 'Uri::from_parts of parts the handler assembled from the query string',
      code: `pub async fn bounce(Query(q): Query<Target>) -> Redirect {
    let parts = assemble(&q.host, &q.path);
    let to = Uri::from_parts(parts).unwrap();
    Redirect::temporary(&to.to_string())
}
`,
      lines: [3],
    },
  ],
});

/** A crate fn whose `Result` is only ever `Ok` cannot make its caller's unwrap panic. */
testFileRule(rule, {
  valid: [
    {
      name: 'unwrap of a crate method that answers Ok on both branches (its own failure handled inside)',
      files: { 'src/probe.rs': `impl Probe {
    pub async fn reachable(&self) -> Result<bool, ProbeError> {
        match self.http.get(&self.url).send().await {
            Ok(r) => Ok(r.status().is_success()),
            Err(_) => Ok(false),
        }
    }
}
` },
      path: 'src/api.rs',
      code: `pub async fn health(State(p): State<Probe>) -> StatusCode {
    if p.reachable().await.unwrap() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }
}
`,
    },
  ],
  invalid: [
    {
      name: 'unwrap of a crate method that propagates the request error',
      files: { 'src/probe.rs': `impl Probe {
    pub async fn status(&self) -> Result<u16, reqwest::Error> {
        Ok(self.http.get(&self.url).send().await?.status().as_u16())
    }
}
` },
      path: 'src/api.rs',
      code: `pub async fn health(State(p): State<Probe>) -> String {
    p.status().await.unwrap().to_string()
}
`,
      lines: [2],
    },
  ],
});

/** The Option a crate fn returned, looked up with values the client did not send: a note, since its `None` is the crate's own contract. */
testFileRule(rule, {
  valid: [],
  invalid: [
    {
      name: 'a lookup by a record an earlier step already matched',
      files: { 'src/main.rs': `mod items;
#[tokio::main]
async fn main() {
    serve(Router::new().route("/featured", get(items::featured))).await;
}
` },
      path: 'src/items.rs',
      code: `pub async fn featured(State(s): State<Shop>) -> Result<Json<Item>, ApiError> {
    let pick = s.pick_featured().await?;
    let item = find_item(&s, pick.id).await?.unwrap();
    Ok(Json(item))
}

async fn find_item(s: &Shop, id: u64) -> Result<Option<Item>, ApiError> {
    Ok(s.items.get(&id).cloned())
}
`,
      lines: [3],
      messageId: 'returnedOwn',
      severity: 'info',
    },
  ],
});

testFileRule(rule, {
  valid: [
    {
      name: 'a protocol handler unwrapping a value of its own, not of the decoded request',
      path: 'src/ldap/modify.rs',
      code: `use ldap3_proto::proto::{LdapModifyRequest, LdapOp, LdapResultCode};

pub(crate) async fn do_modify(backend: &Backend, request: &LdapModifyRequest) -> Vec<LdapOp> {
    let base = backend.settings().base_dn.parse::<Dn>().expect("the base DN is validated at start-up");
    vec![make_result(LdapResultCode::Success, base.to_string(), &request.dn)]
}
`,
    },
  ],
  invalid: [
    {
      name: 'an LDAP operation handler that panics on a check of the entry the client named',
      path: 'src/ldap/passwd.rs',
      code: `use ldap3_proto::proto::{LdapOp, LdapPasswordModifyRequest};

pub(crate) async fn do_password_change(backend: &Backend, session: &Session, request: &LdapPasswordModifyRequest) -> Vec<LdapOp> {
    let target = match &request.user_identity {
        Some(dn) => dn.to_lowercase(),
        None => session.user.clone(),
    };
    let handle = backend.writable_for(session, &target).expect("no write access");
    handle.set_password(&target, request.new_password.as_deref()).await;
    vec![]
}
`,
      lines: [8],
    },
  ],
});

/** The items of request data, as a per-item closure's parameter, are request data. */
testFileRule(rule, {
  valid: [
    {
      name: 'items of the program\'s own list in a handler: a fixed invariant',
      code: `const ALLOWED: &[&str] = &["a", "b"];
pub async fn list(req: &poem::Request) -> String {
    ALLOWED.iter().map(|v| v.chars().next().unwrap()).collect()
}
`,
    },
    {
      name: 'a fold over request headers: the accumulator is the program\'s own',
      code: `pub async fn total(req: &poem::Request) -> usize {
    let acc: Option<usize> = req.headers().iter().fold(Some(0), |acc, _| Some(acc.unwrap() + 1));
    acc.unwrap_or(0)
}
`,
    },
  ],
  invalid: [
    {
      name: 'a header value reached through an iterator closure',
      code: `pub async fn copy_headers(req: &poem::Request, out: &mut Vec<String>) {
    for k in req.headers().keys() {
        out.extend(
            req.headers()
                .get_all(k)
                .iter()
                .map(|v| v.to_str().unwrap().to_string()),
        );
    }
}
`,
      lines: [7],
    },
    {
      name: 'the item of a fold over request headers',
      code: `pub async fn joined(req: &poem::Request) -> String {
    req.headers().values().fold(String::new(), |acc, v| acc + v.to_str().unwrap())
}
`,
      lines: [2],
    },
  ],
});
