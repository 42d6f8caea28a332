/**
 * Where code runs, from structure alone (never from a fn's or a file's name): which fns serve
 * requests, which run as background jobs, which only run while the program starts (or as the
 * commands of a command-line tool), which only run in tests.
 *
 * Roots, from the catalogue and the manifests:
 *   request     a fn registered as a route (route attribute, handed by name to a routing call such as
 *               `get(list)` / `.to(index)` / `service_fn(..)`, a warp filter chain's `.and_then(h)`), a fn
 *               with extractor parameters, a method of a framework's per-request trait
 *               (`FromRequestParts`, `Service`, an actor's `Handler`),
 *               a fn a per-connection task calls (spawned in a fn that accepts connections)
 *   background  a fn called in a task or thread spawned outside a request or a test (and not waited for
 *               there: fanned-out work a command joins is that command's), or in a `loop` /
 *               `while` of code that start-up reaches (a service loop runs as long as the program)
 *   entry       `fn main`, `#[tokio::main]`
 *   test        a test fn (`#[test]`, `#[cfg(test)]` modules, `tests/`), every fn of a test-support package
 *   external    an exported fn of a package that code outside the model may call (a library for other
 *               projects, a member whose dependants the review did not read), or a fn nothing in the model
 *               calls (a fn pointer, a macro, trait dispatch): where it runs is unknown
 * and every fn reached from a root through the call graph shares its kind. A call resolved only by a
 * method's name may spread request and background (the louder answers), never entry or test: a name
 * alone never makes a rule quieter.
 */
import { isAcceptMethod, isExtractorType, isRequestTrait, isRouteAttribute, isRoutingCall, isRoutingMethod } from '../catalogue/web.js';
import type { CrateIndex, FnRef } from './crate-index.js';
import type { CallFact, FileFacts } from './facts.js';
import { isArgParserCrate, isArgsFunction, isFrontendFrameworkCrate, isInteractiveTerminalCrate, isServerFrameworkCrate } from '../catalogue/packages.js';
import { macroRegisteredTests } from './macro-tests.js';
import { outsideWorkspace, packageOf, testOnlyFeatures, testSupportPackages, type ManifestFact } from './manifests.js';
import type { Summaries } from './summaries.js';
import { isSpawningFunction, isSpawningMethod } from '../catalogue/executor.js';
import { CallSitesByName, spelledName, type CallSite } from './call-sites.js';

/**
 * - `request`: reached from where requests enter (a panic there fails a request).
 * - `background`: reached from a task or thread started outside a request (a job that runs while the program serves).
 * - `startup`: reached only from the program's entry: start-up before serving, or a command-line tool's commands.
 * - `test`: reached only from tests, or in a package only tests use.
 * - `unknown`: reached from none of these that the model sees (a library's public API, a fn called from another crate).
 */
export type ExecutionContext = 'request' | 'background' | 'startup' | 'test' | 'unknown';

const REQUEST = 1;
const BACKGROUND = 2;
const ENTRY = 4;
const TEST = 8;
/** Callable from crates the model does not hold: who calls it, and so where it runs, is not known. */
const EXTERNAL = 16;
/**
 * Runs in a spawned task or thread (with BACKGROUND: a job beside the serving program; without the
 * bit, a background fn runs in a service loop on the entry's own task, where a panic ends the program).
 */
const TASK = 32;
/** What a call resolved by a method's name alone may carry to its candidates. */
const LOUD = REQUEST | BACKGROUND | EXTERNAL | TASK;

export class ExecutionContexts {
  /** Per fn key, what reaches it (bits above), for the fns a batch placed (see `place`). */
  private readonly reach = new Map<string, number>();
  /** Fns handed requests by the code that registers them: routing calls' targets, per-connection tasks (roots that serve requests by themselves are asked of `rootBits`). */
  private readonly entries = new Set<string>();
  /** Crates with such a registration; with the crates of fns that serve requests by themselves, computed on first ask (`servingCrates`). */
  private readonly registeringCrates = new Set<string>();
  private serving?: Set<string>;
  private readonly testSupport: Set<string>;
  /** Fns a project macro registers as the body of a test (macro-tests.ts). */
  private readonly macroTests: Set<string>;
  /** Per package, the features only other members' tests turn on. */
  private readonly testFeatures: Map<string, Set<string>>;
  /** Package folders whose exported fns other code the model does not hold may call. */
  private readonly openPackages: Set<string>;
  /** Fns that register request handlers or serve a listener's connections. */
  private readonly registrars = new Set<string>();
  private readonly offExecutor = new Map<string, boolean>();
  /** Per package folder, whether it builds a command-line tool (asked per node: computed once). */
  private readonly commandLineTools = new Map<string, boolean>();
  /** Per `bit:fn key`, the caller that first carried that bit to the fn (absent for a root): the way back to where it is reached from. */
  private readonly carriedBy = new Map<string, string>();
  private readonly byKey = new Map<string, FnRef>();
  private readonly position = new Map<string, number>();
  /** The fns handed a request as roots, in the order the whole-crate pass adds them: routing calls' targets, then per-connection tasks, per fn. */
  private readonly routed: FnRef[] = [];
  /** Calls and handed-over paths by the names they spell: who may call a fn, without resolving every call of the crate. */
  readonly sites: CallSitesByName;

