/**
 * Fns that sleep a fixed time when called: their body, on its own path (not in a loop, a closure or a
 * spawned task), calls a sleep of the catalogue for a fixed time (a literal or a const, not a delay it
 * was given), or awaits a crate fn that does. A test that calls
 * `db.wait_for_writes().await` waits on a guess exactly as if it slept itself.
 *
 * A call through a trait (dispatch.ts: `db: impl Store + TestHelpers`, `&dyn TestHelpers`) may reach
 * any impl of the method: when one of them sleeps, the test sleeps whenever it runs against that impl
 * (a suite run over several backends, where only one needs the wait).
 */
import { isSleepFunctionName, SLEEP_FUNCTIONS } from '../catalogue/executor.js';
import type { CrateIndex, FnRef } from './crate-index.js';
import { dispatchedImpls } from './dispatch.js';
import type { CallFact } from './facts.js';
import type { Evidence, Summaries } from './summaries.js';

const isSleep = (call: CallFact): string | undefined => {
  const path = call.resolved;
  return path !== undefined && isSleepFunctionName(path) && SLEEP_FUNCTIONS.includes(path) ? path : undefined;
};

export class SleepingFns {
  private readonly memo = new Map<string, Evidence | null>();

  constructor(
    private readonly index: CrateIndex,
    private readonly summaries: Summaries,
  ) {}

  /** Where `ref`'s body sleeps on its own path, directly or through the crate fns it awaits. */
  of(ref: FnRef): Evidence | undefined {
    const known = this.memo.get(ref.key);
    if (known !== undefined) return known ?? undefined;
    this.memo.set(ref.key, null); // recursion settles on "does not sleep"
    let found: Evidence | undefined;
    const { fn } = ref;
    for (let i = 0; i < fn.calls.length && !found; i++) {
      const call = fn.calls[i]!;
      // A wait inside a loop is polling (the fix, not the defect); a closure or a spawned task is not this path.
      if (call.repeats || call.iterates || call.spawned || call.closureOf !== undefined || call.context === 'offloaded') continue;
      const sleep = isSleep(call);
      // `sleep(delay)` of a value it was given (a fake's configured latency): not a fixed guess.
      if (sleep && /^[a-z_]/.test(call.argIdents?.[0] ?? '')) continue;
      if (sleep) found = { call: sleep, path: ref.file.path, line: call.line };
      else found = this.viaCall(ref, i)?.evidence;
    }
    this.memo.set(ref.key, found ?? null);
    return found;
  }

  /**
   * The crate fn a call of `ref` reaches that sleeps, with its evidence: a callee known by path or
   * receiver type, every candidate of a method known by name only, or one impl of a trait method
   * called through a parameter typed by the trait.
   */
  viaCall(ref: FnRef, callIndex: number): { ref: FnRef; evidence: Evidence } | undefined {
    const call = ref.fn.calls[callIndex]!;
    const known = this.summaries.knownCallees(ref, callIndex);
    if (known.length) {
      const found = known.map((t) => ({ ref: t, evidence: this.of(t) }));
      return found.every((f) => f.evidence) ? (found[0] as { ref: FnRef; evidence: Evidence }) : undefined;
    }
    for (const impl of dispatchedImpls(this.index, ref, call)) {
      const evidence = this.of(impl);
      if (evidence) return { ref: impl, evidence };
    }
    const named = this.summaries.callees(ref, callIndex).filter((t) => t.key !== ref.key);
    if (!named.length) return undefined;
    const found = named.map((t) => ({ ref: t, evidence: this.of(t) }));
    return found.every((f) => f.evidence) ? (found[0] as { ref: FnRef; evidence: Evidence }) : undefined;
  }
}
