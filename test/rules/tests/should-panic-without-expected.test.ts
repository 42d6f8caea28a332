import rule from '../../../src/rules/tests/should-panic-without-expected.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'expected message', code: `#[test]
#[should_panic(expected = "cart is empty")]
fn rejects_empty() {
    Cart::default().checkout();
}
` },
    { name: 'short form with a message', code: `#[test]
#[should_panic = "cart is empty"]
fn rejects_empty() {
    Cart::default().checkout();
}
` },
    { name: 'expected across lines', code: `#[test]
#[should_panic(
    expected = "index out of bounds"
)]
fn out_of_range() {
    Page::new(3).item(9);
}
` },
    {
      name: 'a test compiled out of test builds never runs',
      code: `#[test]
#[should_panic]
#[cfg(all(not(test), feature = "legacy"))]
fn legacy_overflow() {
    Counter::max().incr();
}
`,
    },
    { name: 'no should_panic at all', code: `#[test]
fn rejects_empty() {
    assert!(Cart::default().checkout().is_err());
}
` },
  ],
  invalid: [
    {
      name: 'a cfg that keeps the test in test builds',
      code: `#[test]
#[cfg(any(test, feature = "slow"))]
#[should_panic]
fn overflow_panics() {
    Counter::max().incr();
}
`,
      lines: [3],
    },
    { name: 'bare should_panic', code: `#[test]
#[should_panic]
fn rejects_empty_cart() {
    Cart::default().checkout();
}
`, lines: [2], messageIncludes: '`rejects_empty_cart`' },
    {
      name: 'in a test module, tokio test',
      path: 'src/services/ledger.rs',
      code: `#[cfg(test)]
mod tests {
    #[tokio::test]
    #[should_panic]
    async fn overdraft_panics() {
        Ledger::new(0).debit(10).await;
    }
}
`,
      lines: [4],
      messageIncludes: '`overdraft_panics`',
    },
  ],
});