  constructor(
    private readonly index: CrateIndex,
    private readonly summaries: Summaries,
    private readonly manifests: readonly ManifestFact[],
  ) {
    this.macroTests = macroRegisteredTests(index);
    this.testSupport = testSupportPackages(manifests);
    this.testFeatures = testOnlyFeatures(manifests);
    this.openPackages = this.packagesCalledFromOutside();
    this.sites = new CallSitesByName(index);
    index.fns.forEach((ref, k) => {
      this.byKey.set(ref.key, ref);
      this.position.set(ref.key, k);
    });
    // Routes registered by handing a fn to a routing call, and per-connection tasks of an accept loop.
    for (const ref of index.fns) {
      if (ref.fn.test) continue;
      const accepts = ref.fn.calls.some((c) => c.method !== undefined && isAcceptMethod(c.method));
      ref.fn.calls.forEach((call, i) => {
        if (isRouting(call)) {
          if (call.closureArg) this.registrars.add(ref.key);
          for (const target of this.namedFns(ref, call)) {
            this.registrars.add(ref.key);
            this.routed.push(target);
            this.entries.add(target.key);
            this.registeringCrates.add(index.crateOf(ref.file.path));
          }
        }
        if (accepts && call.spawned) {
          this.registrars.add(ref.key);
          for (const target of this.summaries.callees(ref, i)) {
            this.routed.push(target);
            this.entries.add(target.key);
          }
          this.registeringCrates.add(index.crateOf(ref.file.path));
        }
      });
    }
  }

  private readonly positionOf = (ref: FnRef): number => this.position.get(ref.key)!;

  /** Crates where some fn serves requests (asked of few files: computed on first ask). */
  private get servingCrates(): Set<string> {
    if (!this.serving) {
      this.serving = new Set(this.registeringCrates);
      for (const ref of this.index.fns) if (this.rootBits(ref) & REQUEST) this.serving.add(this.index.crateOf(ref.file.path));
    }
    return this.serving;
  }

  /** The fns whose calls (any candidate) or handed-over paths reach `ref`, itself aside, in the index's order. */
  private callersOf(ref: FnRef): FnRef[] {
    let known = this.callers.get(ref.key);
    if (known) return known;
    const out = new Set<FnRef>();
    for (const { caller, index } of this.sites.callsNaming(ref.fn.name, this.positionOf)) {
      if (caller.key !== ref.key && !out.has(caller) && this.summaries.callees(caller, index).includes(ref)) out.add(caller);
    }
    for (const from of this.sites.handingOver(ref.fn.name, this.positionOf)) {
      if (from.key !== ref.key && !out.has(from) && this.handedOver(from).some(({ targets }) => targets.includes(ref))) out.add(from);
    }
    this.callers.set(ref.key, (known = [...out]));
    return known;
  }

  private readonly callers = new Map<string, FnRef[]>();

  /** The calls of the crate that may reach `ref` (any candidate), in the index's order (constant-arguments.ts). */
  callSites(ref: FnRef): CallSite[] {
    return this.sites.callsNaming(ref.fn.name, this.positionOf).filter(({ caller, index }) => this.summaries.callees(caller, index).includes(ref));
  }

  /**
   * Where the fns of `ref`'s file run, computed on demand (issue 17): the reach of a fn depends only on
   * the fns that can carry a bit to it, its callers and theirs. The pass of the whole crate (roots in
   * the index's order, routes, then a stack of fns whose reach grew) is run over those alone: a fn
   * outside them only ever adds to fns outside them, and what it pushes on the stack is popped before
   * anything below it, so the fns inside grow in the same order, and each keeps the caller that first
   * carried a bit to it (`reachedFrom`).
   */
  private place(ref: FnRef): void {
    if (!this.reach.has(ref.key)) this.placeFrom([ref, ...this.index.fnsOfFile(ref.file.path).filter((f) => !this.reach.has(f.key))]);
  }

