import rule from '../../../src/rules/tests/should-panic-without-expected.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'expected message', code: '#[test]\n#[should_panic(expected = "cart is empty")]\nfn rejects_empty() {\n    Cart::default().checkout();\n}\n' },
    { name: 'short form with a message', code: '#[test]\n#[should_panic = "cart is empty"]\nfn rejects_empty() {\n    Cart::default().checkout();\n}\n' },
    { name: 'expected across lines', code: '#[test]\n#[should_panic(\n    expected = "index out of bounds"\n)]\nfn out_of_range() {\n    Page::new(3).item(9);\n}\n' },
    {
      name: 'a test compiled out of test builds never runs',
      code: '#[test]\n#[should_panic]\n#[cfg(all(not(test), feature = "legacy"))]\nfn legacy_overflow() {\n    Counter::max().incr();\n}\n',
    },
    { name: 'no should_panic at all', code: '#[test]\nfn rejects_empty() {\n    assert!(Cart::default().checkout().is_err());\n}\n' },
  ],
  invalid: [
    {
      name: 'a cfg that keeps the test in test builds',
      code: '#[test]\n#[cfg(any(test, feature = "slow"))]\n#[should_panic]\nfn overflow_panics() {\n    Counter::max().incr();\n}\n',
      lines: [3],
    },
    { name: 'bare should_panic', code: '#[test]\n#[should_panic]\nfn rejects_empty_cart() {\n    Cart::default().checkout();\n}\n', lines: [2], messageIncludes: '`rejects_empty_cart`' },
    {
      name: 'in a test module, tokio test',
      path: 'src/services/ledger.rs',
      code: '#[cfg(test)]\nmod tests {\n    #[tokio::test]\n    #[should_panic]\n    async fn overdraft_panics() {\n        Ledger::new(0).debit(10).await;\n    }\n}\n',
      lines: [4],
      messageIncludes: '`overdraft_panics`',
    },
  ],
});
