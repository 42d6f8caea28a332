/**
 * What checks something in Rust code: the std and test-crate macros that fail a test when a condition
 * does not hold (assert!, assert_eq!, debug_assert!, claims/googletest's assert_that!, panic!,
 * unreachable!, anyhow's ensure!/bail!, insta's snapshots, ...), and calls named as checks
 * (`assert_json(..)`, clap's `cmd.debug_assert()`, `expect_err()`).
 */

const ASSERTING_MACRO = /(^|_)(assert|ensure|bail|panic|unreachable|expect|check|verify|snapshot|matches|fail)/;
const ASSERTING_CALL = /(^|_)assert(_|$)|^(check|verify|ensure)(_|$)|^expect_|^(unwrap_err|expect_err|unwrap_none|expect_none|compile_fail)$/;

/** A macro (by its last path segment) that checks something. */
export function isAssertingMacro(name: string): boolean {
  return ASSERTING_MACRO.test(name);
}

/** A function or method (by its name) that checks something: the word `assert` anywhere, or a name starting with a check verb. */
export function isAssertingCall(name: string): boolean {
  return ASSERTING_CALL.test(name);
}

/** Assertions that compare against a value (std's, `assert_matches!`, proptest's): they pin what the code gives. */
export const VALUE_COMPARING_ASSERTIONS: readonly string[] = ['assert_eq', 'assert_ne', 'assert_matches', 'prop_assert_eq', 'prop_assert_ne'];
/** The equality assertions among them: with a literal on one side they pin that literal (`assert_eq!(total, 2_396)`). */
export const EQUALITY_ASSERTIONS: readonly string[] = ['assert_eq', 'assert_ne', 'prop_assert_eq'];
