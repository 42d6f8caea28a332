/**
 * "Coverage of this change": for every public function or handler that a change adds or edits,
 * whether some test mentions it (by name, or by requesting its route), and which test.
 *
 * Test code is read in rounds, cheapest first, and the search stops as soon as every row is
 * covered: (1) the test modules of the changed files and the changed test files (already read),
 * (2) out-of-line `mod tests;` files of the changed files, (3) the crate's `tests/` files. Router
 * files are read only when a handler has to be matched by its route. In the App each read can be a
 * request, hence the order and the `maxExtraReads` budget.
 */
import { isBoilerplateEndpointName, isUbiquitousHandlerName } from '../../../catalogue/naming.js';
import { isHandlerModulePath, isRouterFile } from '../../../catalogue/layout.js';
import type { ChangedFileView } from '../../define-rule.js';
import { isTestPath } from '../../../rust/syntax.js';
import { bodyRunsCode } from '../../../model/fn-work.js';
import { compiledOnlyInDebug } from '../../../model/cfg.js';
import { changedFunctions, type ChangedFn } from '../../../model/changed-fns.js';
import { productionFns } from '../../../model/fn-keys.js';
import { fileModuleName, isIntegrationTestPath, layoutOf, outOfLineTestModules } from '../../../model/crate-layout.js';
import { lowerBound } from '../../../util/sorted.js';
import { applyMounts, mountsIn, routesIn, type Mount, type Route } from '../../../model/routes.js';
import { routeStaticSegments, testUrlSegments, urlHitsRoute } from '../../../model/route-paths.js';
import { routeConstantKeys } from '../../../model/route-constants.js';
import type { Node } from '../../../rust/parser.js';
import { ChangeSources, type ChangeSourceInput, type ParsedFile } from './sources.js';
import { indexTestCode, type TestCodeIndex, type TestUnit } from './test-code.js';
import { FnReach, type ReachedFn } from '../../../model/reached-fns.js';

export interface CoverageRow {
  path: string;
  /** The signature line of the function (head version). */
  line: number;
  /** `archive_project`, or `OrderService::place` for a method. */
  name: string;
  covered: boolean;
  /** The test (or test helper) that mentions it: `tests::archive_removes_project`, `tests/api.rs: lists_orders (GET /orders)`. */
  coveredBy?: string;
}

/**
 * A changed fn as the coverage keeps it: what it reads of the fn, without its node (a whole-tree
 * review has thousands of rows, and a row holding its node held its file's whole tree; issue 17).
 */
export interface CoveredFn extends Omit<ChangedFn, 'node'> {
  /** The fn node's id (a caller is matched against it). */
  id: number;
  /** The model's key of the fn (`path:line:name`): a test's call site that resolves to it covers it. */
  key?: string;
  /** Its body runs code, not only builds a constant value (model/fn-work.ts; see isUntestedHandler). */
  doesSomething: boolean;
  /** Compiled only into debug builds. */
  debugOnly: boolean;
}

export interface CoverageDetail extends CoverageRow {
  fn: CoveredFn;
  /** An HTTP handler or a service entry point (as opposed to any other public fn). */
  handler: boolean;
  routes: Route[];
  /** Covered only through a covered caller in the changed files. */
  indirect: boolean;
  /** The crate visibly tests code like this: its own module's tests cover other functions, or the crate has `tests/`. */
  testedAround: boolean;
  /** Tests the function's own module holds that mention its neighbours (not only the crate's `tests/`). */
  moduleTestsNeighbours: boolean;
  /** False when the read budget ran out before all test files were searched. */
  searchComplete: boolean;
}

export interface CoverageOptions {
  /** Reads allowed beyond the changed files (test files, routers). */
  maxExtraReads?: number;
}


/** The summary's table rows. `input` is the change-rule context or the pipeline's change input. */
export async function computeChangeCoverage(input: ChangeSourceInput, options: CoverageOptions = {}): Promise<CoverageRow[]> {
  return (await changeCoverage(input, options)).rows;
}

/**
 * The summary's table rows and, on a whole-tree review, a note counting the handlers without a test
 * (`tests/handler-untested` comments on each only in a change: on a whole tree they are the state
 * of the project, which one line of the summary says better than forty comments).
 */
