/**
 * Function summaries, computed bottom-up over the crate's call graph until nothing changes (so
 * recursion and mutual recursion settle): what calling a fn does. A project wrapper is understood
 * through what its body does, never through its name: `DbConn::run(|conn| ..)` offloads its
 * closure because its body hands that closure to `block_in_place`; `hash_password(..)` blocks
 * because its body calls `bcrypt::hash`.
 */
import { blockingChain, blockingFunction, blockingMethod, cpuHeavyFunction, mayBeBlockingMethod, cpuHeavyMethod, HASHER_CRATES, HASHER_METHODS, type BlockingApi } from '../catalogue/blocking.js';
import { BLOCK_ON_METHOD, isBlockOnFunction, isOffloadingFunction, isOffloadingMethod, isSpawningFunction, isSpawningMethod, runtimeBlockingMethod } from '../catalogue/executor.js';
import { RESULT_WRAPPER_SEGMENTS } from '../catalogue/values.js';
import { isEmbeddedStoreCall } from '../catalogue/database.js';
import type { CrateIndex, FnRef } from './crate-index.js';
import type { CallFact, FileFacts, FnFact, LetFact, LocalContext } from './facts.js';
import { innerType, innerTypePath } from './types.js';
import { callValueType } from './call-types.js';
import { blanketImpls, isWorkspaceTrait, traitDispatchTargets } from './dispatch.js';

export { innerType } from './types.js';

/** A blocking call reached from a fn, with where it is written. */
export interface Evidence {
  /** How the message names the call (`std::fs::read`, `bcrypt::hash`). */
  call: string;
  path: string;
  line: number;
  /** Blocking: the API's kind and async replacement. */
  api?: BlockingApi;
  /** CPU-heavy: what it does. */
  what?: string;
  /** A query: its SQL text when the code spells it (null when built or unknown). */
  sql?: string | null;
}

export interface FnSummary {
  /** Hands a closure parameter to a blocking pool or thread (directly or through another wrapper). */
  offloadsClosure: boolean;
  /** Blocks the calling thread (a sync fn whose body, outside offloaded closures, makes a blocking call). */
  blocks?: Evidence;
  /** Does CPU-heavy work on the calling thread. */
  cpuHeavy?: Evidence;
  /** Its `Result` carries a database error: it propagates one from a query, an embedded store's call or a crate fn that does. */
  dbFallible?: Evidence;
  /** Its `Result` carries the error of an HTTP request to another service: it propagates one from a client's send or a crate fn that does. */
  outboundFallible?: Evidence;
  /** Runs a query: its own body only queries (`FnFact.queryHelper`), or a sync fn builds one or returns a helper's (`enqueue` over `insert_job`). */
  runsQuery?: Evidence;
  /** Starts a task or thread that runs on after the call returns: a spawn of the catalogue, directly or through a crate fn that does. */
  startsTask?: Evidence;
  /** Blocks on the async runtime (`block_on`, tokio's `blocking_*`): panics when reached from async code. */
  reentersRuntime?: Evidence;
  /** The body is only a string literal or a const: a constant (SQL) piece. */
  returnsLiteral?: string;
  /** Every value it returns is fixed at compile time (a literal or a const in each branch). */
  returnsConstant: boolean;
  test: boolean;
  /** A start-up entry point (`fn main`, `#[tokio::main]`). */
  entry: boolean;
}

