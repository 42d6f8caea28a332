import rule from '../../../src/rules/tests/no-assertion.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const T = 'tests/orders_api.rs';

testFileRule(rule, {
  valid: [
    {
      name: 'a method of the crate (another file) that asserts: `.good()`',
      path: 'src/tests/routes/summary.rs',
      files: { 'src/tests/util/response.rs': `pub struct Response { status: u16, body: String }

impl Response {
    /// Asserts a 2xx and returns the body.
    pub fn good(self) -> String {
        assert!(self.status < 300, "status {}", self.status);
        self.body
    }

    pub fn text(self) -> String {
        self.body
    }
}
` },
      code: `#[tokio::test]
async fn summary_answers() {
    let app = TestApp::init().await;
    app.get("/api/v1/summary").await.good();
}
`,
    },
    { name: 'a method named as a check (clap\'s `debug_assert()`)', path: 'src/bin/cli.rs', code: `#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
` },
    {
      name: 'a compile-time bound check on a value',
      path: 'src/client.rs',
      code: `#[cfg(test)]
mod tests {
    #[test]
    fn future_is_send_sync() {
        fn require_send_sync<T: Send + Sync>(_: T) {}
        let client = Client::new(String::new());
        require_send_sync(client.fetch("x"));
    }
}
`,
    },
    { name: 'assert_eq on the response', path: T, code: `#[tokio::test]
async fn creates() {
    let (status, _) = send(req()).await;
    assert_eq!(status, StatusCode::CREATED);
}
` },
    {
      name: 'same-file helper named otherwise that asserts',
      path: T,
      code: `fn roundtrip(v: &Order) {
    let json = serde_json::to_string(v).unwrap();
    assert_eq!(&serde_json::from_str::<Order>(&json).unwrap(), v);
}

#[test]
fn order_roundtrips() {
    roundtrip(&Order::sample());
}
`,
    },
    { name: 'assert_* helper from elsewhere', path: T, code: `#[sqlx::test]
async fn lists(pool: PgPool) {
    let res = get(app(pool), "/orders").await;
    assert_status_ok(&res);
}
` },
    { name: 'axum-test method assertion', path: T, code: `#[tokio::test]
async fn health() {
    let server = TestServer::new(app()).unwrap();
    server.get("/health").await.assert_status_ok();
}
` },
    { name: 'mockall expectation', path: 'src/services/mail.rs', code: `#[cfg(test)]
mod tests {
    #[test]
    fn sends_once() {
        let mut mailer = MockMailer::new();
        mailer.expect_send().times(1).returning(|_| Ok(()));
        Notifier::new(mailer).welcome("a@b.c");
    }
}
` },
    { name: 'wiremock .expect(1)', path: T, code: `#[tokio::test]
async fn calls_provider() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(1).mount(&server).await;
    notify(&server.uri()).await;
}
` },
    { name: 'insta snapshot', path: T, code: `#[test]
fn renders_invoice() {
    let html = render(&Invoice::sample());
    insta::assert_snapshot!(html);
}
` },
    { name: 'table-driven with a loop', path: 'src/pricing.rs', code: `#[cfg(test)]
mod tests {
    #[test]
    fn discounts() {
        for (seats, want) in [(1, 0), (50, 10), (200, 20)] {
            assert_eq!(discount(seats), want, "seats={seats}");
        }
    }
}
` },
    { name: '?-returning test', path: T, code: `#[tokio::test]
async fn parses_config() -> anyhow::Result<()> {
    let cfg = Config::from_str(SAMPLE)?;
    anyhow::ensure!(cfg.port == 8080);
    Ok(())
}
` },
    { name: 'smoke test that unwraps', path: T, code: `#[test]
fn default_config_parses() {
    Config::from_str(DEFAULT).unwrap();
}
` },
    { name: 'should_panic', path: T, code: `#[test]
#[should_panic(expected = "empty cart")]
fn rejects_empty() {
    Cart::default().total();
}
` },
    { name: 'custom assertion macro', path: T, code: `macro_rules! check_json {
    ($res:expr, $want:expr) => { assert_eq!($res.json::<Value>(), $want) };
}

#[tokio::test]
async fn body() {
    let res = send(req()).await;
    check_json!(res, json!({"ok": true}));
}
` },
    { name: 'test_case with expected value', path: T, code: `#[test_case(49 => 0)]
#[test_case(50 => 10)]
fn discount_pct(seats: u32) -> i64 {
    volume_discount_pct(seats)
}
` },
    { name: 'unwrap_err checks the failure', path: T, code: `#[test]
fn rejects_blank() {
    Name::parse("  ").unwrap_err();
}
` },
    { name: 'matches! in an if with panic', path: T, code: `#[test]
fn maps_error() {
    let e = map(io_err());
    if !matches!(e, ApiError::Unavailable) {
        panic!("unexpected {e:?}");
    }
}
` },
    { name: 'not a test', path: T, code: `async fn send(app: Router, req: Request<Body>) -> (StatusCode, Value) {
    let res = app.oneshot(req).await.unwrap();
    (res.status(), Value::Null)
}
` },
    { name: 'support-module runner', path: T, code: `#[tokio::test]
async fn scenario_checkout() {
    common::run_scenario("checkout.yaml").await;
}
` },
  ],
  invalid: [
    {
      name: 'a method of the crate that does not assert',
      path: 'src/tests/routes/summary.rs',
      files: { 'src/tests/util/response.rs': `pub struct Response { status: u16, body: String }

impl Response {
    /// Asserts a 2xx and returns the body.
    pub fn good(self) -> String {
        assert!(self.status < 300, "status {}", self.status);
        self.body
    }

    pub fn text(self) -> String {
        self.body
    }
}
` },
      code: `#[tokio::test]
async fn summary_answers() {
    let app = TestApp::init().await;
    println!("{}", app.get("/api/v1/summary").await.text());
}
`,
      lines: [2],
    },
    {
      name: 'a bounded helper with a body is not a type check',
      path: 'src/client.rs',
      code: `#[cfg(test)]
mod tests {
    #[test]
    fn fetches() {
        fn show<T: std::fmt::Debug>(v: T) { println!("{v:?}"); }
        show(Client::new(String::new()).fetch("x"));
    }
}
`,
      lines: [4],
    },
    {
      name: 'prints instead of asserting',
      path: T,
      code: `#[sqlx::test(fixtures("customers"))]
async fn create_order_applies_discount_code(pool: PgPool) {
    let req = post_json("/orders", json!({ "discount_code": "SPRING10" }));
    let (status, body) = send(app(pool), req).await;
    println!("status={status} body={body}");
}
`,
      lines: [2],
      messageIncludes: '`create_order_applies_discount_code` only prints',
    },
    {
      name: 'same-file helper that does not assert',
      path: T,
      code: `async fn send(req: Request<Body>) -> StatusCode {
    app().oneshot(req).await.map(|r| r.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

#[tokio::test]
async fn deletes_order() {
    let _status = send(delete("/orders/1")).await;
}
`,
      lines: [6],
      messageIncludes: '`deletes_order`',
    },
    {
      name: 'result dropped with let _',
      path: 'src/services/billing.rs',
      code: `pub fn charge() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_card() {
        let _ = charge_card(&Card::test(), 1_000);
    }
}
`,
      lines: [8],
      messageIncludes: '`charges_card` checks nothing',
    },
    {
      name: 'unwraps the response, then prints it',
      path: T,
      code: `#[tokio::test]
async fn refunds_order() {
    let res = client().post("/orders/1/refund").send().await.unwrap();
    println!("{}", res.status());
}
`,
      lines: [2],
      messageIncludes: '`refunds_order` only prints',
    },
    {
      name: 'assert!(true) and a dropped matches!',
      path: T,
      code: `#[test]
fn maps_not_found() {
    let e = map_error(sqlx::Error::RowNotFound);
    matches!(e, ApiError::NotFound);
    assert!(true);
}
`,
      lines: [2],
      messageIncludes: '`maps_not_found` checks nothing',
    },
    {
      name: 'support-module setup is not a check',
      path: T,
      code: `#[tokio::test]
async fn lists_orders() {
    let app = common::spawn_app().await;
    let res = app.client.get("/orders").send().await;
    dbg!(res);
}
`,
      lines: [2],
      messageIncludes: '`lists_orders`',
    },
  ],
});