  /** Every fn placed in one pass over the whole crate, as before placing on demand (tests compare them). */
  placeAll(): this {
    this.placeFrom(this.index.fns.filter((f) => !this.reach.has(f.key)));
    return this;
  }

  private placeFrom(start: readonly FnRef[]): void {
    const members = new Set<string>();
    const work = [...start];
    for (let f = work.pop(); f; f = work.pop()) {
      if (members.has(f.key)) continue;
      members.add(f.key);
      for (const c of this.callersOf(f)) if (!members.has(c.key)) work.push(c);
    }
    const reach = new Map<string, number>();
    const carriedBy = new Map<string, string>();
    const stack: FnRef[] = [];
    const add = (ref: FnRef, reached: number, from?: FnRef) => {
      if (!members.has(ref.key)) return;
      // Code compiled only into tests runs only there, whatever the call graph's name-only edges say.
      let bits = this.compiledForTestsOnly(ref) ? reached & TEST : reached;
      // A runtime entry (`#[tokio::main]` on any fn) starts its own runtime and drives its body on the
      // calling thread: its body is that runtime's start-up, whoever calls it. A caller the model cannot
      // place (a fn nothing in the model calls) does not make it unknown.
      if (from && ref.fn.entry) bits &= ~EXTERNAL;
      const had = reach.get(ref.key) ?? 0;
      if ((had | bits) === had) return;
      if (from) for (const bit of [REQUEST, BACKGROUND]) if (bits & bit && !(had & bit)) carriedBy.set(`${bit}:${ref.key}`, from.key);
      reach.set(ref.key, had | bits);
      stack.push(ref);
    };
    const refs = [...members].map((k) => this.byKey.get(k)!).sort((a, b) => this.positionOf(a) - this.positionOf(b));
    for (const ref of refs) {
      let root = this.rootBits(ref);
      // A fn nothing in the model calls (a fn pointer, a macro, trait dispatch, another crate) runs where the model cannot see.
      // A trait impl's method also runs where dispatch the model does not follow calls it (`.into()`
      // for a `From` impl, `?`, `format!` for `Display`, serde): the calls it sees are not all of them.
      // A free fn or inherent method nothing calls, in a module only tests use, is more of that test support.
      if (!root && !this.callersOf(ref).length) root = ref.fn.trait === undefined && this.onlyTestsUse(this.moduleKey(ref)) ? TEST : EXTERNAL;
      else if (!(root & (TEST | ENTRY)) && ref.fn.trait !== undefined && !ref.fn.inTraitDefinition && !this.compiledForTestsOnly(ref)) root |= EXTERNAL;
      if (root) add(ref, root);
    }
    for (const target of this.routed) add(target, REQUEST);
    // A call spelling none of the members' names reaches none of them (call-sites.ts): it is not resolved.
    const names = new Set<string>();
    for (const ref of refs) for (const name of this.sites.namesOf(ref.fn.name)) names.add(name);
    for (let ref = stack.pop(); ref; ref = stack.pop()) {
      const bits = reach.get(ref.key) ?? 0;
      ref.fn.calls.forEach((call, i) => {
        const spelled = spelledName(call);
        if (spelled === undefined || !names.has(spelled)) return;
        const known = this.summaries.knownCallees(ref!, i);
        const targets = known.length ? known : this.summaries.callees(ref!, i);
        let carried = this.routedClosure(ref!, i) ? REQUEST | (bits & TEST) : bits;
        // A task spawned at start-up runs beside the serving program, and a service loop of `main` runs
        // for as long as the program does: background jobs, not start-up. A task the start-up code waits
        // for there (its handle awaited or joined) is a step of that start-up (joined-spawns.ts).
        if (((call.spawned && !call.joined) || call.repeats) && carried & ENTRY) carried = (carried & ~ENTRY) | BACKGROUND;
        if (call.spawned) carried |= TASK;
        if (!known.length) carried &= LOUD;
        if (carried) for (const t of targets) if (t.key !== ref!.key) add(t, carried, ref);
      });
      // A fn handed over by name (`.map(parse_row)`, `thread::spawn(worker)`, `to_sync!(migrate_v4)`)
      // runs where the code it is handed to runs; in a spawned task, as a background job.
      // Handed to a library call or macro the model cannot see into (`routes.page("/x", handler)` of an
      // unknown router, `.map(f)`), it may also be stored and called anywhere: the reach stays unknown too.
      for (const { spawned, joined, seen, targets } of this.handedOver(ref)) {
        let carried = spawned && !joined && bits & ENTRY ? (bits & ~ENTRY) | BACKGROUND : bits;
        if (spawned) carried |= TASK;
        if (!seen) carried |= EXTERNAL;
        for (const t of targets) if (t.key !== ref.key) add(t, carried, ref);
      }
    }
    for (const key of members) {
      if (this.reach.has(key)) continue;
      this.reach.set(key, reach.get(key) ?? 0);
      for (const bit of [REQUEST, BACKGROUND]) {
        const from = carriedBy.get(`${bit}:${key}`);
        if (from !== undefined) this.carriedBy.set(`${bit}:${key}`, from);
      }
    }
  }

