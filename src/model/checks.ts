/**
 * Which fns of the crate check something when called: their body runs an assertion macro
 * (catalogue/checks.ts), or calls a fn that does (a response's `.good()` that asserts a 2xx, a
 * `fn assert_json(..)` helper, a helper calling one of those). A test calling one checks something,
 * wherever the helper lives (a support module, a util file of the crate). Computed once per model
 * over the call graph; a call counts when every crate fn it may call checks.
 */
import { isAssertingCall, isAssertingMacro } from '../catalogue/checks.js';
import type { Node } from '../rust/parser.js';
import type { FnRef } from './crate-index.js';
import type { CrateModel, FileModel } from './index.js';

const cache = new WeakMap<CrateModel, Set<string>>();

/** Keys of the crate's fns that check something (directly or through other such fns). */
export function checkingFns(model: CrateModel): ReadonlySet<string> {
  let out = cache.get(model);
  if (out) return out;
  out = new Set();
  // Every fn, test code included (`FnFact.test`): helpers of tests live in test code.
  const candidates = model.index.fns;
  for (const r of candidates) if (r.fn.macros.some((m) => isAssertingMacro(m.name.split('::').pop() ?? '')) || r.fn.calls.some((c) => isAssertingCall(c.method ?? c.written?.split('::').pop() ?? ''))) out.add(r.key);
  // Helper -> helper -> assertion: a few rounds reach the depth test helpers have.
  for (let round = 0; round < 4; round++) {
    let grew = false;
    for (const r of candidates) {
      if (out.has(r.key)) continue;
      if (r.fn.calls.some((_, i) => calleesCheck(model, r, i, out!))) {
        out.add(r.key);
        grew = true;
      }
    }
    if (!grew) break;
  }
  cache.set(model, out);
  return out;
}

function calleesCheck(model: CrateModel, ref: FnRef, index: number, checking: ReadonlySet<string>): boolean {
  const targets = model.summaries.callees(ref, index);
  return targets.length > 0 && targets.every((t) => checking.has(t.key));
}

/** The call (in the file the rule analyses) goes to crate fns that all check something. */
export function callChecks(file: FileModel, call: Node): boolean {
  const targets = file.callees(call);
  if (!targets.length) return false;
  const checking = checkingFns(file.model);
  return targets.every((t) => checking.has(t.key));
}

const macroCache = new WeakMap<CrateModel, Set<string>>();

/**
 * `crate|name` of the crate's `macro_rules!` macros that check something: their expansion runs an
 * assertion macro, calls a fn named as a check, another such macro, or a crate fn that checks
 * (every fn of that name). A project's `test_roundtrip!(..)` whose body runs `assert_eq!` is a check.
 */
export function checkingMacros(model: CrateModel): ReadonlySet<string> {
  let out = macroCache.get(model);
  if (out) return out;
  out = new Set();
  const fns = checkingFns(model);
  const defs = [...model.index.allMacroRules()];
  const callChecks = (crate: string, name: string) => isAssertingCall(name) || (model.index.fnsNamed(crate, name).length > 0 && model.index.fnsNamed(crate, name).every((f) => fns.has(f.key)));
  for (let round = 0; round < 4; round++) {
    let grew = false;
    for (const { crate, macro } of defs) {
      const key = `${crate}|${macro.name}`;
      if (out.has(key)) continue;
      if ((macro.macros ?? []).some((m) => isAssertingMacro(m) || out!.has(`${crate}|${m}`)) || macro.calls.some((c) => callChecks(crate, c))) {
        out.add(key);
        grew = true;
      }
    }
    if (!grew) break;
  }
  macroCache.set(model, out);
  return out;
}

/** The macro invoked (by its last path segment) is one of the crate's `macro_rules!` and every definition of that name checks something. */
export function macroChecks(file: FileModel, name: string): boolean {
  let defs = file.index.macroRules(file.crate, name).map((d) => ({ crate: file.crate, macro: d.macro }));
  // An integration test (`tests/x.rs`) is a crate of its own whose `mod common;` files the index keys by
  // path: its macros are those of the files beside it.
  if (!defs.length && !file.crate.endsWith('src/')) {
    const dir = file.path.slice(0, file.path.lastIndexOf('/') + 1);
    defs = [...file.index.allMacroRules()].filter((d) => d.macro.name === name && !d.crate.endsWith('src/') && d.crate.startsWith(dir));
  }
  const checking = checkingMacros(file.model);
  return defs.length > 0 && defs.every(({ crate, macro }) => checking.has(`${crate}|${macro.name}`));
}

/**
 * The call (in the file the rule analyses) goes to crate fns that all panic when what they do fails
 * (their body unwraps or expects): a test that only calls one checks that it does not panic, as a
 * test that unwraps the result itself does (`let _client = build_client();`).
 */
export function callPanicsOnFailure(file: FileModel, call: Node): boolean {
  const targets = file.callees(call);
  return targets.length > 0 && targets.every((t) => t.fn.calls.some((c) => c.method === 'unwrap' || c.method === 'expect'));
}
