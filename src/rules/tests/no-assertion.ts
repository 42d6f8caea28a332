import { isPrintMacro } from '../../catalogue/logging.js';
import type { Node } from '../../rust/parser.js';
import { macroName } from '../../rust/macros.js';
import { attributeText, calleeText, descendants, findDescendants, fnName, isNestedItem } from '../../rust/syntax.js';
import { callChecks, callPanicsOnFailure, macroChecks } from '../../model/checks.js';
import { failsOnlyByPanicking } from '../../model/smoke.js';
import { namesSetupHelper } from '../../catalogue/naming.js';
import { defineRule } from '../define-rule.js';
import { attributeNamed, isTestFn, testAttributes } from '../../model/test-attributes.js';
import { assertingHelpers, scanAssertions } from '../../model/test-assertions.js';

/**
 * Modules whose helpers may well assert for the test: stay silent on a call into one only when the
 * model cannot see the helper (a support crate or module the review did not read). A helper it reads
 * (`mod common;` -> `tests/common/mod.rs`, crate-layout.ts) checks or not by its body (checks.ts).
 */
const SUPPORT_MODULE = /(^|::)(common|support|test_support|test_utils|testutils|test_helpers|helpers?|harness|fixtures|testing|scenarios?)(::|$)/;


/** The call is a statement of its own (`helper(x);`, `helper(x).await;`): its value is not used. */
function isDiscarded(call: Node): boolean {
  let cur = call;
  while (cur.parent && (cur.parent.type === 'await_expression' || cur.parent.type === 'try_expression')) cur = cur.parent;
  if (cur.parent?.type === 'expression_statement') return true;
  return cur.parent?.type === 'block' && cur.parent.lastNamedChild?.id === cur.id;
}

/** The call's value is thrown away: a statement of its own, or bound to `_` / an `_unused` name. */
function isDropped(call: Node): boolean {
  if (isDiscarded(call)) return true;
  let cur = call;
  while (cur.parent && (cur.parent.type === 'await_expression' || cur.parent.type === 'try_expression')) cur = cur.parent;
  const p = cur.parent;
  return p?.type === 'let_declaration' && p.childForFieldName('value')?.id === cur.id && /^_\w*$/.test(p.childForFieldName('pattern')?.text ?? '');
}

/** The test hands its body to something that checks (trybuild, a support-module helper the model cannot see). */
function delegatesChecking(body: Node, ctxResolve: (written: string) => string, seen: (call: Node) => boolean): boolean {
  if (/\btrybuild\b/.test(body.text)) return true;
  for (const d of descendants(body, isNestedItem)) {
    if (d.type !== 'call_expression') continue;
    const callee = calleeText(d);
    if (!callee.includes('::') && !/^[a-z_][a-z0-9_]*$/.test(callee)) continue;
    const path = ctxResolve(callee).split('::');
    const name = path.pop() ?? '';
    if (namesSetupHelper(name) || !SUPPORT_MODULE.test(path.join('::')) || seen(d)) continue;
    // A support helper whose result the test drops is there to check something (`common::run_case("x").await;`).
    if (isDiscarded(d)) return true;
  }
  return false;
}

/**
 * The test declares a fn that does nothing but bound its generic parameters (`fn is_send<T: Send>(_: T) {}`)
 * and calls it: the compiler checks the bound, the call is the test.
 */
function callsTypeCheck(body: Node): boolean {
  const checks = new Set<string>();
  for (const d of descendants(body)) {
    if (d.type !== 'function_item') continue;
    const bounded = /:/.test(d.childForFieldName('type_parameters')?.text ?? '') || d.namedChildren.some((c) => c.type === 'where_clause');
    const fnBody = d.childForFieldName('body');
    if (bounded && fnBody && fnBody.namedChildren.every((c) => c.type === 'line_comment' || c.type === 'block_comment')) checks.add(fnName(d));
  }
  if (!checks.size) return false;
  return [...descendants(body, isNestedItem)].some((d) => d.type === 'call_expression' && checks.has(calleeText(d).replace(/::<.*$/, '')));
}

/** `assert!(true)`, or a `matches!(..);` whose result is dropped: looks like a check, checks nothing. */
function cannotFail(check: Node): boolean {
  if (check.type !== 'macro_invocation') return false;
  const name = macroName(check).split('::').pop() ?? '';
  const args = check.namedChildren.find((c) => c.type === 'token_tree')?.text.replace(/\s+/g, '') ?? '';
  if (name === 'matches') return check.parent?.type === 'expression_statement';
  return /^(debug_)?assert$/.test(name) && args === '(true)';
}

