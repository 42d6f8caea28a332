/**
 * What in one test body checks something: assertion macros, asserting calls, mock expectations
 * (`.expect(1)`), and the file's own helpers and `macro_rules!` that assert; and what only fails the
 * test by panicking (`.unwrap()`, `?`). File-local and per body; checks.ts answers the same question
 * across the crate for calls of helpers in other files. Macro and call names are the catalogue's.
 */
import type { Node } from '../rust/parser.js';
import { isAssertingCall, isAssertingMacro } from '../catalogue/checks.js';
import type { ImportMap } from '../rust/imports.js';
import { isNameLeaf, macroName, macroTokenTree, tokenLeaves } from '../rust/macros.js';
import { descendants, fnName, isNestedItem, methodName } from '../rust/syntax.js';
import { isTestFn } from './test-attributes.js';

export interface AssertionScan {
  /** Explicit checks: assertion macros, asserting helpers, mock expectations. */
  checks: Node[];
  /** `.unwrap()` / `.expect("..")` / `?`: the test fails if these fail, nothing more. */
  implicit: Node[];
}

/** wiremock's `.expect(1)` / `.expect(1..)`: a verified call count, not an unwrap. */
function isVerifiedCallCount(call: Node, method: string): boolean {
  const arg = call.childForFieldName('arguments')?.namedChildren[0];
  return method === 'expect' && !!arg && /^(integer_literal|range_expression)$/.test(arg.type);
}

/**
 * Scans a fn body (not nested items) for checks. `localAsserting` names same-file helper fns and
 * `macro_rules!` macros known to assert, so `roundtrip(x)` counts when `fn roundtrip` asserts.
 */
export function scanAssertions(body: Node, localAsserting: ReadonlySet<string> = new Set()): AssertionScan {
  const checks: Node[] = [];
  const implicit: Node[] = [];
  for (const d of descendants(body, isNestedItem)) {
    if (d.type === 'macro_invocation') {
      const name = macroName(d).split('::').pop() ?? '';
      if (isAssertingMacro(name) || localAsserting.has(`${name}!`)) checks.push(d);
      else if (macroBodyAsserts(d, localAsserting)) checks.push(d);
    } else if (d.type === 'call_expression') {
      const method = methodName(d);
      const name = method ?? lastSegment(d.childForFieldName('function'));
      if (!name) continue;
      if (method === 'expect' || method === 'unwrap') {
        if (isVerifiedCallCount(d, method)) checks.push(d);
        else implicit.push(d);
      } else if (isAssertingCall(name) || (!method && localAsserting.has(name))) checks.push(d);
    } else if (d.type === 'try_expression') implicit.push(d);
  }
  return { checks, implicit };
}

/** `tokio::join!(async { assert!(..) })`-style macros whose token tree holds an assertion macro call. */
function macroBodyAsserts(invocation: Node, localAsserting: ReadonlySet<string>): boolean {
  const tt = macroTokenTree(invocation);
  if (!tt) return false;
  const leaves = tokenLeaves(tt);
  return leaves.some((t, i) => {
    if (!isNameLeaf(t)) return false;
    const next = leaves[i + 1]?.text;
    if (next === '!') return isAssertingMacro(t.text) || localAsserting.has(`${t.text}!`);
    if (next === '(') return isAssertingCall(t.text) || localAsserting.has(t.text);
    return false;
  });
}

function lastSegment(fn: Node | null): string | null {
  if (!fn) return null;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'scoped_identifier') return fn.childForFieldName('name')?.text ?? null;
  if (fn.type === 'generic_function') return lastSegment(fn.childForFieldName('function'));
  return null;
}

/**
 * Names of the file's non-test fns and `macro_rules!` macros that assert (directly or through another
 * such helper), e.g. `fn assert_json(res: Response, want: Value)` or `fn roundtrip(v: &T)`.
 * Macros are keyed `name!`.
 */
export function assertingHelpers(root: Node, imports?: ImportMap): Set<string> {
  const helpers = new Set<string>();
  const fns: { name: string; checks: BodyChecks }[] = [];
  for (const d of descendants(root)) {
    if (d.type === 'function_item' && !isTestFn(d, imports)) {
      const body = d.childForFieldName('body');
      if (body) fns.push({ name: fnName(d), checks: bodyChecks(body) });
    } else if (d.type === 'macro_definition') {
      const name = d.childForFieldName('name')?.text;
      if (name && /\b(assert\w*|panic|ensure)\s*!/.test(d.text)) helpers.add(`${name}!`);
    }
  }
  // A helper that calls an asserting helper asserts too; two rounds cover helper -> helper -> assert.
  for (let round = 0; round < 3; round++) {
    let grew = false;
    for (const f of fns) {
      if (helpers.has(f.name)) continue;
      if (f.checks.always || f.checks.ifHelper.some((n) => helpers.has(n))) {
        helpers.add(f.name);
        grew = true;
      }
    }
    if (!grew) break;
  }
  return helpers;
}

/**
 * What `scanAssertions(body, helpers).checks.length > 0` depends on, computed once: `always` when a
 * check is there whatever `helpers` holds, else the names (`helper`, `macro!`) that would make one.
 */
interface BodyChecks {
  always: boolean;
  ifHelper: string[];
}

function bodyChecks(body: Node): BodyChecks {
  const ifHelper: string[] = [];
  for (const d of descendants(body, isNestedItem)) {
    if (d.type === 'macro_invocation') {
      const name = macroName(d).split('::').pop() ?? '';
      if (isAssertingMacro(name)) return { always: true, ifHelper };
      ifHelper.push(`${name}!`);
      const tt = macroTokenTree(d);
      if (!tt) continue;
      const leaves = tokenLeaves(tt);
      for (let i = 0; i < leaves.length; i++) {
        const t = leaves[i]!;
        if (!isNameLeaf(t)) continue;
        const next = leaves[i + 1]?.text;
        if (next === '!') {
          if (isAssertingMacro(t.text)) return { always: true, ifHelper };
          ifHelper.push(`${t.text}!`);
        } else if (next === '(') {
          if (isAssertingCall(t.text)) return { always: true, ifHelper };
          ifHelper.push(t.text);
        }
      }
    } else if (d.type === 'call_expression') {
      const method = methodName(d);
      const name = method ?? lastSegment(d.childForFieldName('function'));
      if (!name) continue;
      if (method === 'expect' || method === 'unwrap') {
        if (isVerifiedCallCount(d, method)) return { always: true, ifHelper };
      } else if (isAssertingCall(name)) return { always: true, ifHelper };
      else if (!method) ifHelper.push(name);
    }
  }
  return { always: false, ifHelper };
}