  private bitsOf(ref: FnRef): number {
    this.place(ref);
    return this.reach.get(ref.key)!;
  }

  /** Where a fn runs. */
  of(ref: FnRef): ExecutionContext {
    return contextOf(this.bitsOf(ref));
  }

  /**
   * Where a fn that serves requests or runs as a background job is reached from: for `request`, the
   * handler (route, extractor-taking fn, per-request trait method) the first request path found
   * starts at; for `background`, the fn the task's code starts in (the spawned fn, or the
   * start-up fn that spawns it). Undefined for the other contexts, or the fn itself when it is the entry.
   */
  reachedFrom(ref: FnRef): FnRef | undefined {
    const context = this.of(ref);
    if (context !== 'request' && context !== 'background') return undefined;
    const bit = context === 'request' ? REQUEST : BACKGROUND;
    let at = ref;
    for (const seen = new Set<string>([ref.key]); ; ) {
      const from = this.carriedBy.get(`${bit}:${at.key}`);
      const caller = from !== undefined ? this.byKey.get(from) : undefined;
      // A background task started by start-up code: the fn that starts it is where it comes from.
      if (!caller || seen.has(caller.key) || !(this.bitsOf(caller) & bit)) return caller && bit === BACKGROUND && !seen.has(caller.key) ? caller : at;
      seen.add(caller.key);
      at = caller;
    }
  }

  /**
   * A fn that runs in a spawned task or thread somewhere up its callers (a panic there ends that task),
   * as opposed to a background fn reached only from a service loop on the entry's own task (a panic
   * there ends the program).
   */
  inSpawnedTask(ref: FnRef): boolean {
    return (this.bitsOf(ref) & TASK) !== 0;
  }

  /**
   * Code the model does not hold may call the fn: an exported fn (or a trait method) of a package
   * whose dependants the review did not read, or of a library no member uses. Its call sites in the
   * model are then not all of them.
   */
  callableFromOutside(ref: FnRef): boolean {
    return (this.rootBits(ref) & EXTERNAL) !== 0;
  }

  /** A fn where requests enter (a registered route, an extractor-taking fn, a per-request trait method, a per-connection task). */
  isRequestEntry(ref: FnRef): boolean {
    return this.entries.has(ref.key) || (this.rootBits(ref) & REQUEST) !== 0;
  }

  /** Where a call of `ref` runs: code in a task spawned at start-up is a background job. */
  ofCall(ref: FnRef, call: CallFact): ExecutionContext {
    const bits = this.bitsOf(ref);
    return contextOf(((call.spawned && !call.joined) || call.repeats) && bits & ENTRY ? (bits & ~ENTRY) | BACKGROUND : bits);
  }

