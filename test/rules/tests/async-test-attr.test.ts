import rule from '../../../src/rules/tests/async-test-attr.js';
import { runFileRule, testFileRule } from '../../helpers/rule-tester.js';
import { expect, it } from 'vitest';

const M = 'src/services/pricing.rs';

testFileRule(rule, {
  valid: [
    { name: 'tokio::test multi_thread', path: M, code: `#[cfg(test)]
mod tests {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_quotes() {
        assert!(quote_all().await.is_ok());
    }
}
` },
    { name: 'sqlx::test on async fn', path: M, code: `#[sqlx::test(fixtures("subscriptions"))]
async fn reads_subscription(pool: PgPool) {
    assert_eq!(price_for_org(&pool, ORG).await.unwrap().seats, 120);
}
` },
    { name: 'sqlx::test on a sync fn is allowed', path: M, code: `#[sqlx::test]
fn migrations_apply(pool: PgPool) {
    drop(pool);
}
` },
    { name: 'plain test on sync fn', path: M, code: `#[test]
fn ten_percent() {
    assert_eq!(volume_discount_pct(50), 10);
}
` },
    { name: '#[test] imported from tokio', path: M, code: `use tokio::test;

#[test]
async fn quotes() {
    assert!(quote().await.is_ok());
}
` },
    { name: 'rstest with tokio::test', path: M, code: `#[rstest]
#[case(49, 0)]
#[tokio::test]
async fn discount(#[case] seats: u32, #[case] want: i64) {
    assert_eq!(discount_for(seats).await, want);
}
` },
    { name: 'test_log::test accepts both', path: M, code: `#[test_log::test(tokio::test)]
async fn logs() {
    assert!(run().await.is_ok());
}
` },
    { name: 'async helper without attribute', path: M, code: `#[cfg(test)]
mod tests {
    async fn pool() -> PgPool {
        PgPool::connect_lazy("postgres://").unwrap()
    }
}
` },
    { name: 'actix_web::test', path: 'src/handlers/users.rs', code: `#[actix_web::test]
async fn index_ok() {
    let app = test::init_service(App::new().service(index)).await;
    let resp = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
    assert!(resp.status().is_success());
}
` },
  ],
  invalid: [
    {
      name: '#[test] on async fn',
      path: M,
      code: `#[cfg(test)]
mod tests {
    #[test]
    async fn price_for_org_reads_subscription() {
        let breakdown = price_for_org(&pool(), ORG).await.unwrap();
        assert_eq!(breakdown.seats, 120);
    }
}
`,
      lines: [3],
      messageIncludes: '`async fn price_for_org_reads_subscription`',
      severity: 'error',
    },
    {
      name: 'tokio::test on sync fn',
      path: M,
      code: `#[tokio::test]
fn quotes_in_eur() {
    assert_eq!(quote(Currency::Eur).unwrap().currency, "EUR");
}
`,
      lines: [1],
      messageIncludes: '`fn quotes_in_eur`',
    },
    {
      name: 'test_case on async fn without runtime',
      path: M,
      code: `#[test_case(49, 0)]
#[test_case(50, 10)]
async fn discount(seats: u32, want: i64) {
    assert_eq!(discount_for(seats).await, want);
}
`,
      lines: [1],
      messageIncludes: '`async fn discount`',
    },
  ],
});

it('suggests #[tokio::test] when the file already uses tokio', async () => {
  const out = await runFileRule(rule, {
    path: M,
    code: `use tokio::sync::mpsc;

#[cfg(test)]
mod tests {
    #[test]
    async fn drains() {
        let (tx, mut rx) = mpsc::channel(1);
        tx.send(1).await.unwrap();
        assert_eq!(rx.recv().await, Some(1));
    }
}
`,
  });
  expect(out.findings.map((f) => [f.line, f.suggestion])).toEqual([[5, '    #[tokio::test]']]);
});
