/**
 * Parameters every caller fills with a constant. `run(pool, MIGRATIONS)` is the only call of `run`
 * outside tests, or `run_with_pool(pool, migrations)` is only called from a fn whose own
 * `migrations` is always such a constant: a loop over that parameter walks a list fixed when the
 * program was compiled, and text built from it holds nothing a user chose (provenance.ts asks).
 *
 * Only when the model sees every call: a fn that code outside the model may call
 * (contexts.ts `callableFromOutside`), one handed over by name (`.map(apply)`, a fn pointer, a
 * macro argument), or one that nothing outside tests calls, is not known.
 */
import type { CrateIndex, FnRef } from './crate-index.js';
import type { ExecutionContexts } from './context.js';
import { CONSTANT_NAME } from './constant-values.js';

/** How far a parameter is followed up through callers that pass their own parameter on. */
const MAX_DEPTH = 4;

export class ConstantArguments {
  /** Last segments of every path handed over as an argument (`.map(apply)`, `vec![a, jobs::b]`). */
  private handedOver?: Set<string>;
  private readonly memo = new Map<string, boolean>();

  constructor(
    private readonly index: CrateIndex,
    private readonly contexts: ExecutionContexts,
  ) {}

  /** Every call of `ref` the model holds, tests aside, passes a constant at parameter `position` (`self` not counted). */
  alwaysConstant(ref: FnRef, position: number, depth = 0): boolean {
    const key = `${ref.key}#${position}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    if (depth > MAX_DEPTH) return false;
    this.memo.set(key, false); // a cycle of calls settles on "not known"
    const result = this.compute(ref, position, depth);
    this.memo.set(key, result);
    return result;
  }

  private compute(ref: FnRef, position: number, depth: number): boolean {
    if (ref.fn.test || this.contexts.callableFromOutside(ref) || this.handed().has(ref.fn.name)) return false;
    const sites = this.contexts.callSites(ref).filter(({ caller }) => !caller.fn.test && this.contexts.of(caller) !== 'test');
    if (!sites.length) return false;
    return sites.every(({ caller, index }) => {
      const call = caller.fn.calls[index]!;
      // `Type::method(&obj, x)` passes the receiver as the first argument.
      const k = call.method === undefined && ref.fn.hasSelf ? position + 1 : position;
      if (call.argConstants?.[k]) return true;
      const name = call.argIdents?.[k];
      if (!name) return false;
      if (CONSTANT_NAME.test(name)) return true;
      // The caller's own parameter handed on as it is (not a closure's, not shadowed by a `let`).
      if (call.closureOf !== undefined || caller.fn.lets.some((l) => l.name === name)) return false;
      const param = caller.fn.params.find((p) => p.name === name);
      return !!param && this.alwaysConstant(caller, param.position, depth + 1);
    });
  }

  private handed(): Set<string> {
    if (this.handedOver) return this.handedOver;
    const names = new Set<string>();
    const add = (path: string) => names.add(path.split('::').pop()!);
    for (const { fn } of this.index.fns) {
      for (const c of fn.calls) c.argPaths?.forEach(add);
      for (const m of fn.macros) m.argPaths?.forEach(add);
    }
    return (this.handedOver = names);
  }
}