export async function changeCoverage(input: ChangeSourceInput & { readonly wholeTree?: boolean }, options: CoverageOptions = {}): Promise<{ rows: CoverageRow[]; note?: string }> {
  const sources = await ChangeSources.open(input);
  const details = await analyseCoverage(sources, options);
  const rows = details.map(({ path, line, name, covered, coveredBy }) => (coveredBy ? { path, line, name, covered, coveredBy } : { path, line, name, covered }));
  const untested = input.wholeTree ? details.filter(isUntestedHandler) : [];
  if (!untested.length) return { rows };
  const handlers = details.filter((d) => d.handler).length;
  return { rows, note: `${untested.length} of ${handlers} handlers have no test that calls them or requests their route, in modules or crates that test their other handlers (marked ❌ in the coverage table; a whole-tree review counts them here instead of commenting on each).` };
}


/**
 * A handler (or service entry point) the change adds or really changes and that nothing tests, in a
 * module or crate that tests its neighbours: the gap `tests/handler-untested` comments on.
 */
export function isUntestedHandler(row: CoverageDetail): boolean {
  if (!row.handler || row.covered || !row.searchComplete || !row.testedAround) return false;
  // Boilerplate endpoints (probes, metrics, version, root, fallbacks): teams rarely test them and reviewers do not ask.
  if (isBoilerplateEndpointName(row.fn.shortName) || !row.fn.doesSomething || row.fn.debugOnly) return false;
  // An edited handler: only a real change of behaviour (a one-line tweak of untested code is not this PR's gap).
  if (row.fn.change === 'changed' && row.fn.addedCodeLines < 3) return false;
  // Tested only through HTTP in tests/: without knowing the route we cannot tell it is untested (nor
  // by a route constant alone: tests may request what it holds by the URL written out).
  return row.moduleTestsNeighbours || row.routes.some((r) => !r.constant);
}

/** Routes registered under a route constant: what the constant resolves to, as the handler's module names it. */
function keyConstants(found: Route[], path: string, root: Node, reach: FnReach): Route[] {
  if (!found.some((r) => r.constant)) return found;
  reach.add(path, root);
  const index = reach.index;
  for (const r of found) {
    if (!r.constant) continue;
    const fn = index.fnsOfFile(path).find((f) => f.fn.name === r.handler && f.fn.line === r.line);
    r.constantKeys = routeConstantKeys(index, path, fn ? index.moduleAt(fn.file, fn.fn.module) : index.moduleOfFile(path), r.constant);
  }
  return found;
}

interface Loaded {
  index: TestCodeIndex;
  /** The test code lives in this production file (or its out-of-line test module). */
  ownerPath?: string;
}

/** A test index with its units that hold URLs, found once. */
interface Indexed extends Loaded {
  withUrls: TestUnit[];
}

/** A test unit and the position of its index in `TestLookup.all`. */
interface Placed {
  at: number;
  unit: TestUnit;
}

/** A unit that reaches a fn, and whether only by a method's name (the receiver's type unknown). */
interface Reaching extends Placed {
  byNameOnly: boolean;
}

/**
 * Every test index read so far, with its units looked up across indexes by the crate fns they reach
 * and by URL segment: `--all` on a large tree has thousands of rows and of test units, and matching
 * each row against every unit grew with their product.
 */
class TestLookup {
  readonly all: Indexed[] = [];
  /** How many of `all` the rows have been matched against (see `settle`). */
  settled = 0;
  /** Units by the key of each crate fn they reach (model/reached-fns.ts), in index order and, within an index, tests before helpers. */
  readonly byReach = new Map<string, Reaching[]>();
  /** Units with URLs by each segment of their URLs, in the same order. */
  readonly byUrlSegment = new Map<string, Placed[]>();
  /** Units by each route constant's field they name (model/route-constants.ts), in the same order. */
  readonly byRouteConstant = new Map<string, Placed[]>();

  add(loaded: Loaded): void {
    const at = this.all.length;
    const units = [...loaded.index.units].sort((a, b) => Number(b.isTest) - Number(a.isTest));
    for (const u of units) for (const r of u.reaches) push(this.byReach, r.ref.key, { at, unit: u, byNameOnly: r.byNameOnly });
    const withUrls = units.filter((u) => u.urls.length);
    for (const unit of withUrls) for (const seg of new Set(unit.urls.flatMap(testUrlSegments))) push(this.byUrlSegment, seg, { at, unit });
    for (const unit of units) for (const key of unit.routeConstants) push(this.byRouteConstant, key, { at, unit });
    this.all.push({ ...loaded, withUrls });
  }