/** The closure-typed parameters of a fn (`f: F` with `F: FnOnce(..)`, `f: impl Fn(..)`, `f: Box<dyn Fn(..)>`). */
export function closureParams(fn: FnFact): string[] {
  return fn.params.filter((p) => fn.closureGenerics.includes(p.type) || /\bFn(Mut|Once)?\(/.test(p.type)).map((p) => p.name);
}

/** Whether the call hands a closure off the executor by the catalogue (`spawn_blocking`, `interact`). */
export function catalogueOffloadsCall(call: CallFact): boolean {
  if (call.method !== undefined) return isOffloadingMethod(call.method);
  return call.resolved !== undefined && isOffloadingFunction(call.resolved);
}

const usesCrates = (file: FileFacts, crates: readonly string[]): boolean => file.uses.some((u) => crates.some((c) => u.target === c || u.target.startsWith(`${c}::`)));

/** The parts of a summary the rounds grow (each set once, never changed after). */
const GROWING = ['offloadsClosure', 'dbFallible', 'runsQuery', 'outboundFallible', 'startsTask', 'blocks', 'cpuHeavy', 'reentersRuntime'] as const;
type Growing = (typeof GROWING)[number];

/** A batch of fns being settled: its members, and the time (round x fns + position) of the update being run. */
interface Batch {
  members: Set<string>;
  now: number;
  /** Fns an update read that are neither settled nor members: the batch is run again with them. */
  missing: FnRef[];
}

/**
 * Settled on demand (issue 17): a review asks the summaries of a few fns (the callees of its changed
 * files' calls), and settling the whole crate cost a quarter of a pull request's CPU. What the
 * rounds give a fn depends on its dependencies alone (its callees, the fns its macros' calls name),
 * and on when, in the rounds, each of them grew: so the rounds are run over the fns asked and their
 * dependencies, in the index's order, and every summary, with its evidence, is the one rounds over
 * the whole crate give. A fn settled by an earlier batch is read, in a later one, as it was at that
 * point of the rounds (the round and position where each part of its summary was set are kept).
 */
export class Summaries {
  private readonly summaries = new Map<string, FnSummary>();
  /** Per fn, its calls' resolutions by call index (a Map of `key#index` strings cost a third of building the summaries). */
  private readonly resolved = new Map<FnRef, Resolution[]>();
  /** Per fn key, its position in the index's order: the order of every round. */
  private readonly position = new Map<string, number>();
  /** Per settled fn key, when each part of its summary was set (round x fns + position). */
  private readonly setAt = new Map<string, Partial<Record<Growing, number>>>();
  /** Per fn key, the times its summary grew, in order. */
  private readonly grewAt = new Map<string, number[]>();
  /** The rounds in which some settled fn grew. */
  private readonly roundsWithGrowth = new Set<number>();
  private batch?: Batch;

  constructor(private readonly index: CrateIndex) {
    index.fns.forEach((ref, k) => this.position.set(ref.key, k));
  }

  /** Every fn settled at once, as the rounds over the whole crate did (tests compare it with settling on demand). */
  settleAll(): this {
    this.settle(this.index.fns.filter((f) => !this.setAt.has(f.key)));
    return this;
  }

  of(ref: FnRef): FnSummary {
    const batch = this.batch;
    if (!batch) {
      if (!this.setAt.has(ref.key)) this.settle([ref]);
      return this.summaries.get(ref.key)!;
    }
    this.reads?.add(ref.key);
    if (batch.members.has(ref.key)) return this.summaries.get(ref.key)!;
    if (this.setAt.has(ref.key)) return this.asAt(ref.key, batch.now);
    batch.missing.push(ref);
    return initialSummary(ref);
  }

  /** A settled summary as it was at `time` of the rounds: the parts set before then. */
  private asAt(key: string, time: number): FnSummary {
    const s = this.summaries.get(key)!;
    const grew = this.grewAt.get(key)!;
    if (!grew.length || grew[grew.length - 1]! < time) return s;
    const at = this.setAt.get(key)!;
    const view: FnSummary = { ...s };
    for (const part of GROWING) if ((at[part] ?? -1) >= time) delete (view as unknown as Record<string, unknown>)[part];
    if (view.offloadsClosure === undefined) view.offloadsClosure = false;
    return view;
  }

  /** While an update runs: the summaries it reads, by fn key (its own among them). */
  private reads?: Set<string>;

  /** The crate fns a call may call (every method of the name when the receiver's type is unknown). */
  callees(ref: FnRef, callIndex: number): readonly FnRef[] {
    return this.resolution(ref, callIndex).targets;
  }

  /** The crate fns a call calls, known by path or receiver type (not by a method's name alone). */
  knownCallees(ref: FnRef, callIndex: number): readonly FnRef[] {
    const r = this.resolution(ref, callIndex);
    return r.byNameOnly ? [] : r.targets;
  }

  private resolution(ref: FnRef, callIndex: number): Resolution {
    let calls = this.resolved.get(ref);
    if (!calls) this.resolved.set(ref, (calls = []));
    return (calls[callIndex] ??= resolveCall(this.index, ref, ref.fn.calls[callIndex]!));
  }

  /** Whether a call of `ref` hands its closure argument off the executor: catalogue, or a wrapper whose every candidate does. */
  callOffloads(ref: FnRef, callIndex: number): boolean {
    const call = ref.fn.calls[callIndex]!;
    if (catalogueOffloadsCall(call)) return true;
    if (!call.closureArg && !call.argNames.length) return false;
    const targets = this.callees(ref, callIndex);
    return targets.length > 0 && targets.every((t) => this.of(t).offloadsClosure);
  }

  /** Whether a `macro_rules!` macro of the crate expands to an offloading call (`db_run!` over `conn.run(..)`). */
  macroOffloads(crate: string, name: string): boolean {
    const defs = this.index.macroRules(crate, name.split('::').pop()!);
    return defs.length > 0 && defs.every(({ macro }) => macro.paths.some(isOffloadingFunction) || macro.calls.some((c) => isOffloadingMethod(c) || this.nameOffloads(crate, c)));
  }

  /** Every fn of the crate with this name offloads its closure. */
  nameOffloads(crate: string, name: string): boolean {
    const fns = this.index.fnsNamed(crate, name);
    return fns.length > 0 && fns.every((f) => this.of(f).offloadsClosure);
  }

  /** Where a call of `ref` runs, the crate's wrappers and macros taken into account. */
  effectiveContext(ref: FnRef, callIndex: number): LocalContext {
    const call = ref.fn.calls[callIndex]!;
    if (call.context === 'offloaded') return 'offloaded';
    for (let k = call.closureOf; k !== undefined; k = ref.fn.calls[k]!.closureOf) if (this.callOffloads(ref, k)) return 'offloaded';
    const crate = this.index.crateOf(ref.file.path);
    for (let m = call.inMacro; m !== undefined; ) {
      const macro = ref.fn.macros[m]!;
      if (this.macroOffloads(crate, macro.name)) return 'offloaded';
      m = undefined;
    }
    return call.context;
  }

  /** The summaries an update of `ref` may read besides its own: its calls' candidates, the fns its macros' calls name. */
  private dependencies(ref: FnRef): FnRef[] {
    const out: FnRef[] = [];
    for (let i = 0; i < ref.fn.calls.length; i++) out.push(...this.callees(ref, i));
    if (ref.fn.macros.length) {
      const crate = this.index.crateOf(ref.file.path);
      for (const m of ref.fn.macros) for (const { macro } of this.index.macroRules(crate, m.name.split('::').pop()!)) for (const c of macro.calls) out.push(...this.index.fnsNamed(crate, c));
    }
    return out;
  }

  /** Settles `start` and every unsettled fn it depends on, transitively. */
  private settle(start: readonly FnRef[]): void {
    for (let wanted = [...start]; ; ) {
      const members = new Set<string>();
      const refs: FnRef[] = [];
      for (const work = [...wanted]; work.length; ) {
        const ref = work.pop()!;
        if (members.has(ref.key) || this.setAt.has(ref.key)) continue;
        members.add(ref.key);
        refs.push(ref);
        for (const d of this.dependencies(ref)) if (!members.has(d.key) && !this.setAt.has(d.key)) work.push(d);
      }
      refs.sort((a, b) => this.position.get(a.key)! - this.position.get(b.key)!);
      const missing = this.rounds(refs, members);
      if (!missing.length) return;
      // An update read a summary the dependencies above did not name: run the batch again with it.
      wanted = [...wanted, ...missing];
    }
  }

  /**
   * Rounds over `refs` (in the index's order) until a round where neither they nor any settled fn
   * grew. An update reads only summaries (its own and its dependencies', through `of`) besides facts
   * that never change, so when none of those it read last time has grown since, it would grow nothing
   * again: it is skipped. The rounds, their order and every summary are those of updating every fn
   * of the crate every round.
   */
  private rounds(refs: readonly FnRef[], members: Set<string>): FnRef[] {
    const n = this.index.fns.length;
    for (const ref of refs) {
      this.summaries.set(ref.key, initialSummary(ref));
      this.grewAt.set(ref.key, []);
    }
    const batch: Batch = { members, now: 0, missing: [] };
    this.batch = batch;
    const setAt = new Map<string, Partial<Record<Growing, number>>>();
    /** Per fn, the time it was last updated, and the summaries that update read. */
    const updatedAt: number[] = [];
    const read: string[][] = [];
    const grewSince = (key: string, from: number, to: number) => this.grewAt.get(key)!.some((t) => t >= from && t < to);
    try {
      for (let changed = true, round = 0; changed && round < 50; round++) {
        changed = this.roundsWithGrowth.has(round);
        for (let k = 0; k < refs.length; k++) {
          const ref = refs[k]!;
          const now = round * n + this.position.get(ref.key)!;
          if (read[k] && !read[k]!.some((d) => grewSince(d, updatedAt[k]!, now))) continue;
          batch.now = now;
          const reads = (this.reads = new Set<string>());
          updatedAt[k] = now;
          const s = this.summaries.get(ref.key)!;
          const before = GROWING.map((part) => !!s[part]);
          if (this.update(ref)) {
            changed = true;
            this.grewAt.get(ref.key)!.push(now);
            let at = setAt.get(ref.key);
            if (!at) setAt.set(ref.key, (at = {}));
            GROWING.forEach((part, p) => {
              if (!before[p] && s[part]) at![part] = now;
            });
          }
          read[k] = [...reads];
          if (batch.missing.length) return batch.missing;
        }
      }
    } finally {
      this.batch = undefined;
      this.reads = undefined;
    }
    for (const ref of refs) {
      this.setAt.set(ref.key, setAt.get(ref.key) ?? {});
      for (const t of this.grewAt.get(ref.key)!) this.roundsWithGrowth.add(Math.floor(t / n));
    }
    return [];
  }

  /** Recomputes one fn's summary from its calls and its callees' summaries; true when it grew. */
  private update(ref: FnRef): boolean {
    const s = this.of(ref);
    let grew = false;
    const { fn } = ref;
    if (!s.offloadsClosure) {
      const params = closureParams(fn);
      if (params.length && fn.calls.some((c, i) => c.argNames.some((n) => params.includes(n)) && this.callOffloads(ref, i))) {
        s.offloadsClosure = true;
        grew = true;
      }
    }
    if (!s.dbFallible && !fn.test) {
      for (let i = 0; i < fn.calls.length; i++) {
        const call = fn.calls[i]!;
        if (!call.propagates) continue;
        const e = databaseEvidence(this.index, ref, call) ?? this.viaCallees(ref, i, 'dbFallible');
        if (e) {
          s.dbFallible = e;
          grew = true;
          break;
        }
      }
    }
    if (!s.runsQuery && !fn.test) {
      if (fn.queryHelper) s.runsQuery = { call: fn.queryHelper.label, path: ref.file.path, line: fn.line, sql: fn.queryHelper.sql };
      // A sync fn that builds the query's future for its caller (`let fut = insert_into(..).get_result(conn);
      // async move { fut.await }.boxed()`), or hands its caller what a helper's query returns. An async fn
      // that queries among other awaited work is a job step, not a lookup (`queryHelper` says when it only queries).
      const run = s.runsQuery || fn.async ? undefined : fn.calls.find((c) => c.dbRun !== undefined && c.context !== 'offloaded');
      if (run) s.runsQuery = { call: run.dbRun!, path: ref.file.path, line: run.line, sql: null };
      for (let i = 0; i < fn.calls.length && !s.runsQuery && !fn.async; i++) s.runsQuery = this.viaCallees(ref, i, 'runsQuery');
      if (s.runsQuery) grew = true;
    }
    if (!s.outboundFallible && !fn.test) {
      for (let i = 0; i < fn.calls.length; i++) {
        const call = fn.calls[i]!;
        if (!call.propagates) continue;
        const e = (call.outbound !== undefined ? { call: call.outbound, path: ref.file.path, line: call.line } : undefined) ?? this.viaCallees(ref, i, 'outboundFallible');
        if (e) {
          s.outboundFallible = e;
          grew = true;
          break;
        }
      }
    }
    if (!s.startsTask) {
      for (let i = 0; i < fn.calls.length; i++) {
        const e = spawnEvidence(ref.file, fn.calls[i]!) ?? this.viaCallees(ref, i, 'startsTask');
        if (e) {
          s.startsTask = e;
          grew = true;
          break;
        }
      }
    }
    if (fn.async || fn.test) return grew;
    for (let i = 0; i < fn.calls.length && (!s.blocks || !s.cpuHeavy || !s.reentersRuntime); i++) {
      const call = fn.calls[i]!;
      // Only code that runs when the fn is called, on its caller's thread: not an offloaded closure, not a spawned future.
      if (call.awaited || this.effectiveContext(ref, i) !== 'sync') continue;
      if (!s.blocks) {
        const b = blockingEvidence(ref.file, call) ?? typedBlockingEvidence(this.index, ref, call) ?? this.viaCallees(ref, i, 'blocks');
        if (b) {
          s.blocks = b;
          grew = true;
        }
      }
      if (!s.cpuHeavy) {
        const h = heavyEvidence(this.index, ref.file, call, ref) ?? this.viaCallees(ref, i, 'cpuHeavy');
        if (h) {
          s.cpuHeavy = h;
          grew = true;
        }
      }
      if (!s.reentersRuntime) {
        const r = reentryEvidence(ref.file, call) ?? this.viaCallees(ref, i, 'reentersRuntime');
        if (r) {
          s.reentersRuntime = r;
          grew = true;
        }
      }
    }
    return grew;
  }

  /** The evidence every (non-async) callee shares, when the call resolves to crate fns that all have it. */
  private viaCallees(ref: FnRef, i: number, what: 'blocks' | 'cpuHeavy' | 'reentersRuntime' | 'dbFallible' | 'outboundFallible' | 'startsTask' | 'runsQuery'): Evidence | undefined {
    const targets = this.knownCallees(ref, i);
    if (!targets.length || targets.some((t) => t.key === ref.key)) return undefined;
    const found = targets.map((t) => this.of(t)[what]);
    return found.every((e) => e) ? found[0] : undefined;
  }
}

/** A fn's summary before any round: what its own facts say. */
function initialSummary(ref: FnRef): FnSummary {
  return { offloadsClosure: false, returnsConstant: !!ref.fn.returnsConstant, test: ref.fn.test, entry: ref.fn.entry, ...(ref.fn.returnsLiteral !== undefined ? { returnsLiteral: ref.fn.returnsLiteral } : {}) };
}

/** The blocking API a call is, from its facts alone (resolved path, chain root). */
export function blockingEvidence(file: FileFacts, call: CallFact): Evidence | undefined {
  if (call.resolved !== undefined) {
    const api = blockingFunction(call.resolved);
    return api ? { call: call.resolved, path: file.path, line: call.line, api } : undefined;
  }
  if (call.method !== undefined && call.chainRoot !== undefined && !call.awaited) {
    const chain = blockingChain(call.chainRoot, call.method);
    return chain ? { call: chain.name, path: file.path, line: call.line, api: chain.api } : undefined;
  }
  return undefined;
}

/**
 * A blocking method of a library type, known through the receiver's declared type: `self.env.write_txn()`
 * with `env: Env` under `use heed::Env` (or a workspace member's re-export of heed).
 */
export function typedBlockingEvidence(index: CrateIndex, ref: FnRef, call: CallFact): Evidence | undefined {
  if (call.method === undefined || call.receiver === undefined || call.awaited || !mayBeBlockingMethod(call.method)) return undefined;
  const type = receiverTypePath(index, ref, call.receiver, call.line);
  const found = type ? blockingMethod(type, call.method) : null;
  return found ? { call: found.name, path: ref.file.path, line: call.line, api: found.api } : undefined;
}

/** A call that starts a task or thread (`tokio::spawn(..)`, `thread::spawn(..)`, `set.spawn(..)`), from its facts alone. */
export function spawnEvidence(file: FileFacts, call: CallFact): Evidence | undefined {
  const spawns = call.method !== undefined ? isSpawningMethod(call.method) : isSpawningFunction(call.resolved ?? call.written ?? '');
  if (!spawns) return undefined;
  const name = call.method !== undefined ? `${call.receiver && call.receiver.length <= 30 ? `${call.receiver}.` : ''}${call.method}` : (call.written ?? call.resolved!);
  return { call: `${name}(..)`, path: file.path, line: call.line };
}

/** A database call, from its facts and the receiver's declared type: a query run, or an embedded store's read or write (`self.tree.get(k)` with `tree: sled::Tree`). */
export function databaseEvidence(index: CrateIndex, ref: FnRef, call: CallFact): Evidence | undefined {
  if (call.dbRun !== undefined) return { call: call.dbRun, path: ref.file.path, line: call.line };
  if (call.method === undefined || call.receiver === undefined) return undefined;
  const type = receiverLibraryType(index, ref, call.receiver, call.line);
  return type && isEmbeddedStoreCall(type, call.method) ? { call: `${type.split('::').pop()}::${call.method}`, path: ref.file.path, line: call.line } : undefined;
}

/** A call that blocks on the runtime, from its facts alone: `rt.block_on(..)`, `futures::executor::block_on(..)`, `rx.blocking_recv()`. */
export function reentryEvidence(file: FileFacts, call: CallFact): Evidence | undefined {
  if (call.method === BLOCK_ON_METHOD) return { call: `${call.receiver && call.receiver.length <= 30 ? call.receiver : '..'}.block_on(..)`, path: file.path, line: call.line };
  if (call.method !== undefined && runtimeBlockingMethod(call.method)) return { call: `${call.method}(..)`, path: file.path, line: call.line };
  if (call.resolved !== undefined && isBlockOnFunction(call.resolved)) return { call: `${call.resolved}(..)`, path: file.path, line: call.line };
  return undefined;
}

/** The CPU-heavy work a call is, from its facts and the receiver's declared type (`templates.render(..)` with `templates: &Tera`). */
export function heavyEvidence(index: CrateIndex, file: FileFacts, call: CallFact, ref?: FnRef): Evidence | undefined {
  if (call.resolved !== undefined) {
    const what = cpuHeavyFunction(call.resolved);
    return what ? { call: call.resolved, path: file.path, line: call.line, what } : undefined;
  }
  if (call.method === undefined || call.awaited) return undefined;
  if (ref && call.receiver !== undefined) {
    const type = receiverType(index, ref, call.receiver, call.line);
    const path = type ? libraryTypePath(index, ref, type) : undefined;
    const what = path ? cpuHeavyMethod(path, call.method) : null;
    if (what) return { call: `${type}::${call.method}`, path: file.path, line: call.line, what };
  }
  if (!HASHER_METHODS.test(call.method)) return undefined;
  // A method of the crate's own of that name may be what is called; a free fn of that name cannot be.
  if (index.methodsNamed(index.crateOf(file.path), call.method).length) return undefined;
  return usesCrates(file, HASHER_CRATES) ? { call: call.method, path: file.path, line: call.line, what: 'password hashing' } : undefined;
}

/**
 * The library path of a type name as the fn's file imports it (`Tera` with `use tera::{Context, Tera}`
 * is `tera::Tera`); undefined for the crate's own types and names the file does not import.
 */
export function libraryTypePath(index: CrateIndex, ref: FnRef, type: string): string | undefined {
  if (index.declaresType(index.crateOf(ref.file.path), type)) return undefined;
  const imported = ref.file.uses.find((u) => !u.glob && u.local === type);
  return imported?.target.replace(/^::/, '');
}

/**
 * The library type of a receiver (`self.tree` declared `sled::Tree` or `Arc<Tree>` under `use
 * sled::Tree`, a parameter `db: &rocksdb::DB`), with its path; undefined for the crate's own types
 * and for types it cannot see.
 */
export function receiverLibraryType(index: CrateIndex, ref: FnRef, receiver: string, line: number): string | undefined {
  const parts = receiver.split('.');
  const last = parts.pop()!;
  let written: string | undefined;
  let file = ref.file;
  if (!parts.length) {
    if (last === 'self') return undefined;
    let local: LetFact | undefined;
    for (const l of ref.fn.lets) if (l.name === last && l.line < line) local = l;
    written = local ? local.type : ref.fn.params.find((p) => p.name === last)?.type;
  } else {
    const owner = receiverType(index, ref, parts.join('.'), line);
    const structs = owner ? index.structsNamed(index.crateOf(ref.file.path), owner) : [];
    if (structs.length !== 1) return undefined;
    written = structs[0]!.struct.fields.find((f) => f.name === last)?.type;
    file = structs[0]!.file;
  }
  const path = written ? innerTypePath(written) : undefined;
  if (!path) return undefined;
  const [first, ...rest] = path.split('::');
  if (!rest.length && index.declaresType(index.crateOf(file.path), first!)) return undefined;
  const imported = file.uses.find((u) => !u.glob && u.local === first);
  return imported ? [imported.target.replace(/^::/, ''), ...rest].join('::') : rest.length ? path : undefined;
}

/** The type of a receiver as written (`self`, `self.db`, a parameter, a parameter's field), from the fn's signature and the index. */
export function receiverType(index: CrateIndex, ref: FnRef, receiver: string, line?: number, depth = 0): string | undefined {
  return typedReceiver(index, ref, receiver, line, depth)?.type;
}

/**
 * The type of a receiver and the crate declaring it: a field chain is followed through the structs
 * that declare each field, in whichever crate of the workspace they are (`services.rooms.short`).
 */
export function typedReceiver(index: CrateIndex, ref: FnRef, receiver: string, line?: number, depth = 0): { type: string; crate: string; module?: string[] } | undefined {
  const w = writtenReceiverType(index, ref, receiver, line, depth);
  if (!w) return undefined;
  const { written, crate: home, module } = w;
  let type = written.slice(written.lastIndexOf(':') + 1);
  if (!type) return undefined;
  const alias = index.typeAlias(home, type);
  if (alias) {
    // `type LockedWal = Arc<Mutex<SerdeWal<Op>>>;`: the type inside, named as the alias's own module names it
    // (`use shard::wal::SerdeWal` there: another crate of the workspace).
    const declared = index.typesNamed(home, type).find((t) => t.type.kind === 'alias');
    const inner = innerTypePath(alias);
    const at = declared ? index.moduleAt(declared.file, declared.type.module) : undefined;
    const target = inner && at ? index.structAt(home, at, inner) : undefined;
    if (target) return { type: target.struct.name, crate: target.crate, module: index.moduleAt(target.file, target.struct.module) };
    type = innerType(alias) ?? type;
  }
  const struct = !alias ? index.structAt(home, module, written) : undefined;
  if (struct) return { type, crate: struct.crate, module: index.moduleAt(struct.file, struct.struct.module) };
  return { type, crate: index.typeHome(home, module, type) ?? home };
}

/**
 * The library path of a receiver's type (`dashmap::DashMap` for `self.offsets` declared
 * `Arc<DashMap<u32, Offset>>` under `use dashmap::DashMap`, or for a local bound from a crate fn that
 * returns `&DashMap<..>`): its type as written, followed through the `use` items of the module that
 * writes it. Undefined for the crate's own types and types the code does not name.
 */
export function receiverTypePath(index: CrateIndex, ref: FnRef, receiver: string, line?: number): string | undefined {
  const at = writtenReceiverType(index, ref, receiver, line, 0);
  if (!at || index.typeHome(at.crate, at.module, at.written.split('::').pop()!) !== undefined) return undefined;
  return index.externalPaths(at.crate, at.module, at.written)[0];
}

/** A receiver's type as written (inside references and wrappers), with the crate and module whose names it uses. */
function writtenReceiverType(index: CrateIndex, ref: FnRef, receiver: string, line: number | undefined, depth: number): { written: string; crate: string; module: string[] } | undefined {
  const crate = index.crateOf(ref.file.path);
  const [head, ...fields] = receiver.split('.');
  // The type as written (`rooms::Service`, `Arc<short::Service>` -> `short::Service`), and where it is written.
  let written: string | undefined;
  // The latest `let` of the name before the use (a local shadows a parameter of the same name).
  let local: LetFact | undefined;
  if (line !== undefined && head !== 'self') for (const l of ref.fn.lets) if (l.name === head && l.line < line) local = l;
  // Each field's type is named in the module of the struct that declares it (another member's, maybe).
  let home = crate;
  let module = index.moduleAt(ref.file, ref.fn.module);
  if (head === 'self') written = ref.fn.owner;
  else if (local) {
    written = local.type ?? (local.source && depth < 4 ? receiverType(index, ref, local.source, local.line, depth + 1) : undefined);
    // `let app = req.app();`, `let s = Config::load_path(p)?;`: what the callee declares it returns,
    // named as its own module names it (before the type a `Type::fn(..)` path names).
    const returned = local.call !== undefined && depth < 4 ? callValueType(index, ref, local.call, !!local.unwrapped, depth + 1) : undefined;
    if (returned) ({ written, crate: home, module } = returned);
  } else {
    const p = ref.fn.params.find((x) => x.name === head);
    written = p ? innerTypePath(p.type) : undefined;
  }
  for (const field of fields) {
    if (!written) return undefined;
    const struct = index.structAt(home, module, written);
    const declared = struct?.struct.fields.find((f) => f.name === field)?.type;
    if (!struct || !declared) return undefined;
    home = struct.crate;
    module = index.moduleAt(struct.file, struct.struct.module);
    written = innerTypePath(declared);
  }
  return written ? { written, crate: home, module } : undefined;
}

/**
 * The value a lock guard derefs to (`wal.lock().await` with `wal: Arc<Mutex<SerdeWal>>` is a `SerdeWal`):
 * the locked path's type inside its wrappers. Undefined when that type is the crate's own with a method
 * of the lock's name (`store.read()` of a `Store` is its own method, not a guard).
 */
function guardedValue(index: CrateIndex, ref: FnRef, guardOf: string, line: number, depth: number): { type: string; crate: string; module?: string[] } | undefined {
  const cut = guardOf.lastIndexOf('.');
  const typed = typedReceiver(index, ref, guardOf.slice(0, cut), line, depth);
  if (!typed || index.methodsOf(typed.crate, typed.type, guardOf.slice(cut + 1)).length) return undefined;
  return typed;
}

export interface Resolution {
  targets: readonly FnRef[];
  /** A method call whose receiver's type is unknown: every crate method of that name. */
  byNameOnly: boolean;
}

const none: Resolution = { targets: [], byNameOnly: false };

/** The crate fns a call may reach (`depth`: how many receivers' types are being worked out around this question). */
export function resolveCall(index: CrateIndex, ref: FnRef, call: CallFact, depth = 0): Resolution {
  const crate = index.crateOf(ref.file.path);
  if (call.method !== undefined) {
    const made = call.receiver === undefined && call.receiverCall !== undefined ? constructedType(index, ref, call.receiverCall) : undefined;
    // A type of another member of the workspace (`use jobs_core::Queue`) has its methods there.
    const typed = call.receiver !== undefined ? typedReceiver(index, ref, call.receiver, call.line, depth) : call.guardOf !== undefined ? guardedValue(index, ref, call.guardOf, call.line, depth) : made;
    const type = typed?.type;
    const home = typed?.crate ?? crate;
    // A receiver typed by a trait (`&dyn Store`, `Box<dyn Store>`, `impl Store`): the impls it dispatches to.
    if (type && isWorkspaceTrait(index, home, type)) return { targets: traitDispatchTargets(index, home, type, call.method), byNameOnly: false };
    if (type) {
      const all = index.methodsOf(home, type, call.method);
      // Several types of that name (a `Service` per module): the one the receiver's struct is, when its module has the impl.
      const at = typed?.module?.join('::');
      const mine = at !== undefined && all.length > 1 ? all.filter((t) => index.moduleAt(t.file, t.fn.module).join('::') === at) : [];
      const own = mine.length ? mine : all;
      if (own.length) return { targets: own, byNameOnly: false };
      if (index.declaresType(home, type)) return { targets: index.traitDefaultMethods(home, type, call.method), byNameOnly: false };
      // A trait of a library (`&dyn RequestExt`) that a crate trait is implemented for (`impl<T: RequestExt + ?Sized> RequestApp for T`).
      const blanket = blanketImpls(index, [crate, home], type, call.method);
      if (blanket.length) return { targets: blanket, byNameOnly: false };
    }
    // Method-call syntax (`msg.from(addr)`) only reaches fns that take `self`: never an associated fn
    // of the same name (`From::from`, `Config::new`), whatever type the receiver turns out to be.
    // A test target declared beside the library (`[[test]] path = "src/it/mod.rs"`) calls into the
    // library by method name as the library's own modules do (its builders, its fixtures' methods).
    const lib = index.layout.isTestTargetCrate(crate) ? index.layout.packageOf(ref.file.path) : undefined;
    const named = lib ? [...index.methodsNamed(crate, call.method), ...index.methodsNamed(index.layout.libraryCrateOf(lib), call.method)] : index.methodsNamed(crate, call.method);
    return { targets: named.filter((t) => t.fn.hasSelf), byNameOnly: true };
  }
  const written = call.written;
  if (!written) return none;
  const segs = written.split('::');
  if (segs.length >= 2) {
    const owner = segs[segs.length - 2]!;
    const name = segs[segs.length - 1]!;
    if (owner === 'Self' && ref.fn.owner) return { targets: index.methodsOf(crate, ref.fn.owner, name), byNameOnly: false };
    if (/^[A-Z]/.test(owner) && index.declaresType(crate, owner)) return { targets: ownTypeMethods(index, ref, segs, name), byNameOnly: false };
  }
  const module = index.moduleAt(ref.file, ref.fn.module);
  const target = index.resolve(crate, module, written);
  // `Type::method` of a type another crate declares (`use jobs_core::Queue; Queue::open(..)`).
  const [type, method, ...more] = target?.name?.split('::') ?? [];
  if (target && method !== undefined && !more.length && index.declaresType(target.crate, type!)) {
    const own = index.methodsOf(target.crate, type!, method);
    return { targets: own.length ? own : index.traitDefaultMethods(target.crate, type!, method), byNameOnly: false };
  }
  if (target) return { targets: index.freeFns(target), byNameOnly: false };
  return resolveInLibrary(index, crate, ref, written);
}

/**
 * `Owner::name(..)` of a crate type: its methods of that name. When the crate declares several types
 * of that name (a `Settings` of the config loader and a `Settings` of the pages' routes), the one the
 * calling module's path names: methods declared in that type's module (an impl elsewhere keeps all).
 */
function ownTypeMethods(index: CrateIndex, ref: FnRef, segs: readonly string[], name: string): readonly FnRef[] {
  const crate = index.crateOf(ref.file.path);
  const owner = segs[segs.length - 2]!;
  const all = index.methodsOf(crate, owner, name);
  if (index.structsNamed(crate, owner).length < 2 || all.length < 2) return all;
  const r = index.resolve(crate, index.moduleAt(ref.file, ref.fn.module), segs.slice(0, -1).join('::'));
  if (!r?.name) return all;
  const home = r.module.join('::');
  const mine = all.filter((t) => index.moduleAt(t.file, t.fn.module).join('::') === home);
  return mine.length ? mine : all;
}

/**
 * The crate type a constructor call returns (`Server::new(cfg)?` is a `Server`): every fn the call
 * resolves to is a method of one type returning `Self` or that type, bare or in a `Result` / `Option`.
 */
function constructedType(index: CrateIndex, ref: FnRef, written: string): { type: string; crate: string; module?: string[] } | undefined {
  const { targets } = resolveCall(index, ref, { line: 0, written, awaited: false, context: 'sync', closureArg: false, argNames: [] });
  const owner = targets[0]?.fn.owner;
  if (!owner) return undefined;
  for (const t of targets) {
    const head = (t.fn.returnType ?? '').match(/[A-Za-z_]\w*/g)?.find((n) => !RESULT_WRAPPER_SEGMENTS.has(n));
    if (t.fn.owner !== owner || (head !== 'Self' && head !== owner)) return undefined;
  }
  return { type: owner, crate: index.crateOf(targets[0]!.file.path) };
}

/**
 * A call from a binary into its package's library, or from one member into another's: written
 * `my_app::server::run(..)`, or through `use my_app::App; App::new(..)` in `src/bin/server.rs`.
 */
function resolveInLibrary(index: CrateIndex, crate: string, ref: FnRef, written: string): Resolution {
  const segs = written.split('::');
  // `use my_app::{App, server}` in the binary: the written path starts with what the `use` names.
  const bound = ref.file.uses.find((u) => !u.glob && u.local === segs[0] && u.module.join('::') === ref.fn.module.join('::'));
  const full = bound ? [...bound.target.split('::'), ...segs.slice(1)] : segs;
  const lib = full.length >= 2 ? index.libraryCrate(crate, full[0]) : undefined;
  // `use my_app::daemon::start;` in `src/main.rs` names its own package's library: the same crate folder as main.rs.
  if (lib) {
    const rest = full.slice(1);
    if (rest.length >= 2 && /^[A-Z]/.test(rest[rest.length - 2]!)) return { targets: index.methodsOf(lib, rest[rest.length - 2]!, rest[rest.length - 1]!), byNameOnly: false };
    const target = index.resolve(lib, [], `crate::${rest.join('::')}`);
    if (target) return { targets: index.freeFns(target), byNameOnly: false };
  }
  // `App::new(..)` in `src/bin/x.rs` for a type of the package's library.
  const own = index.libraryCrate(crate);
  if (own && segs.length >= 2 && /^[A-Z]/.test(segs[segs.length - 2]!) && index.declaresType(own, segs[segs.length - 2]!)) {
    return { targets: index.methodsOf(own, segs[segs.length - 2]!, segs[segs.length - 1]!), byNameOnly: false };
  }
  return none;
}
