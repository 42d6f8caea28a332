/**
 * Who may call a fn, found by name before anything is resolved (issue 17). A call resolves only to
 * fns named as its callee's last segment or its method (`db::load(..)`, `x.load(..)`: a `load`), or
 * as the item a `use .. as` renames (`use crate::db::load as fetch; fetch(..)`). So the calls that
 * can reach a fn are those spelling one of its names, and resolving them alone answers "who calls
 * it" as resolving every call of the crate does. Paths handed as arguments (`.map(parse_row)`,
 * `get(list)`, `to_sync!(migrate)`) are found the same way.
 */
import type { CrateIndex, FnRef } from './crate-index.js';
import type { CallFact } from './facts.js';

export interface CallSite {
  caller: FnRef;
  index: number;
}

const lastSegment = (path: string): string => path.slice(path.lastIndexOf(':') + 1);

/** The name a call spells for its callee: its method, or its path's last segment. */
export const spelledName = (call: CallFact): string | undefined => call.method ?? (call.written !== undefined ? lastSegment(call.written) : undefined);

export class CallSitesByName {
  /** Per name, the calls spelling it, in the index's order of their fns, then call order. */
  private readonly calls = new Map<string, CallSite[]>();
  /** Per name, the fns handing a path ending in it to a call or macro, in the index's order. */
  private readonly handing = new Map<string, FnRef[]>();
  /** Per name, the names `use .. as` gives the items of that name. */
  private readonly renames = new Map<string, Set<string>>();

  constructor(index: CrateIndex) {
    for (const ref of index.fns) {
      const { fn } = ref;
      const handed = new Set<string>();
      fn.calls.forEach((call, i) => {
        const name = spelledName(call);
        if (name !== undefined) push(this.calls, name, { caller: ref, index: i });
        for (const p of call.argPaths ?? []) handed.add(lastSegment(p));
      });
      for (const m of fn.macros) for (const p of m.argPaths ?? []) handed.add(lastSegment(p));
      for (const name of handed) push(this.handing, name, ref);
    }
    for (const file of index.files.values()) {
      for (const u of file.uses) {
        if (u.glob) continue;
        const target = lastSegment(u.target);
        if (target !== u.local) (this.renames.get(target) ?? this.renames.set(target, new Set()).get(target)!).add(u.local);
      }
    }
  }

  /** A fn's name and every name renames give it, transitively. */
  namesOf(name: string): string[] {
    const out = [name];
    for (let k = 0; k < out.length; k++) for (const alias of this.renames.get(out[k]!) ?? []) if (!out.includes(alias)) out.push(alias);
    return out;
  }

  /** The calls that may reach a fn of this name, in the index's order (fn, then call). */
  callsNaming(name: string, position: (ref: FnRef) => number): CallSite[] {
    const names = this.namesOf(name);
    if (names.length === 1) return this.calls.get(name) ?? [];
    const out = names.flatMap((n) => this.calls.get(n) ?? []);
    return out.sort((a, b) => position(a.caller) - position(b.caller) || a.index - b.index);
  }

  /** The fns that may hand a fn of this name over by path, in the index's order. */
  handingOver(name: string, position: (ref: FnRef) => number): FnRef[] {
    const names = this.namesOf(name);
    if (names.length === 1) return this.handing.get(name) ?? [];
    return [...new Set(names.flatMap((n) => this.handing.get(n) ?? []))].sort((a, b) => position(a) - position(b));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