  /**
   * An async fn only ever driven off the executor: every call of it is in the future a `block_on`
   * hands to its calling thread (a sync thread: `block_on` panics on a worker), or awaited in the
   * body of a fn that is itself so driven, or in code that runs alone (start-up, tests, a
   * command-line tool). Blocking there stalls no other task. Computed once, on first ask.
   */
  drivenOffExecutor(ref: FnRef): boolean {
    const known = this.offExecutor.get(ref.key);
    if (known !== undefined) return known;
    if (!this.mayBeDrivenOff(ref)) {
      this.offExecutor.set(ref.key, false);
      return false;
    }
    // The answer depends on the callers awaiting it that may be so driven too, and theirs: those
    // undecided are settled together (the largest set where every call is off the executor, as over
    // the whole crate), the rest are read as decided.
    const members = new Set<string>();
    for (const work = [ref]; work.length; ) {
      const f = work.pop()!;
      if (members.has(f.key)) continue;
      members.add(f.key);
      for (const { caller } of this.asyncSites(f)) if (!members.has(caller.key) && !this.offExecutor.has(caller.key) && this.mayBeDrivenOff(caller)) work.push(caller);
    }
    const out = new Set(members);
    const driven = (key: string) => out.has(key) || this.offExecutor.get(key) === true;
    // A call in a service loop of start-up code is a background job's, as in the reach above.
    const alone = (f: FnRef, call: CallFact) => {
      const c = this.ofCall(f, call);
      return c === 'startup' || c === 'test' || this.isCommandLineTool(f.file.path);
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (const key of [...out]) {
        const ok = this.asyncSites(this.byKey.get(key)!).every(({ caller, call }) => !call.spawned && (call.drivenByBlockOn || alone(caller, call) || (call.context === 'async' && driven(caller.key))));
        if (!ok) {
          out.delete(key);
          changed = true;
        }
      }
    }
    for (const key of members) this.offExecutor.set(key, out.has(key));
    return out.has(ref.key);
  }

  /** An async fn that some call reaches, where requests do not enter and code outside the model does not call. */
  private mayBeDrivenOff(ref: FnRef): boolean {
    return ref.fn.async && this.asyncSites(ref).length > 0 && !this.isRequestEntry(ref) && !(this.rootBits(ref) & (REQUEST | EXTERNAL));
  }

  /** The calls of an async fn (any candidate). */
  private asyncSites(ref: FnRef): { caller: FnRef; call: CallFact }[] {
    if (!ref.fn.async) return [];
    let known = this.sitesOfAsync.get(ref.key);
    if (!known) this.sitesOfAsync.set(ref.key, (known = this.callSites(ref).map(({ caller, index }) => ({ caller, call: caller.fn.calls[index]! }))));
    return known;
  }

  private readonly sitesOfAsync = new Map<string, { caller: FnRef; call: CallFact }[]>();

  /** A crate (`crateOf`) where some fn serves requests: a route, an extractor, a per-request trait, an accept loop. */
  serves(crate: string): boolean {
    return this.servingCrates.has(crate);
  }

  /**
   * A command-line tool: a package with a binary whose `main` the model sees, built for a person at
   * a terminal (it depends on a prompt, progress-bar or text-UI crate of the catalogue), or parsing
   * its command line (an argument-parser crate) while its code serves no request and runs no
   * background job. One user waits for one command: a blocking call there stalls no one else.
   * Never from the package's name.
   */
  isCommandLineTool(path: string): boolean {
    const pkg = packageOf(path, this.manifests);
    if (!pkg?.hasBin) return false;
    let known = this.commandLineTools.get(pkg.dir);
    if (known === undefined) this.commandLineTools.set(pkg.dir, (known = this.buildsCommandLineTool(pkg)));
    return known;
  }

  private buildsCommandLineTool(pkg: ManifestFact): boolean {
    const src = `${pkg.dir}src/`;
    if (!this.index.fns.some((f) => f.fn.entry && this.index.crateOf(f.file.path).startsWith(src))) return false;
    // A server's binary that starts the server a member library builds is no tool, prompts or not: a
    // server framework among its own dependencies or those of a member it uses directly. Not deeper:
    // a logging member exporting traces over gRPC (`tonic`) does not make every program using it a server.
    const members = this.manifests.filter((m) => m !== pkg && m.name && pkg.deps.includes(m.name));
    if (pkg.deps.some(isServerFrameworkCrate) || members.some((m) => m.deps.some((d) => isServerFrameworkCrate(d) && !m.optionalDeps?.includes(d)))) return false;
    if (pkg.deps.some(isInteractiveTerminalCrate)) return true;
    // The program's code the model cannot read may serve or loop: a daemon, for all it knows.
    const held = new Set([...this.index.files.keys()].map((p) => packageOf(p, this.manifests)?.name));
    if (this.manifests.some((m) => m.name && m !== pkg && pkg.deps.includes(m.name) && !held.has(m.name))) return false;
    // What its `main` reaches serves no request, spawns no task and runs no loop that lasts (a daemon
    // does), and it reads its command line: through an argument-parser crate or `std::env::args`.
    let readsArgs = pkg.deps.some(isArgParserCrate);
    const seen = new Set<string>();
    const work = this.index.fns.filter((f) => f.fn.entry && this.index.crateOf(f.file.path).startsWith(src));
    for (let ref = work.pop(); ref; ref = work.pop()) {
      if (seen.has(ref.key)) continue;
      seen.add(ref.key);
      // A task it waits for (fanned-out work joined before the command ends) is part of the command.
      if (this.registrars.has(ref.key) || ref.fn.calls.some((c) => (c.spawned && !c.joined) || c.repeats)) return false;
      readsArgs ||= ref.fn.calls.some((c) => c.resolved !== undefined && isArgsFunction(c.resolved));
      ref.fn.calls.forEach((_, i) => work.push(...this.summaries.callees(ref!, i)));
    }
    return readsArgs;
  }

