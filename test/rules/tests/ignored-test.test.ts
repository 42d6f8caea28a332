import rule from '../../../src/rules/tests/ignored-test.js';
import { rs, testChangeRule } from './change-rule-cases.js';

const W = 'tests/webhooks.rs';
const dup = (...attrs: string[]) =>
  rs(
    '#[sqlx::test(fixtures("invoices"))]',
    ...attrs,
    'async fn duplicate_event_is_processed_once(pool: PgPool) {',
    '    handle_event(&pool, EVENT).await.unwrap();',
    '    handle_event(&pool, EVENT).await.unwrap();',
    '    assert_eq!(payments(&pool).await, 1);',
    '}',
  );
const PAID = rs('#[sqlx::test(fixtures("invoices"))]', 'async fn invoice_paid_marks_invoice_paid(pool: PgPool) {', '    handle_event(&pool, PAID).await.unwrap();', '    assert_eq!(status(&pool).await, "paid");', '}', '');

testChangeRule(rule, {
  valid: [
    { name: 'new test ignored with a reason', fx: { files: { [W]: { base: PAID, head: PAID + dup('#[ignore = "needs the payments sandbox; run with --ignored"]') } } } },
    { name: 'already ignored in the base', fx: { files: { [W]: { base: PAID + dup('#[ignore]'), head: PAID.replace('"paid"', '"settled"') + dup('#[ignore]') } } } },
    { name: 'reason added to an old ignore', fx: { files: { [W]: { base: PAID + dup('#[ignore]'), head: PAID + dup('#[ignore = "flaky on CI, see #412"]') } } } },
    {
      name: 'reasoned ignore moving a slow test to a CI job that runs --ignored',
      fx: {
        files: { [W]: { base: PAID + dup(), head: PAID + dup('#[ignore = "slow: runs in the nightly job"]') } },
        unchanged: { '.github/workflows/nightly.yml': `jobs:
  slow:
    steps:
      - run: cargo test -- --ignored
` },
      },
    },
    { name: 'a #[ignore] on a non-test item is not ours', fx: { files: { 'src/lib.rs': { head: rs('#[ignore]', 'fn helper() {}') } } } },
  ],
  invalid: [
    {
      name: 'existing test switched off with a bare #[ignore]',
      fx: { files: { [W]: { base: PAID + dup(), head: PAID + dup('#[ignore]') } } },
      at: [`${W}:8`],
      messageIncludes: 'existing test `duplicate_event_is_processed_once` is switched off with `#[ignore]` in this PR with no reason',
      severity: 'warning',
    },
    {
      name: 'existing test ignored through cfg_attr, even with a reason',
      fx: { files: { [W]: { base: PAID + dup(), head: PAID + dup('#[cfg_attr(not(feature = "sandbox"), ignore = "needs the sandbox")]') } } },
      at: [`${W}:8`],
      messageIncludes: 'switched off with `#[ignore]` in this PR, so',
    },
    {
      name: 'new test ignored without a reason',
      fx: { files: { 'src/services/ledger.rs': { base: 'pub fn apply() {}\n', head: rs('pub fn apply() {}', '', '#[cfg(test)]', 'mod tests {', '    #[test]', '    #[ignore]', '    fn replays_journal() {', '        assert_eq!(super::replay(JOURNAL).len(), 3);', '    }', '}') } } },
      at: ['src/services/ledger.rs:6'],
      messageIncludes: '`replays_journal` is `#[ignore]`d without a reason',
      severity: 'info',
    },
  ],
});
