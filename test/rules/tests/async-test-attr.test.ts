import rule from '../../../src/rules/tests/async-test-attr.js';
import { runFileRule, testFileRule } from '../../helpers/rule-tester.js';
import { expect, it } from 'vitest';

const M = 'src/services/pricing.rs';

testFileRule(rule, {
  valid: [
    { name: 'tokio::test multi_thread', path: M, code: '#[cfg(test)]\nmod tests {\n    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]\n    async fn concurrent_quotes() {\n        assert!(quote_all().await.is_ok());\n    }\n}\n' },
    { name: 'sqlx::test on async fn', path: M, code: '#[sqlx::test(fixtures("subscriptions"))]\nasync fn reads_subscription(pool: PgPool) {\n    assert_eq!(price_for_org(&pool, ORG).await.unwrap().seats, 120);\n}\n' },
    { name: 'sqlx::test on a sync fn is allowed', path: M, code: '#[sqlx::test]\nfn migrations_apply(pool: PgPool) {\n    drop(pool);\n}\n' },
    { name: 'plain test on sync fn', path: M, code: '#[test]\nfn ten_percent() {\n    assert_eq!(volume_discount_pct(50), 10);\n}\n' },
    { name: '#[test] imported from tokio', path: M, code: 'use tokio::test;\n\n#[test]\nasync fn quotes() {\n    assert!(quote().await.is_ok());\n}\n' },
    { name: 'rstest with tokio::test', path: M, code: '#[rstest]\n#[case(49, 0)]\n#[tokio::test]\nasync fn discount(#[case] seats: u32, #[case] want: i64) {\n    assert_eq!(discount_for(seats).await, want);\n}\n' },
    { name: 'test_log::test accepts both', path: M, code: '#[test_log::test(tokio::test)]\nasync fn logs() {\n    assert!(run().await.is_ok());\n}\n' },
    { name: 'async helper without attribute', path: M, code: '#[cfg(test)]\nmod tests {\n    async fn pool() -> PgPool {\n        PgPool::connect_lazy("postgres://").unwrap()\n    }\n}\n' },
    { name: 'actix_web::test', path: 'src/handlers/users.rs', code: '#[actix_web::test]\nasync fn index_ok() {\n    let app = test::init_service(App::new().service(index)).await;\n    let resp = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;\n    assert!(resp.status().is_success());\n}\n' },
  ],
  invalid: [
    {
      name: '#[test] on async fn',
      path: M,
      code: '#[cfg(test)]\nmod tests {\n    #[test]\n    async fn price_for_org_reads_subscription() {\n        let breakdown = price_for_org(&pool(), ORG).await.unwrap();\n        assert_eq!(breakdown.seats, 120);\n    }\n}\n',
      lines: [3],
      messageIncludes: '`async fn price_for_org_reads_subscription`',
      severity: 'error',
    },
    {
      name: 'tokio::test on sync fn',
      path: M,
      code: '#[tokio::test]\nfn quotes_in_eur() {\n    assert_eq!(quote(Currency::Eur).unwrap().currency, "EUR");\n}\n',
      lines: [1],
      messageIncludes: '`fn quotes_in_eur`',
    },
    {
      name: 'test_case on async fn without runtime',
      path: M,
      code: '#[test_case(49, 0)]\n#[test_case(50, 10)]\nasync fn discount(seats: u32, want: i64) {\n    assert_eq!(discount_for(seats).await, want);\n}\n',
      lines: [1],
      messageIncludes: '`async fn discount`',
    },
  ],
});

it('suggests #[tokio::test] when the file already uses tokio', async () => {
  const out = await runFileRule(rule, {
    path: M,
    code: 'use tokio::sync::mpsc;\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    async fn drains() {\n        let (tx, mut rx) = mpsc::channel(1);\n        tx.send(1).await.unwrap();\n        assert_eq!(rx.recv().await, Some(1));\n    }\n}\n',
  });
  expect(out.findings.map((f) => [f.line, f.suggestion])).toEqual([[5, '    #[tokio::test]']]);
});