  /**
   * A browser or desktop app: the package depends on a frontend framework of the catalogue (yew,
   * web-sys, egui, ..), on no server framework, and the model sees none of its code serve a request.
   * A panic there breaks one user's page, not a server's request.
   */
  isFrontend(path: string): boolean {
    const pkg = packageOf(path, this.manifests);
    if (!pkg || !pkg.deps.some(isFrontendFrameworkCrate) || pkg.deps.some(isServerFrameworkCrate)) return false;
    return ![...this.servingCrates].some((c) => c.startsWith(pkg.dir));
  }

  /**
   * Code a deployed backend runs: not a test-support package, a command-line tool, a frontend, nor
   * a side tool (a program the workspace leaves out, built on its own, that no package depends on;
   * a library left out is still a library others run). Files outside any package the manifests
   * describe count as backend code.
   */
  inBackend(path: string): boolean {
    const pkg = packageOf(path, this.manifests);
    if (!pkg) return true;
    const sideTool = pkg.hasBin && outsideWorkspace(pkg, this.manifests) && !this.manifests.some((m) => m.deps.includes(pkg.name!));
    return !sideTool && !this.inTestSupportPackage(path) && !this.isFrontend(path) && !this.isCommandLineTool(path);
  }

  /** The fn is the body of a test that a project macro declares (`make_db_test!(check_refill)`). */
  registeredAsTest(ref: FnRef): boolean {
    return this.macroTests.has(ref.key);
  }

  /** A package only other members' tests depend on (a test-database or fake-services crate). */
  inTestSupportPackage(path: string): boolean {
    const pkg = packageOf(path, this.manifests);
    return !!pkg?.name && this.testSupport.has(pkg.name);
  }

  /**
   * A module compiled only for tests: declared under `#[cfg(test)]` (`#[cfg(test)] mod tests;` puts
   * the whole `tests.rs` there), or under a feature that only other members' tests turn on.
   */
  inTestOnlyModule(ref: FnRef): boolean {
    return this.testOnlyModule(ref.file, ref.fn.module);
  }

  /** The same for code of `file` in its inline module `inline` outside any fn (a `const`, a `static`). */
  testOnlyModule(file: FileFacts, inline: readonly string[]): boolean {
    const gates = this.index.cfgGatesOf(this.index.crateOf(file.path), this.index.moduleAt(file, inline));
    if (!gates.length) return false;
    const features = this.testFeatures.get(packageOf(file.path, this.manifests)?.name ?? '');
    const testOnly = (g: string): boolean => g === 'test' || (g.startsWith('feature=') && !!features?.has(g.slice('feature='.length)));
    // `any(test, feature = "test-helpers")`: compiled for tests, or for a feature only tests turn on.
    return gates.some((g) => testOnly(g) || (g.startsWith('any(') && g.slice(4, -1).split('|').every(testOnly)));
  }

  /**
   * Modules only tests use (`pub mod test_utils;` whose fns integration tests and `#[cfg(test)]`
   * modules call, compiled into the library all the same): at least one call from code compiled only
   * for tests reaches a fn of the module by path or receiver type, and no other code outside the module
   * calls one so or hands one over. A call matched by a method's name alone (`query.build()` beside a
   * test builder's `build`) says nothing about who uses the module; it still carries its louder
   * contexts to that method, and only fns nothing calls (no name matches either) take the module's answer.
   */
  private onlyTestsUse(module: string): boolean {
    // A crate's root module is the crate itself, not a support module of it.
    if (module.endsWith('|')) return false;
    const known = this.testSupportModules.get(module);
    if (known !== undefined) return known;
    if (!this.fnsByModule) {
      this.fnsByModule = new Map();
      for (const ref of this.index.fns) {
        const key = this.moduleKey(ref);
        (this.fnsByModule.get(key) ?? this.fnsByModule.set(key, []).get(key)!).push(ref);
      }
    }
    let byTests = false;
    let byOthers = false;
    const note = (from: FnRef) => {
      const caller = this.moduleKey(from);
      if (caller === module || caller.startsWith(`${module}::`)) return;
      if (this.compiledForTestsOnly(from)) byTests = true;
      else byOthers = true;
    };
    for (const to of this.fnsByModule.get(module) ?? []) {
      for (const { caller, index } of this.sites.callsNaming(to.fn.name, this.positionOf)) if (this.summaries.knownCallees(caller, index).includes(to)) note(caller);
      for (const from of this.sites.handingOver(to.fn.name, this.positionOf)) if (this.handedOver(from).some(({ targets }) => targets.includes(to))) note(from);
      if (byOthers) break;
    }
    const only = byTests && !byOthers;
    this.testSupportModules.set(module, only);
    return only;
  }

