import rule from '../../../src/rules/tests/test-removed.js';
import { rs, testChangeRule } from './change-rule-cases.js';

const P = 'src/services/pricing.rs';
const FN_OLD = rs('pub fn volume_discount_pct(seats: u32) -> i64 {', '    if seats >= 50 { 10 } else { 0 }', '}');
const FN_NEW = rs('pub fn volume_discount_pct(seats: u32) -> i64 {', '    match seats {', '        200.. => 20,', '        50.. => 15,', '        _ => 0,', '    }', '}');
const mod = (...tests: string[]) => rs('', '#[cfg(test)]', 'mod tests {', '    use super::*;', ...tests, '}');
const T_FIFTY = rs('', '    #[test]', '    fn ten_percent_from_fifty_seats() {', '        assert_eq!(volume_discount_pct(50), 10);', '        assert_eq!(volume_discount_pct(49), 0);', '    }');
const T_NONE = rs('', '    #[test]', '    fn nothing_below_fifty() {', '        assert_eq!(volume_discount_pct(1), 0);', '    }');

/** A fake-services package that only the app's tests depend on, and the app's test of a handler using it. */
const FAKES = 'fakes/src/lib.rs';
const FAKE_OLD = rs('pub struct FakeOrder;', '', 'impl FakeOrder {', '    pub fn create(db: &Db) -> Order {', '        db.insert(Order::default())', '    }', '}');
const FAKE_NEW = FAKE_OLD.replace('db.insert(Order::default())', 'db.insert(Order { paid: true, ..Order::default() })');
const WORKSPACE = {
  'Cargo.toml': `[workspace]
members = ["app", "fakes"]
`,
  'app/Cargo.toml': `[package]
name = "app"
[dev-dependencies]
fakes = { path = "../fakes" }
`,
  'fakes/Cargo.toml': `[package]
name = "fakes"
`,
};
const APP = 'app/src/orders.rs';
const APP_FN = rs('pub fn total(orders: &[Order]) -> i64 {', '    orders.iter().map(|o| o.amount).sum()', '}');
const T_TOTAL = rs('', '    #[test]', '    fn totals_a_fake_order() {', '        let db = Db::memory();', '        assert_eq!(total(&[FakeOrder::create(&db)]), 0);', '    }');

/** A handler test built on a constructor whose argument list the PR changes. */
const H = 'src/ldap/handler.rs';
const H_OLD = rs('pub struct Handler;', '', 'impl Handler {', '    pub fn new(backend: Backend) -> Self {', '        Handler::with(backend, None)', '    }', '}');
const H_NEW = rs('pub struct Handler;', '', 'impl Handler {', '    pub fn new(backend: Backend, info: Info) -> Self {', '        Handler::with(backend, Some(info))', '    }', '}');
const t_whoami = (setup: string) => rs('', '    #[test]', '    fn whoami_is_empty() {', `        let h = ${setup};`, '        assert_eq!(h.whoami(), "");', '    }');

/** An invoice renderer and its unit test, which a PR rewrites as a test of the command-line binary. */
const INV = 'src/invoice.rs';
const INV_OLD = rs('pub fn render_invoice(order: &Order) -> String {', '    format!("Total: {}\\n{}\\n", order.total, order.currency)', '}');
const INV_NEW = rs('pub fn render_invoice(order: &Order) -> String {', '    format!("Total: {} {}\\n", order.total, order.currency)', '}');
const T_INVOICE = rs('', '    #[test]', '    fn prints_the_total() {', '        let out = render_invoice(&Order::sample());', '        assert!(out.contains("Total: 10"));', '        assert!(out.ends_with("EUR\\n"));', '    }');
const cliTest = (name: string, checks: string[]) =>
  rs('#[test]', `fn ${name}() {`, '    let run = Command::new(env!("CARGO_BIN_EXE_app")).args(["invoice", "sample"]).output().unwrap();', '    let out = String::from_utf8(run.stdout).unwrap();', ...checks.map((c) => `    ${c}`), '}');