  has(path: string): boolean {
    return this.all.some((t) => t.index.path === path);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * What the coverage reads of a changed production file, taken from its trees as it is read, so
 * that one tree at a time is held: its changed fns, its out-of-line test modules, and what each of
 * its production fns calls.
 */
interface ProdFile {
  file: ChangedFileView;
  fns: CoveredFn[];
  testModules: string[];
  callers: Caller[];
}

/** A production fn of the changed files as a possible caller: its name, the crate fns it reaches, and the handlers it routes to (named, not run). */
interface Caller {
  path: string;
  id: number;
  /** The model's key of the fn, when the index holds it. */
  key?: string;
  name: string;
  reaches: readonly ReachedFn[];
  routed: Set<string>;
}

function prodFileOf(file: ChangedFileView, head: ParsedFile, base: ParsedFile | undefined, reach: FnReach): ProdFile {
  reach.add(file.path, head.root);
  const fns = changedFunctions(file, head, base).map(({ node, ...fn }): CoveredFn => {
    const key = reach.fnAt(file.path, node)?.key;
    return { ...fn, id: node.id, ...(key ? { key } : {}), doesSomething: bodyRunsCode(node), debugOnly: compiledOnlyInDebug(node) };
  });
  const callers: Caller[] = [];
  for (const [, fn] of productionFns(head)) {
    const body = fn.childForFieldName('body');
    const routed = new Set(body ? routesIn(body).map((r) => r.handler) : []);
    const ref = reach.fnAt(file.path, fn);
    callers.push({ path: file.path, id: fn.id, ...(ref ? { key: ref.key } : {}), name: fn.childForFieldName('name')?.text ?? '', reaches: ref ? reach.reachedBy(ref, fn) : [], routed });
  }
  return { file, fns, testModules: outOfLineTestModules(file.path, head.root), callers };
}

export async function analyseCoverage(sources: ChangeSources, options: CoverageOptions = {}): Promise<CoverageDetail[]> {
  const budget = options.maxExtraReads ?? 40;
  const reach = new FnReach(sources.input.project.model);
  const paths = sources.input.project.paths;
  const prodFiles: ProdFile[] = [];
  const tests = new TestLookup();
  const routes: Route[] = [];
  const mounts: Mount[] = [];
  const served = () => applyMounts(routes, mounts);

  for (const file of sources.changedRust()) {
    const head = await sources.headOnce(file.path);
    if (!head) continue;
    routes.push(...keyConstants(routesIn(head.root), file.path, head.root, reach));
    mounts.push(...mountsIn(head.root));
    if (isIntegrationTestPath(file.path)) tests.add({ index: indexTestCode(head, true, reach) });
    else if (!isTestPath(file.path)) {
      prodFiles.push(prodFileOf(file, head, await sources.baseOf(file), reach));
      const own = indexTestCode(head, false, reach);
      if (own.units.length) tests.add({ index: own, ownerPath: file.path });
    }
  }

  const rows: CoverageDetail[] = [];
  const servedRoutes = served();
  for (const { file, fns } of prodFiles) {
    for (const fn of fns) {
      if (fn.inTraitImpl || fn.shortName === 'main') continue;
      const handlerRoutes = servedRoutes.filter((r) => r.handler === fn.shortName);
      // A route named by a constant alone covers a fn (a test requesting that constant's field, or a fn
      // that formats it: model/route-builders.ts), never makes one a row: tests may still write its URL
      // out, and the path a route table's const fn builds is not read.
      const isRouteTarget = handlerRoutes.some((r) => !r.constant);
      if (!fn.isPublic && !isRouteTarget) continue;
      const handler = isRouteTarget || (fn.isPublic && fn.isAsync && isHandlerModulePath(file.path));
      rows.push({ path: file.path, line: fn.line, name: fn.name, covered: false, fn, handler, routes: handlerRoutes, indirect: false, testedAround: false, moduleTestsNeighbours: false, searchComplete: true });
    }
  }
  if (!rows.length) return rows;

  // An uncovered row did not match the indexes already settled: only the ones read since can cover it.
  const settle = () => {
    const fresh = tests.all.slice(tests.settled);
    tests.settled = tests.all.length;
    if (fresh.length) for (const row of rows) if (!row.covered) applyCoverage(row, tests, tests.all.length - fresh.length);
    return rows.every((r) => r.covered);
  };
  let allCovered = settle();

  // Round 2: out-of-line test modules of the files that have uncovered rows.
  const readIndex = async (path: string, ownerPath?: string): Promise<boolean> => {
    if (tests.has(path)) return true;
    if (sources.extraReads >= budget) return false;
    const parsed = await sources.head(path);
    // An out-of-line test module is named after its file: `digest/tests.rs` is `tests::`.
    const prefix = ownerPath ? `${fileModuleName(path)}::` : '';
    if (parsed) tests.add({ index: indexTestCode(parsed, true, reach, prefix), ownerPath });
    return true;
  };
  let complete = true;
  if (!allCovered) {
    for (const { file, testModules } of prodFiles) {
      if (!rows.some((r) => !r.covered && r.path === file.path)) continue;
      for (const p of testModules) {
        if (paths.length && !paths.includes(p)) continue;
        complete = (await readIndex(p, file.path)) && complete;
      }
    }
    allCovered = settle();
  }

  // Round 3: the crate's integration tests, until every row is covered.
  const layout = layoutOf(sources.input.project);
  const crates = [...new Set(rows.map((r) => layout.packageDirOf(r.path)))];
  const integration = new Map(crates.map((c) => [c, layout.integrationTestFiles(c)]));
  if (!allCovered) {
    for (const c of crates) {
      for (const p of integration.get(c)!) {
        if (allCovered) break;
        complete = (await readIndex(p)) && complete;
        allCovered = settle();
      }
    }
  }

  // Handlers still uncovered whose route is unknown: find it in the crate's router files, then retry by URL.
  if (!allCovered && tests.all.some((t) => t.withUrls.length)) {
    // Also routes as written on the handler (`#[get("/{id}")]`, a module's `routes()`): a router may mount them under a prefix.
    const mountable = (r: CoverageDetail) => !r.routes.length || r.routes.every((x) => x.attr || (x.within && !mounts.some((m) => m.fn === x.within)));
    const routeless = rows.filter((r) => !r.covered && r.handler && mountable(r));
    for (const c of routeless.length ? crates : []) {
      for (const p of paths.filter((x) => x.startsWith(c) && isRouterFile(x) && !sources.isChanged(x))) {
        if (sources.extraReads >= budget) {
          complete = false;
          break;
        }
        const parsed = await sources.head(p);
        if (parsed) {
          routes.push(...keyConstants(routesIn(parsed.root), p, parsed.root, reach));
          mounts.push(...mountsIn(parsed.root));
        }
      }
    }
    const all = served();
    for (const r of routeless) r.routes = all.filter((x) => x.handler === r.fn.shortName);
    // The rows' routes changed: match them against every index again.
    for (const r of routeless) if (!r.covered) applyCoverage(r, tests, 0);
    allCovered = rows.every((r) => r.covered);
  }

  if (!allCovered) coverIndirectly(rows, prodFiles, tests, served());

  for (const row of rows) {
    row.searchComplete = complete;
    const own = tests.all.filter((t) => t.ownerPath === row.path);
    // A neighbour is another public fn of the row's file.
    const callsNeighbour = (u: TestUnit) => u.reaches.some((r) => r.ref.key !== row.fn.key && r.ref.file.path === row.path && r.ref.fn.pub && !r.ref.fn.test);
    row.moduleTestsNeighbours = own.some((t) => t.index.testCount > 0 && t.index.units.some(callsNeighbour));
    row.testedAround = row.moduleTestsNeighbours || (integration.get(layout.packageDirOf(row.path))?.length ?? 0) > 0;
  }
  return rows.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
}

/** Whether test code that requests a route plausibly uses its method (GET is the default): a mention of the verb anywhere in it. */
function mentionsMethod(text: string, method: string): boolean {
  if (method === 'GET' || method === 'ANY') return true;
  return new RegExp(`(^|[^a-z])${method.toLowerCase()}([^a-z]|$)`, 'i').test(text);
}

function label(loaded: Loaded, unit: TestUnit, rowPath: string): string {
  return loaded.ownerPath === rowPath ? unit.label : `${loaded.index.path}: ${unit.label}`;
}

/**
 * Covers the row with the first test unit that calls its fn (or hands it over) or requests one of its
 * routes, among the indexes from position `from` on: own module first, then the others (each in
 * reading order); in an index, a call before a URL, test fns before helpers, routes in order.
 */
function applyCoverage(row: CoverageDetail, tests: TestLookup, from: number): void {
  // Called for every uncovered row each time an index is read: without a candidate it allocates nothing.
  let hits: Map<number, string> | undefined;
  const calling = row.fn.key ? tests.byReach.get(row.fn.key) : undefined;
  if (reaches(calling, from)) {
    for (const { at, unit, byNameOnly } of placedFrom(calling, from)) {
      if (hits?.has(at)) continue;
      const loaded = tests.all[at]!;
      // A method called by its name alone (the receiver's type unknown): a name many types share says nothing outside the fn's own module.
      if (byNameOnly && loaded.ownerPath !== row.path && isUbiquitousHandlerName(row.fn.shortName)) continue;
      (hits ??= new Map()).set(at, label(loaded, unit, row.path));
    }
  }
  let urlHits: Map<number, string> | undefined;
  for (const route of row.routes) {
    if (route.constantKeys) {
      // Named by a route constant's field: a unit that names the same field of the same constant requests it.
      for (const key of route.constantKeys) {
        const naming = tests.byRouteConstant.get(key);
        if (!reaches(naming, from)) continue;
        for (const { at, unit } of placedFrom(naming, from)) {
          if (hits?.has(at) || urlHits?.has(at) || !mentionsMethod(unit.text, route.method)) continue;
          (urlHits ??= new Map()).set(at, `${label(tests.all[at]!, unit, row.path)} (${route.method === 'ANY' ? '' : `${route.method} `}${route.constant})`);
        }
      }
      continue;
    }
    const candidates = rarestCandidates(tests, route.path);
    if (!reaches(candidates, from)) continue;
    for (const { at, unit } of placedFrom(candidates, from)) {
      if (hits?.has(at) || urlHits?.has(at)) continue;
      const url = unit.urls.find((x) => urlHitsRoute(x, route.path) && mentionsMethod(unit.text, route.method));
      if (url) (urlHits ??= new Map()).set(at, `${label(tests.all[at]!, unit, row.path)} (${route.method === 'ANY' ? '' : `${route.method} `}${url})`);
    }
  }
  if (urlHits) for (const [at, coveredBy] of urlHits) (hits ??= new Map()).set(at, coveredBy);
  if (!hits) return;
  const order = [...hits.keys()].sort((a, b) => a - b);
  const first = order.find((at) => tests.all[at]!.ownerPath === row.path) ?? order[0]!;
  row.covered = true;
  row.coveredBy = hits.get(first);
}

/** Whether a list (in index order) has entries at or after index position `from`. */
const reaches = <P extends Placed>(list: readonly P[] | undefined, from: number): list is readonly P[] => !!list?.length && list[list.length - 1]!.at >= from;

/** Units whose URLs hold the route's rarest static segment: a URL that hits the route holds them all. */
function rarestCandidates(tests: TestLookup, routePath: string): readonly Placed[] | undefined {
  let best: readonly Placed[] | undefined;
  for (const seg of routeStaticSegments(routePath)) {
    const list = tests.byUrlSegment.get(seg);
    if (!list) return undefined;
    if (!best || list.length < best.length) best = list;
  }
  return best;
}

/** The entries of `list` (in index order) from index position `from` on: rows are re-matched against each index read. */
function* placedFrom<P extends Placed>(list: readonly P[] | undefined, from: number): Generator<P> {
  if (!list) return;
  for (let i = lowerBound(list, placedAt, from); i < list.length; i++) yield list[i]!;
}

const placedAt = (p: Placed): number => p.at;

/** One level of indirection: a function called by a covered function of the changed files (by a call, or a request of its route) is covered too. */
function coverIndirectly(rows: CoverageDetail[], prodFiles: readonly ProdFile[], tests: TestLookup, servedRoutes: readonly Route[]): void {
  // Each production fn of the changed files once, under each crate fn it reaches.
  const callersOf = new Map<string, Caller[]>();
  for (const caller of prodFiles.flatMap((p) => p.callers)) for (const r of caller.reaches) push(callersOf, r.ref.key, caller);
  // Whether a caller is covered depends on the caller alone: matched once, whichever row asks.
  const coverageOf = new Map<number, string | undefined>();
  const callerCoveredBy = (caller: Caller, row: CoverageDetail): string | undefined => {
    if (!coverageOf.has(caller.id)) {
      // A handler calling it is covered by a test that requests one of its routes, too.
      const routes = servedRoutes.filter((r) => r.handler === caller.name);
      const viaRow: CoverageDetail = { ...row, path: caller.path, covered: false, coveredBy: undefined, fn: { ...row.fn, shortName: caller.name, path: caller.path, implType: undefined, key: caller.key }, routes };
      applyCoverage(viaRow, tests, 0);
      coverageOf.set(caller.id, viaRow.covered ? viaRow.coveredBy : undefined);
    }
    return coverageOf.get(caller.id);
  };
  for (const row of rows) {
    if (row.covered) continue;
    for (const caller of (row.fn.key && callersOf.get(row.fn.key)) || []) {
      // A router names its handlers without running them: testing the router is not testing each route.
      if (caller.id === row.fn.id || caller.routed.has(row.fn.shortName)) continue;
      const coveredBy = callerCoveredBy(caller, row);
      if (coveredBy !== undefined) {
        row.covered = true;
        row.indirect = true;
        row.coveredBy = `${coveredBy} via ${caller.name}`;
        break;
      }
    }
  }
}