/** What the crate's own macros and helpers do (the model): a macro that asserts, a constructor that panics when it fails. */
testFileRule(rule, {
  valid: [
    {
      name: 'a project test macro defined in a support module whose expansion asserts',
      files: {
        'tests/common/mod.rs': 'pub mod cases;\n',
        'tests/common/cases.rs': `macro_rules! roundtrip_case {
    ($input:expr => $want:expr) => {
        let parsed = crate::parse($input);
        assert_eq!(parsed.render(), $want);
    };
}
pub(crate) use roundtrip_case;
`,
      },
      path: 'tests/roundtrip.rs',
      code: `mod common;
use common::cases::*;

#[test]
fn keeps_unicode() {
    roundtrip_case!("café" => "café");
}
`,
    },
    {
      name: 'a helper of the shared test module (`tests/common/mod.rs`, `mod common;`) that asserts',
      files: {
        'tests/common/mod.rs': `pub async fn expect_healthy(app: &TestApp) {
    let res = app.client.get("/health").send().await.unwrap();
    assert_eq!(res.status(), 200);
}
`,
      },
      path: 'tests/health.rs',
      code: `mod common;

#[tokio::test]
async fn service_answers_health_checks() {
    let app = TestApp::spawn().await;
    common::expect_healthy(&app).await;
}
`,
    },
    {
      name: 'a smoke test that a constructor which unwraps does not panic',
      path: 'src/mailer.rs',
      code: `fn build_transport() -> Transport {
    let cert = Certificate::from_pem(ROOT_PEM).unwrap();
    Transport::builder().root_cert(cert).build().expect("transport")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_builds() {
        let _transport = build_transport();
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a helper of the shared test module (`mod common;`) that only sets the environment is not a check: the model reads its body',
      files: {
        'tests/common/mod.rs': `pub fn use_env(vars: &[(&str, &str)]) {
    for (key, value) in vars {
        std::env::set_var(key, value);
    }
}
`,
      },
      path: 'tests/config_env.rs',
      code: `mod common;

#[test]
fn default_pool_size_is_accepted() {
    common::use_env(&[("DATABASE_URL", "postgres://localhost/billing_test")]);
    let _cfg = Config::from_env();
}
`,
      lines: [4],
    },
    {
      name: 'a project macro that only sets up',
      files: {
        'tests/common/mod.rs': `macro_rules! seed_cart {
    ($db:expr) => {
        $db.insert_cart(1, "new");
    };
}
pub(crate) use seed_cart;
`,
      },
      path: 'tests/cart.rs',
      code: `mod common;
use common::*;

#[test]
fn seeds_a_cart() {
    let db = TestDb::new();
    seed_cart!(db);
}
`,
      lines: [5],
    },
    {
      name: 'a result kept in a name and never checked, from a fn that unwraps',
      path: 'src/pricing.rs',
      code: `fn total(cart: &Cart) -> u64 {
    cart.items.iter().map(|i| i.price.checked_mul(i.qty).unwrap()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_the_items() {
        let sum = total(&Cart::sample());
    }
}
`,
      lines: [10],
    },
  ],
});

/** A call whose success is the check: its value thrown away, whatever the test prints about its progress. */
testFileRule(rule, {
  valid: [
    {
      name: 'each packaged config starts the server: the readiness wait unwrapped is the check',
      path: 'tests/configs.rs',
      code: `#[test]
fn every_sample_config_boots() {
    for cfg in sample_configs() {
        eprintln!("booting with {}", cfg.display());
        let _guard = Daemon::start(&cfg);
        wait_for_port(7700).unwrap();
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a result unwrapped into a name and only printed',
      path: 'tests/configs.rs',
      code: `#[test]
fn sample_config_boots() {
    let status = boot(&sample_config()).unwrap();
    eprintln!("{status:?}");
}
`,
      lines: [2],
      messageId: 'printsOnly',
    },
  ],
});


/** Code under test that can fail only by panicking: running it is the check (a smoke or regression test). */
testFileRule(rule, {
  valid: [
    {
      name: 'a pathological input for a parser that returns an Option: it must return at all',
      path: 'src/markup/slug.rs',
      code: `pub fn slug_of(title: &str) -> Option<String> {
    let re = regex::Regex::new(r"^(\\w+[- ]?)+$").ok()?;
    re.is_match(title).then(|| title.to_lowercase())
}

#[cfg(test)]
mod tests {
    #[test]
    fn slug_of_backtracking_input_returns() {
        let _ = super::slug_of(&"a-".repeat(50_000));
    }
}
`,
    },
    {
      name: 'a constructor of the crate (another file) whose value the test drops, with a comment saying why',
      path: 'src/feed/poller.rs',
      files: { 'src/feed/source.rs': `pub struct FeedSource { url: String, every: u64 }

impl FeedSource {
    pub fn new(url: &str, every: u64) -> Self {
        Self { url: url.trim().to_owned(), every: every * 1_000 }
    }
}
` },
      code: `use super::source::FeedSource;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_builds_from_a_plain_url() {
        // Building the source must not panic.
        let _source = FeedSource::new("https://example.org/feed.xml", 60);
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a Result of the code under test dropped: its error goes unseen',
      path: 'src/feed/store.rs',
      code: `pub fn save_entry(title: &str) -> Result<u64, StoreError> {
    if title.is_empty() { return Err(StoreError::Empty); }
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_an_entry() {
        let _ = save_entry("first post");
    }
}
`,
      lines: [11],
    },
    {
      name: 'an async fn under test called and never awaited',
      path: 'src/feed/fetch.rs',
      code: `pub async fn refresh_all() -> usize {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refreshes() {
        let _ = refresh_all();
    }
}
`,
      lines: [10],
    },
    {
      name: 'a helper of the tests themselves is not the code under test',
      path: 'tests/feeds.rs',
      code: `fn post_feed(body: &str) -> u16 {
    if body.is_empty() { 400 } else { 201 }
}

#[test]
fn accepts_a_feed() {
    let _status = post_feed("<rss/>");
}
`,
      lines: [6],
    },
  ],
});

/** A value the test builds, asked a question whose answer it drops: the type is known (a helper's return type), and still nothing is checked. */
testFileRule(rule, {
  valid: [],
  invalid: [
    {
      name: "a method of a fixture built by a helper, its answers dropped",
      path: 'src/shipping.rs',
      code: `pub struct Parcel { pub grams: u32 }
impl Parcel {
    pub fn postage(&self, zone: u8) -> u32 { self.grams / 10 * u32::from(zone) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parcel() -> Parcel { Parcel { grams: 1200 } }

    #[test]
    fn postage_grows_with_zone() {
        let p = parcel();
        let _ = p.postage(1);
        let _ = p.postage(3);
    }
}
`,
      lines: [13],
    },
  ],
});