  private readonly testSupportModules = new Map<string, boolean>();
  private fnsByModule?: Map<string, FnRef[]>;

  /** `crate|a::b`: the module a fn is declared in (its file's module and the inline modules around it). */
  private moduleKey(ref: FnRef): string {
    let key = this.moduleKeys.get(ref.key);
    if (key === undefined) this.moduleKeys.set(ref.key, (key = `${this.index.crateOf(ref.file.path)}|${this.index.moduleAt(ref.file, ref.fn.module).join('::')}`));
    return key;
  }

  private readonly moduleKeys = new Map<string, string>();

  /** A test fn, a fn a project macro registers as a test, or code of a test file, a test-support package or a test-only module (asked twice per fn: computed once). */
  private compiledForTestsOnly(ref: FnRef): boolean {
    let known = this.testOnlyFns.get(ref.key);
    if (known === undefined) {
      // A file of a `[[test]]` target declared outside `tests/`, or one a test file mounts with `#[path]` (crate-layout.ts).
      const testFile = this.index.layout.isTestFile(ref.file.path);
      this.testOnlyFns.set(ref.key, (known = ref.fn.test || testFile || this.macroTests.has(ref.key) || this.inTestSupportPackage(ref.file.path) || this.inTestOnlyModule(ref)));
    }
    return known;
  }

  private readonly testOnlyFns = new Map<string, boolean>();

  /** What a fn is by itself (test, entry, exported, a handler by its attributes or parameters); asked several times per fn: computed once. */
  private rootBits(ref: FnRef): number {
    let bits = this.roots.get(ref.key);
    if (bits === undefined) this.roots.set(ref.key, (bits = this.ownBits(ref)));
    return bits;
  }

  private readonly roots = new Map<string, number>();

  private ownBits(ref: FnRef): number {
    const { fn } = ref;
    let bits = 0;
    if (this.compiledForTestsOnly(ref)) bits |= TEST;
    if (fn.entry) bits |= ENTRY;
    if ((fn.exported || fn.trait !== undefined) && !(bits & TEST) && this.calledFromOutside(ref.file.path)) bits |= EXTERNAL;
    if (!fn.test && (fn.attributes.some(isRouteAttribute) || (fn.async && fn.params.some((p) => isExtractorType(p.type) && !/^&/.test(p.type))) || (fn.trait !== undefined && isRequestTrait(fn.trait)))) bits |= REQUEST;
    return bits;
  }

  /**
   * A package whose exported fns may be called from code the model does not hold: a member another
   * member depends on when that member's code is not in the model (a review reads the crates of the
   * change), or a library no member uses (it is there for other projects). Without manifests the
   * model takes what it holds as the whole program.
   */
  private packagesCalledFromOutside(): Set<string> {
    const out = new Set<string>();
    const held = new Set<string>();
    for (const path of this.index.files.keys()) {
      const pkg = packageOf(path, this.manifests);
      if (pkg) held.add(pkg.dir);
    }
    for (const pkg of this.manifests) {
      if (!pkg.name || this.testSupport.has(pkg.name)) continue;
      const dependants = this.manifests.filter((m) => m !== pkg && (m.deps.includes(pkg.name!) || m.devDeps.includes(pkg.name!)));
      // A dependant's code the review did not read calls it from places unknown, unless that code only
      // runs in tests: a package depending on it as a dev-dependency alone, or a test-support package.
      const runsOutsideTests = (d: ManifestFact) => d.deps.includes(pkg.name!) && !(d.name && this.testSupport.has(d.name));
      if (dependants.length ? dependants.some((d) => !held.has(d.dir) && runsOutsideTests(d)) : !pkg.hasBin) out.add(pkg.dir);
    }
    return out;
  }

