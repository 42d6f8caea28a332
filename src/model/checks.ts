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