function printsSomething(body: Node): boolean {
  return findDescendants(body, 'macro_invocation', isNestedItem).some((d) => {
    const name = macroName(d).split('::').pop() ?? '';
    return isPrintMacro(name) || name === 'dbg';
  });
}

export default defineRule({
  id: 'tests/no-assertion',
  role: 'tests',
  category: 'suspicious',
  // Only fns with a test attribute are checked: its path, or the `use` it resolves through, says `test`.
  requires: /test/,
  docs: {
    summary: 'A test function that checks nothing: no assertion, no asserting helper, no `unwrap`/`?`, no `#[should_panic]`.',
    why: 'A test without a check passes whatever the code does (even when the endpoint returns a 500), so it gives the team false confidence and never catches the regression it was written for.',
    bad: `#[tokio::test]
async fn create_order_applies_discount() {
    let (status, body) = send(order_request("SPRING10")).await;
    println!("status={status} body={body}");
}
`,
    good: `#[tokio::test]
async fn create_order_applies_discount() {
    let (status, body) = send(order_request("SPRING10")).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["total_cents"], 3598);
}
`,
    path: 'tests/orders_api.rs',
    anchor: 'The Rust Book 11.1 "How to Write Tests"; SonarQube S2699 "Tests should include assertions"',
  },
  messages: {
    none: 'test `{{name}}` checks nothing: it has no assertion, so it passes whatever the code under test returns',
    printsOnly: 'test `{{name}}` only prints its results and asserts nothing about them, so it passes whatever the code under test returns',
  },
  help: 'Assert on the outcome (`assert_eq!` on the status and the body, `assert!(matches!(..))` on the error variant), or mark an expected panic with `#[should_panic(expected = "..")]`.',
  create(ctx) {
    let helpers: Set<string> | undefined;
    return {
      function_item(fn) {
        if (!isTestFn(fn, ctx.imports)) return;
        const body = fn.childForFieldName('body');
        if (!body) return;
        if (attributeNamed(fn, 'should_panic')) return;
        // `#[test_case(2 => 4)]` asserts the returned value itself.
        if (testAttributes(fn, ctx.imports).some((a) => /=>/.test(attributeText(a)))) return;
        helpers ??= assertingHelpers(ctx.root, ctx.imports);
        const scan = scanAssertions(body, helpers);
        if (scan.checks.some((c) => !cannotFail(c))) return;
        // A call of a crate helper that checks (a response's `.good()` asserting a 2xx), wherever it lives.
        if ([...descendants(body, isNestedItem)].some((d) => d.type === 'call_expression' && callChecks(ctx.model, d))) return;
        // A project macro whose expansion checks (`test_roundtrip!(..)` over `assert_eq!`), wherever it is defined.
        if (findDescendants(body, 'macro_invocation', isNestedItem).some((m) => macroChecks(ctx.model, macroName(m).split('::').pop() ?? ''))) return;
        // `fn require_send_sync<T: Send + Sync>(_: T) {}` called on a value: the bound is the assertion (a compile-time check).
        if (callsTypeCheck(body)) return;
        if (delegatesChecking(body, (w) => ctx.imports.resolve(w), (call) => ctx.model.callees(call).length > 0)) return;
        // Printing the result is the tell of a test that meant to check it: its unwraps do not count then,
        // save one whose value the test throws away (`wait_until_ready(addr).unwrap();`): that call
        // succeeding is what it checks, whatever it prints about its progress.
        const prints = printsSomething(body);
        if (!prints && scan.implicit.length) return;
        if (scan.implicit.some((c) => c.type === 'call_expression' && isDiscarded(c))) return;
        // A smoke test: it calls crate fns that unwrap what they do, or code under test that can fail only by
        // panicking (no `Result` to drop unseen), and drops what they return (`let _client = build_client();`,
        // `let _ = parse(&pathological);`), so "it does not panic" is the check. A result kept in a name was meant to be checked.
        if (!prints && [...descendants(body, isNestedItem)].some((d) => d.type === 'call_expression' && isDropped(d) && (callPanicsOnFailure(ctx.model, d) || failsOnlyByPanicking(ctx.model, d)))) return;
        const name = fn.childForFieldName('name') ?? fn;
        ctx.report({ node: name, messageId: prints ? 'printsOnly' : 'none', data: { name: fnName(fn) } });
      },
    };
  },
});