testChangeRule(rule, {
  valid: [
    {
      name: 'the deleted test called another module\'s fn of the same name, not the one that changes',
      fx: {
        files: {
          'src/orders.rs': {
            base: `pub fn apply_discount(total: i64) -> i64 {
    total - total / 10
}
`,
            head: `pub fn apply_discount(total: i64) -> i64 {
    total - total / 5
}
`,
          },
          'src/invoices.rs': {
            base: `pub fn apply_discount(total: i64) -> i64 {
    total - 100
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_a_hundred_off() {
        assert_eq!(apply_discount(1_000), 900);
    }
}
`,
            head: `pub fn apply_discount(total: i64) -> i64 {
    total - 100
}
`,
          },
        },
        unchanged: { 'src/lib.rs': 'pub mod invoices;\npub mod orders;\n' },
      },
    },
    {
      name: 'the changed fn is a fake in a test-support package: not the code under test',
      fx: {
        files: { [FAKES]: { base: FAKE_OLD, head: FAKE_NEW }, [APP]: { base: APP_FN + mod(T_TOTAL), head: APP_FN + mod() } },
        unchanged: WORKSPACE,
      },
    },
    {
      name: 'renamed and run through the binary instead, every check kept in the new test',
      fx: {
        files: { [INV]: { base: INV_OLD + mod(T_INVOICE), head: INV_NEW + mod() }, 'tests/cli.rs': { head: cliTest('invoice_total', ['assert!(out.contains("Total: 10"));', 'assert!(out.ends_with("EUR\\n"));']) } },
      },
    },
    {
      name: 'deleted with the feature: the PR also removes the fn the test was about',
      fx: {
        files: {
          [P]: {
            base: FN_OLD + rs('', 'pub fn legacy_quote(seats: u32) -> i64 {', '    i64::from(seats) * 100 - volume_discount_pct(seats)', '}') + mod(rs('', '    #[test]', '    fn legacy_quote_applies_discount() {', '        assert_eq!(legacy_quote(50), 4_990);', '        assert_eq!(volume_discount_pct(50), 10);', '    }')),
            head: FN_NEW + mod(),
          },
        },
      },
    },
    {
      name: 'an assertion removed with a comment saying why, where it was',
      fx: { files: { [P]: { base: FN_OLD + mod(T_FIFTY), head: FN_NEW + mod(T_FIFTY.replace('        assert_eq!(volume_discount_pct(50), 10);\n', '        // 50 seats is covered by `discount_tiers` now that the tiers moved.\n')) } } },
    },
    {
      name: 'a set-up call whose argument list changed is still made',
      fx: { files: { [H]: { base: H_OLD + mod(t_whoami('Handler::new(Backend::fake())')), head: H_NEW + mod(t_whoami('Handler::new(Backend::fake(), Info::default())')) } } },
    },
    { name: 'test deleted together with the fn it tested', fx: { files: { [P]: { base: FN_OLD + rs('', 'pub fn other() -> u8 {', '    1', '}') + mod(T_FIFTY), head: rs('pub fn other() -> u8 {', '    2', '}') } } } },
    {
      name: 'test moved to the integration tests',
      fx: { files: { [P]: { base: FN_OLD + mod(T_FIFTY, T_NONE), head: FN_NEW + mod(T_NONE) }, 'tests/pricing.rs': { head: rs('use app::pricing::*;', '', '#[test]', 'fn ten_percent_from_fifty_seats() {', '    assert_eq!(volume_discount_pct(50), 15);', '}') } } },
    },
    {
      name: 'tests folded into a table-driven test',
      fx: {
        files: {
          [P]: {
            base: FN_OLD + mod(T_FIFTY, T_NONE),
            head: FN_NEW + mod(rs('', '    #[rstest]', '    #[case(1, 0)]', '    #[case(50, 15)]', '    #[case(200, 20)]', '    fn discount(#[case] seats: u32, #[case] want: i64) {', '        assert_eq!(volume_discount_pct(seats), want);', '    }')),
          },
        },
      },
    },
    {
      name: 'a literal expectation rewritten as the equivalent named constant',
      fx: {
        files: {
          'src/billing/fees.rs': { base: rs('pub fn fee_cents(amount: i64) -> i64 {', '    amount * 3 / 100', '}'), head: rs('pub fn fee_cents(amount: i64) -> i64 {', '    (amount * 29 + 50) / 1000 + 30', '}') },
          'tests/fees.rs': {
            base: rs('use billing::fees::*;', '', '#[test]', 'fn minimum_fee() {', '    assert_eq!(fee_cents(0), 30);', '}'),
            head: rs('use billing::fees::*;', '', '#[test]', 'fn minimum_fee() {', '    assert_eq!(fee_cents(0), MINIMUM_FEE_CENTS);', '}'),
          },
        },
      },
    },
    { name: 'expectation updated to the new behaviour', fx: { files: { [P]: { base: FN_OLD + mod(T_FIFTY), head: FN_NEW + mod(T_FIFTY.replace('(50), 10)', '(50), 15)')) } } } },
    { name: 'a test removed while no production code changed', fx: { files: { [P]: { base: FN_OLD + mod(T_FIFTY, T_NONE), head: FN_OLD + mod(T_NONE) } } } },
    { name: 'prose that mentions an assertion', fx: { files: { [P]: { base: FN_OLD + mod(T_NONE), head: FN_OLD + mod(T_NONE.replace('        assert_eq!', '        // assert_eq! would need PartialEq on the error type\n        assert_eq!')) } } } },
  ],
  invalid: [
    {
      name: 'the same test deleted while the app fn it tested changes (not a fake)',
      fx: {
        files: { [FAKES]: { base: FAKE_OLD, head: FAKE_OLD }, [APP]: { base: APP_FN + mod(T_TOTAL), head: APP_FN.replace('o.amount', 'o.amount - o.refunded') + mod() } },
        unchanged: WORKSPACE,
      },
      at: [`${APP}:2`],
      messageIncludes: 'test `totals_a_fake_order` is deleted',
    },
    {
      name: 'renamed and run through the binary, but one of its checks is in no new test',
      fx: {
        files: { [INV]: { base: INV_OLD + mod(T_INVOICE), head: INV_NEW + mod() }, 'tests/cli.rs': { head: cliTest('invoice_total', ['assert!(out.contains("Total: 10"));']) } },
      },
      at: [`${INV}:2`],
      // The PR rewrote the test elsewhere: a note that names the new test, not a warning.
      messageIncludes: 'the PR adds tests of its own (`invoice_total`)',
      severity: 'info',
    },
    {
      name: 'test deleted while the fn it tested changes',
      fx: { files: { [P]: { base: FN_OLD + mod(T_FIFTY, T_NONE), head: FN_NEW + mod(T_NONE) } } },
      at: [`${P}:2`],
      messageIncludes: 'test `ten_percent_from_fifty_seats` is deleted in this PR (src/services/pricing.rs) while `volume_discount_pct`',
      severity: 'warning',
    },
    {
      name: 'one assertion dropped while the fn changes',
      fx: { files: { [P]: { base: FN_OLD + mod(T_FIFTY), head: FN_NEW + mod(T_FIFTY.replace('        assert_eq!(volume_discount_pct(50), 10);\n', '')) } } },
      at: [`${P}:2`],
      messageIncludes: 'no longer checks `assert_eq!(volume_discount_pct(50), 10)`',
    },
    {
      name: 'value assertion swapped for a shape check',
      fx: {
        files: {
          [P]: {
            base: rs('pub fn parse_seats(s: &str) -> Result<u32, Error> {', '    s.parse().map_err(Error::from)', '}') + mod(rs('', '    #[test]', '    fn parses() {', '        assert_eq!(parse_seats("12").unwrap(), 12);', '    }')),
            head: rs('pub fn parse_seats(s: &str) -> Result<u32, Error> {', '    s.trim().parse().map_err(Error::from)', '}') + mod(rs('', '    #[test]', '    fn parses() {', '        assert!(parse_seats(" 12").is_ok());', '    }')),
          },
        },
      },
      at: [`${P}:11`],
      messageIncludes: 'now only checks `assert!(parse_seats(" 12").is_ok())` instead of `assert_eq!',
    },
    {
      name: 'pinned values swapped for properties any answer satisfies (a bound and a sum identity)',
      fx: {
        files: {
          'src/billing/fees.rs': { base: rs('pub fn fee_cents(amount: i64) -> i64 {', '    amount * 3 / 100', '}')+rs('', 'pub fn split(amount: i64) -> (i64, i64) {', '    let fee = fee_cents(amount);', '    (amount - fee, fee)', '}'), head: rs('pub fn fee_cents(amount: i64) -> i64 {', '    (amount * 29 + 50) / 1000 + 30', '}')+rs('', 'pub fn split(amount: i64) -> (i64, i64) {', '    let fee = fee_cents(amount);', '    (amount - fee, fee)', '}') },
          'tests/fees.rs': {
            base: rs('use billing::fees::*;', '', '#[test]', 'fn fee_on_ten_euros() {', '    let amount = 1_000;', '    let fee = fee_cents(amount);', '    assert_eq!(fee, 30);', '    assert_eq!(amount - fee, 970);', '}'),
            head: rs('use billing::fees::*;', '', '#[test]', 'fn fee_on_ten_euros() {', '    let amount = 1_000;', '    let fee = fee_cents(amount);', '    assert!(fee > 0);', '    assert_eq!(amount, (amount - fee) + fee);', '}'),
          },
        },
        // The test names the library's path: it calls `fee_cents` of the crate `billing` (src/billing/fees.rs by the manifest's lib path).
        unchanged: { 'Cargo.toml': '[package]\nname = "billing"\nversion = "0.1.0"\n\n[lib]\npath = "src/billing/mod.rs"\n', 'src/billing/mod.rs': 'pub mod fees;\n' },
      },
      at: ['tests/fees.rs:7'],
      messageIncludes: 'now only checks `assert!(fee > 0)` instead of `assert_eq!(fee, 30)`',
    },
    {
      name: 'assertion commented out',
      fx: { files: { 'tests/orders.rs': { base: rs('#[test]', 'fn totals() {', '    let o = order();', '    assert_eq!(o.total(), 3598);', '}'), head: rs('#[test]', 'fn totals() {', '    let o = order();', '    // assert_eq!(o.total(), 3598);', '}') } } },
      at: ['tests/orders.rs:4'],
      messageIncludes: 'test `totals` has its assertion commented out (`// assert_eq!(o.total(), 3598);`)',
      severity: 'warning',
    },
    {
      name: 'an assertion commented out in a whole-tree review: no change did it, a note',
      fx: { files: { 'tests/orders.rs': { head: rs('#[test]', 'fn totals() {', '    let o = order();', '    // assert_eq!(o.total(), 3598);', '}') } }, wholeTree: true },
      at: ['tests/orders.rs:4'],
      messageIncludes: 'test `totals` has an assertion commented out',
      severity: 'info',
    },
  ],
});
