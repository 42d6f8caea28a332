/**
 * Parameters that are SQL text: a crate fn whose string parameter reaches a raw-query sink is itself
 * one. `fn run_raw(&self, sql: String)` that hands `sql` to `sqlx::query(..)`, to `client.query(..)`,
 * or to another such fn of the crate (through a trait object: a database client behind `Arc<dyn
 * Client>`, one impl per backend) runs whatever its callers format into `sql`. Computed bottom-up over
 * the call graph until nothing changes, from the facts alone (arguments by position).
 *
 * Databases with an HTTP interface (ClickHouse, Databend, Druid) take the statement as the request
 * body: a parameter the fn names for SQL text (`sql`, `query`, `statement`) and sends as the body of a
 * request it sends is run by the server, as a driver's `execute(sql)` is.
 */
import { namesSqlText, sqlTextSink } from '../catalogue/database.js';
import type { CrateIndex, FnRef } from './crate-index.js';
import { dispatchedImpls } from './dispatch.js';
import type { CallFact, ParamFact } from './facts.js';
import type { Summaries } from './summaries.js';

/** Where a parameter's text ends up run: the sink as the message names it, and where it is. */
export interface SqlSink {
  sink: string;
  path: string;
  line: number;
}

/** A parameter that can hold SQL text: a string, borrowed, owned or generic over one. */
const STRING_TYPE = /^&?\s*('\w+\s+)?(mut\s+)?(String|str|Cow<\s*('\w+\s*,\s*)?str\s*>|impl\s+(AsRef<str>|Into<String>|ToString|Display|Into<Cow<.*str>>))$/;
export const isStringParam = (p: ParamFact): boolean => STRING_TYPE.test(p.type.trim());

export class SqlTextParams {
  /** Per fn key: its SQL text parameters by position. */
  private readonly params = new Map<string, Map<number, SqlSink>>();

  constructor(
    private readonly index: CrateIndex,
    private readonly summaries: Summaries,
  ) {
    const candidates = index.fns.filter((f) => !f.fn.test && f.fn.params.some(isStringParam));
    for (let changed = true, rounds = 0; changed && rounds < 20; rounds++) {
      changed = false;
      for (const ref of candidates) if (this.update(ref)) changed = true;
    }
  }

  /** The SQL text parameters of a fn, by position (`self` not counted). */
  of(ref: FnRef): ReadonlyMap<number, SqlSink> {
    return this.params.get(ref.key) ?? EMPTY;
  }

  /** Whether any crate fn takes SQL text (a cheap test before a rule looks at each call). */
  get any(): boolean {
    return this.params.size > 0;
  }

  /**
   * The arguments of a call of `ref` that are run as SQL text, by position, when the call reaches a
   * crate fn that takes SQL text there: a fn known by path or type, or one impl of a trait method
   * called through `impl Trait` / `dyn Trait`.
   */
  callArgs(ref: FnRef, callIndex: number): ReadonlyMap<number, SqlSink & { via: FnRef }> {
    const out = new Map<number, SqlSink & { via: FnRef }>();
    const call = ref.fn.calls[callIndex]!;
    const targets = [...this.summaries.knownCallees(ref, callIndex), ...dispatchedImpls(this.index, ref, call)];
    for (const t of targets) {
      if (t.key === ref.key) continue;
      for (const [position, sink] of this.of(t)) if (!out.has(position)) out.set(position, { ...sink, via: t });
    }
    return out;
  }

  private update(ref: FnRef): boolean {
    const { fn } = ref;
    let mine = this.params.get(ref.key);
    let grew = false;
    const sends = fn.calls.some((c) => c.outbound !== undefined || (c.method === 'send' && !c.argNames.length));
    for (const p of fn.params) {
      if (mine?.has(p.position) || !isStringParam(p)) continue;
      // A later `let` of the same name is another value.
      const shadowed = fn.lets.find((l) => l.name === p.name);
      for (let i = 0; i < fn.calls.length; i++) {
        const call = fn.calls[i]!;
        if (shadowed && shadowed.line <= call.line) continue;
        const at = (call.argIdents ?? []).flatMap((name, k) => (name === p.name ? [k] : []));
        if (!at.length) continue;
        const sink = this.sinkAt(ref, i, call, at, p, sends);
        if (sink) {
          if (!mine) this.params.set(ref.key, (mine = new Map()));
          mine.set(p.position, sink);
          grew = true;
          break;
        }
      }
    }
    return grew;
  }

  /** Where the argument positions `at` of a call are run as SQL text, if they are. */
  private sinkAt(ref: FnRef, i: number, call: CallFact, at: number[], p: ParamFact, sends: boolean): SqlSink | undefined {
    const here = (sink: string): SqlSink => ({ sink, path: ref.file.path, line: call.line });
    const direct = sqlTextSink(call.method, call.resolved);
    if (direct !== undefined && at.includes(direct.position)) return here(direct.label);
    if (call.method === 'body' && at.includes(0) && sends && namesSqlText(p.name)) return here('the body of an HTTP request to the database');
    const args = this.callArgs(ref, i);
    for (const k of at) {
      const found = args.get(k);
      if (found) return found;
    }
    return undefined;
  }
}

const EMPTY: ReadonlyMap<number, SqlSink> = new Map();