  private calledFromOutside(path: string): boolean {
    const pkg = packageOf(path, this.manifests);
    return !!pkg && this.openPackages.has(pkg.dir);
  }

  /**
   * Crate fns handed by path to a routing call (`get(list)`, `.to(handlers::index)`): an argument
   * that is a path, not a name an argument's expression mentions (`.any(|f| f == field)`), nor a
   * local of the calling fn (`map.get(key)`).
   */
  private namedFns(ref: FnRef, call: CallFact): FnRef[] {
    const crate = this.index.crateOf(ref.file.path);
    const module = this.index.moduleAt(ref.file, ref.fn.module);
    const out: FnRef[] = [];
    for (const path of call.argPaths ?? []) {
      if (!path.includes('::') && (ref.fn.params.some((p) => p.name === path) || ref.fn.lets.some((l) => l.name === path))) continue;
      const r = this.index.resolve(crate, module, path);
      const fns = r ? this.index.freeFns(r) : this.index.fnsNamed(crate, lastSegment(path)).filter((f) => !f.fn.hasSelf);
      for (const f of fns) if (!f.fn.test) out.push(f);
    }
    return out;
  }

  /**
   * Crate fns a fn hands over by path, resolved through the module's `use`s (never by a name alone):
   * arguments of calls that register no route (`.map(parse_row)`, `thread::spawn(worker)`) and of
   * macro invocations (`to_sync!(migrate_to_v4)`). `spawned`: handed to a spawning call, or code in a task.
   * `seen`: where it runs is known: a task (a spawning call), or a crate macro whose expansion the model reads.
   */
  private handedOver(ref: FnRef): HandedOver[] {
    let known = this.handed.get(ref.key);
    if (!known) this.handed.set(ref.key, (known = this.findHandedOver(ref)));
    return known;
  }

  private readonly handed = new Map<string, HandedOver[]>();

  private findHandedOver(ref: FnRef): HandedOver[] {
    const crate = this.index.crateOf(ref.file.path);
    const module = this.index.moduleAt(ref.file, ref.fn.module);
    const resolve = (paths: readonly string[]): FnRef[] =>
      paths.flatMap((path) => {
        if (!path.includes('::') && (ref.fn.params.some((p) => p.name === path) || ref.fn.lets.some((l) => l.name === path))) return [];
        const r = this.index.resolve(crate, module, path);
        return r ? this.index.freeFns(r).filter((f) => !f.fn.test) : [];
      });
    const out: HandedOver[] = [];
    for (const call of ref.fn.calls) {
      if (!call.argPaths?.length || isRouting(call)) continue;
      const spawning = call.method !== undefined ? isSpawningMethod(call.method) : isSpawningFunction(call.resolved ?? call.written ?? '');
      const targets = resolve(call.argPaths);
      if (targets.length) out.push({ spawned: !!call.spawned || spawning, joined: !!call.joined, seen: spawning, targets });
    }
    for (const m of ref.fn.macros) {
      const targets = m.argPaths?.length ? resolve(m.argPaths) : [];
      if (targets.length) out.push({ spawned: false, joined: false, seen: this.index.macroRules(crate, m.name).length > 0, targets });
    }
    return out;
  }

  /** A call inside a closure handed to a routing call (`get(|req| async move { handle(req).await })`). */
  private routedClosure(ref: FnRef, i: number): boolean {
    for (let k = ref.fn.calls[i]!.closureOf; k !== undefined; k = ref.fn.calls[k]!.closureOf) {
      const holder = ref.fn.calls[k]!;
      if (isRouting(holder)) return true;
    }
    return false;
  }
}

/** A fn handed over by path (see `handedOver`); `joined`: to a spawn whose task the fn waits for. */
interface HandedOver {
  spawned: boolean;
  joined: boolean;
  seen: boolean;
  targets: FnRef[];
}

function contextOf(bits: number): ExecutionContext {
  if (bits & REQUEST) return 'request';
  if (bits & BACKGROUND) return 'background';
  if (bits & EXTERNAL) return 'unknown';
  if (bits & ENTRY) return 'startup';
  if (bits & TEST) return 'test';
  return 'unknown';
}

const lastSegment = (written: string | undefined): string => (written ? written.slice(written.lastIndexOf(':') + 1) : '');

/** A call that registers a handler: `get(list)`, `.post(create)`, `service_fn(..)` (not `iter.any(..)`). */
const isRouting = (call: CallFact): boolean => call.filterParams !== undefined || (call.method !== undefined ? isRoutingMethod(call.method) : isRoutingCall(lastSegment(call.written)));
