/**
 * An index of test code for "does any test exercise X": the crate fns each test function (and each
 * helper in test code) calls or hands over, by the model's call sites, and the URL-like strings it
 * requests, so the test can be named in the summary.
 */
import type { Node } from '../../../rust/parser.js';
import { descendants, fnName, stringValue } from '../../../rust/syntax.js';
import { isTestFn } from '../../../model/test-attributes.js';
import { testRegions } from '../../../model/test-regions.js';
import { looksLikeRequestPath } from '../../../model/route-paths.js';
import { routeConstantChainsIn, routeConstantKeys, routeRequestedThrough } from '../../../model/route-constants.js';
import type { CrateIndex } from '../../../model/crate-index.js';
import type { ParsedFile } from './sources.js';
import type { FnReach, ReachedFn } from '../../../model/reached-fns.js';

export interface TestUnit {
  /** Where it is: `tests::get_project_returns_own_project`. */
  label: string;
  /** A test function (as opposed to a helper or module-level code of test code). */
  isTest: boolean;
  /** Its source (a request's method is looked for in it). */
  text: string;
  /** String literals that look like request paths or URLs (`/projects/{id}/archive`). */
  urls: readonly string[];
  /** The crate fns it calls or hands over, by the index's call sites (model/reached-fns.ts); empty for code outside fns. */
  reaches: readonly ReachedFn[];
  /** The route constants' fields it names (`ROUTES.auth.login`), by what they resolve to (model/route-constants.ts). */
  routeConstants: readonly string[];
}

export interface TestCodeIndex {
  path: string;
  units: TestUnit[];
  /** Number of test functions. */
  testCount: number;
}

function unitOf(node: Node, label: string, isTest: boolean, reaches: readonly ReachedFn[], constantKeys: (chain: string) => string[], index: CrateIndex): TestUnit {
  const urls: string[] = [];
  const routeConstants = new Set(routeConstantChainsIn(node.text).flatMap(constantKeys));
  // A fn it calls builds a route's URL (`archive_url(id)` formatting `ROUTES.notes.archive`): that route is requested.
  for (const r of reaches) {
    if (r.byNameOnly || !r.ref.fn.buildsRoute) continue;
    const through = routeRequestedThrough(index, r.ref);
    for (const k of through.keys) routeConstants.add(k);
    urls.push(...through.urls);
  }
  for (const d of descendants(node)) {
    if (d.type === 'string_literal' || d.type === 'raw_string_literal') {
      const v = stringValue(d);
      if (v && looksLikeRequestPath(v)) urls.push(v);
    }
  }
  const text = node.text;
  return { label, isTest, text, urls, reaches, routeConstants: [...routeConstants] };
}

/**
 * Indexes the test code of a file: all of it for an integration test file, the test regions of a
 * production file. Each fn becomes a unit; code outside fns (consts, `proptest!`) one more unit,
 * which requests URLs but calls nothing the index can tell (no fn holds it). The file joins `reach`'s
 * index when the model did not read it.
 */
export function indexTestCode(file: ParsedFile, wholeFileIsTest: boolean, reach: FnReach, modulePrefix = ''): TestCodeIndex {
  reach.add(file.path, file.root);
  const regions = wholeFileIsTest ? [{ node: file.root, prefix: modulePrefix }] : testRegions(file.root);
  const units: TestUnit[] = [];
  const fileModule = reach.index.moduleOfFile(file.path);
  let testCount = 0;
  for (const region of regions) {
    const fns = region.node.type === 'function_item' ? [region.node] : [...descendants(region.node)].filter((d) => d.type === 'function_item');
    for (const fn of fns) {
      const isTest = isTestFn(fn);
      if (isTest) testCount++;
      const ref = reach.fnAt(file.path, fn);
      // A route constant is named as the fn's own module names it (its `use`s).
      const module = ref ? reach.index.moduleAt(ref.file, ref.fn.module) : fileModule;
      units.push(unitOf(fn, `${region.prefix}${fnName(fn)}`, isTest, ref ? reach.reachedBy(ref, fn) : [], (chain) => routeConstantKeys(reach.index, file.path, module, chain), reach.index));
    }
    if (region.node.type !== 'function_item') {
      // Module-level test code: consts, statics, macro-generated tests.
      const rest = unitOf(region.node, region.prefix.replace(/::$/, '') || file.path, false, [], (chain) => routeConstantKeys(reach.index, file.path, fileModule, chain), reach.index);
      units.push(rest);
      if (/\bproptest!|\brstest_reuse\b/.test(region.node.text)) testCount++;
    }
  }
  return { path: file.path, units, testCount };
}
