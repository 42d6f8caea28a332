import rule from '../../../src/rules/tests/no-assertion.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const T = 'tests/orders_api.rs';

testFileRule(rule, {
  valid: [
    {
      name: 'a method of the crate (another file) that asserts: `.good()`',
      path: 'src/tests/routes/summary.rs',
      files: { 'src/tests/util/response.rs': 'pub struct Response { status: u16, body: String }\n\nimpl Response {\n    /// Asserts a 2xx and returns the body.\n    pub fn good(self) -> String {\n        assert!(self.status < 300, "status {}", self.status);\n        self.body\n    }\n\n    pub fn text(self) -> String {\n        self.body\n    }\n}\n' },
      code: '#[tokio::test]\nasync fn summary_answers() {\n    let app = TestApp::init().await;\n    app.get("/api/v1/summary").await.good();\n}\n',
    },
    { name: 'a method named as a check (clap\'s `debug_assert()`)', path: 'src/bin/cli.rs', code: '#[cfg(test)]\nmod tests {\n    #[test]\n    fn verify_cli() {\n        use clap::CommandFactory;\n        Cli::command().debug_assert();\n    }\n}\n' },
    {
      name: 'a compile-time bound check on a value',
      path: 'src/client.rs',
      code: '#[cfg(test)]\nmod tests {\n    #[test]\n    fn future_is_send_sync() {\n        fn require_send_sync<T: Send + Sync>(_: T) {}\n        let client = Client::new(String::new());\n        require_send_sync(client.fetch("x"));\n    }\n}\n',
    },
    { name: 'assert_eq on the response', path: T, code: '#[tokio::test]\nasync fn creates() {\n    let (status, _) = send(req()).await;\n    assert_eq!(status, StatusCode::CREATED);\n}\n' },
    {
      name: 'same-file helper named otherwise that asserts',
      path: T,
      code: 'fn roundtrip(v: &Order) {\n    let json = serde_json::to_string(v).unwrap();\n    assert_eq!(&serde_json::from_str::<Order>(&json).unwrap(), v);\n}\n\n#[test]\nfn order_roundtrips() {\n    roundtrip(&Order::sample());\n}\n',
    },
    { name: 'assert_* helper from elsewhere', path: T, code: '#[sqlx::test]\nasync fn lists(pool: PgPool) {\n    let res = get(app(pool), "/orders").await;\n    assert_status_ok(&res);\n}\n' },
    { name: 'axum-test method assertion', path: T, code: '#[tokio::test]\nasync fn health() {\n    let server = TestServer::new(app()).unwrap();\n    server.get("/health").await.assert_status_ok();\n}\n' },
    { name: 'mockall expectation', path: 'src/services/mail.rs', code: '#[cfg(test)]\nmod tests {\n    #[test]\n    fn sends_once() {\n        let mut mailer = MockMailer::new();\n        mailer.expect_send().times(1).returning(|_| Ok(()));\n        Notifier::new(mailer).welcome("a@b.c");\n    }\n}\n' },
    { name: 'wiremock .expect(1)', path: T, code: '#[tokio::test]\nasync fn calls_provider() {\n    let server = MockServer::start().await;\n    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(1).mount(&server).await;\n    notify(&server.uri()).await;\n}\n' },
    { name: 'insta snapshot', path: T, code: '#[test]\nfn renders_invoice() {\n    let html = render(&Invoice::sample());\n    insta::assert_snapshot!(html);\n}\n' },
    { name: 'table-driven with a loop', path: 'src/pricing.rs', code: '#[cfg(test)]\nmod tests {\n    #[test]\n    fn discounts() {\n        for (seats, want) in [(1, 0), (50, 10), (200, 20)] {\n            assert_eq!(discount(seats), want, "seats={seats}");\n        }\n    }\n}\n' },
    { name: '?-returning test', path: T, code: '#[tokio::test]\nasync fn parses_config() -> anyhow::Result<()> {\n    let cfg = Config::from_str(SAMPLE)?;\n    anyhow::ensure!(cfg.port == 8080);\n    Ok(())\n}\n' },
    { name: 'smoke test that unwraps', path: T, code: '#[test]\nfn default_config_parses() {\n    Config::from_str(DEFAULT).unwrap();\n}\n' },
    { name: 'should_panic', path: T, code: '#[test]\n#[should_panic(expected = "empty cart")]\nfn rejects_empty() {\n    Cart::default().total();\n}\n' },
    { name: 'custom assertion macro', path: T, code: 'macro_rules! check_json {\n    ($res:expr, $want:expr) => { assert_eq!($res.json::<Value>(), $want) };\n}\n\n#[tokio::test]\nasync fn body() {\n    let res = send(req()).await;\n    check_json!(res, json!({"ok": true}));\n}\n' },
    { name: 'test_case with expected value', path: T, code: '#[test_case(49 => 0)]\n#[test_case(50 => 10)]\nfn discount_pct(seats: u32) -> i64 {\n    volume_discount_pct(seats)\n}\n' },
    { name: 'unwrap_err checks the failure', path: T, code: '#[test]\nfn rejects_blank() {\n    Name::parse("  ").unwrap_err();\n}\n' },
    { name: 'matches! in an if with panic', path: T, code: '#[test]\nfn maps_error() {\n    let e = map(io_err());\n    if !matches!(e, ApiError::Unavailable) {\n        panic!("unexpected {e:?}");\n    }\n}\n' },
    { name: 'not a test', path: T, code: 'async fn send(app: Router, req: Request<Body>) -> (StatusCode, Value) {\n    let res = app.oneshot(req).await.unwrap();\n    (res.status(), Value::Null)\n}\n' },
    { name: 'support-module runner', path: T, code: '#[tokio::test]\nasync fn scenario_checkout() {\n    common::run_scenario("checkout.yaml").await;\n}\n' },
  ],
  invalid: [
    {
      name: 'a method of the crate that does not assert',
      path: 'src/tests/routes/summary.rs',
      files: { 'src/tests/util/response.rs': 'pub struct Response { status: u16, body: String }\n\nimpl Response {\n    /// Asserts a 2xx and returns the body.\n    pub fn good(self) -> String {\n        assert!(self.status < 300, "status {}", self.status);\n        self.body\n    }\n\n    pub fn text(self) -> String {\n        self.body\n    }\n}\n' },
      code: '#[tokio::test]\nasync fn summary_answers() {\n    let app = TestApp::init().await;\n    println!("{}", app.get("/api/v1/summary").await.text());\n}\n',
      lines: [2],
    },
    {
      name: 'a bounded helper with a body is not a type check',
      path: 'src/client.rs',
      code: '#[cfg(test)]\nmod tests {\n    #[test]\n    fn fetches() {\n        fn show<T: std::fmt::Debug>(v: T) { println!("{v:?}"); }\n        show(Client::new(String::new()).fetch("x"));\n    }\n}\n',
      lines: [4],
    },
    {
      name: 'prints instead of asserting',
      path: T,
      code: '#[sqlx::test(fixtures("customers"))]\nasync fn create_order_applies_discount_code(pool: PgPool) {\n    let req = post_json("/orders", json!({ "discount_code": "SPRING10" }));\n    let (status, body) = send(app(pool), req).await;\n    println!("status={status} body={body}");\n}\n',
      lines: [2],
      messageIncludes: '`create_order_applies_discount_code` only prints',
    },
    {
      name: 'same-file helper that does not assert',
      path: T,
      code: 'async fn send(req: Request<Body>) -> StatusCode {\n    app().oneshot(req).await.map(|r| r.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)\n}\n\n#[tokio::test]\nasync fn deletes_order() {\n    let _status = send(delete("/orders/1")).await;\n}\n',
      lines: [6],
      messageIncludes: '`deletes_order`',
    },
    {
      name: 'result dropped with let _',
      path: 'src/services/billing.rs',
      code: 'pub fn charge() {}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn charges_card() {\n        let _ = charge_card(&Card::test(), 1_000);\n    }\n}\n',
      lines: [8],
      messageIncludes: '`charges_card` checks nothing',
    },
    {
      name: 'unwraps the response, then prints it',
      path: T,
      code: '#[tokio::test]\nasync fn refunds_order() {\n    let res = client().post("/orders/1/refund").send().await.unwrap();\n    println!("{}", res.status());\n}\n',
      lines: [2],
      messageIncludes: '`refunds_order` only prints',
    },
    {
      name: 'assert!(true) and a dropped matches!',
      path: T,
      code: '#[test]\nfn maps_not_found() {\n    let e = map_error(sqlx::Error::RowNotFound);\n    matches!(e, ApiError::NotFound);\n    assert!(true);\n}\n',
      lines: [2],
      messageIncludes: '`maps_not_found` checks nothing',
    },
    {
      name: 'support-module setup is not a check',
      path: T,
      code: '#[tokio::test]\nasync fn lists_orders() {\n    let app = common::spawn_app().await;\n    let res = app.client.get("/orders").send().await;\n    dbg!(res);\n}\n',
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
      code: '#[test]\nfn every_sample_config_boots() {\n    for cfg in sample_configs() {\n        eprintln!("booting with {}", cfg.display());\n        let _guard = Daemon::start(&cfg);\n        wait_for_port(7700).unwrap();\n    }\n}\n',
    },
  ],
  invalid: [
    {
      name: 'a result unwrapped into a name and only printed',
      path: 'tests/configs.rs',
      code: '#[test]\nfn sample_config_boots() {\n    let status = boot(&sample_config()).unwrap();\n    eprintln!("{status:?}");\n}\n',
      lines: [2],
      messageId: 'printsOnly',
    },
  ],
});

