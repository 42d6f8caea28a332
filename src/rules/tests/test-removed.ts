import { EQUALITY_ASSERTIONS, VALUE_COMPARING_ASSERTIONS } from '../../catalogue/checks.js';
import { SHAPE_PREDICATE_METHODS } from '../../catalogue/values.js';
import type { Node } from '../../rust/parser.js';
import { macroName } from '../../rust/macros.js';
import { descendants, fnName, isTestPath, lineOf } from '../../rust/syntax.js';
import { defineRule, type ChangedFileView } from '../define-rule.js';
import { changedFunctions, type ChangedFn } from '../../model/changed-fns.js';
import { fnKey, productionFns } from '../../model/fn-keys.js';
import type { CrateModel } from '../../model/index.js';
import { ChangeSources, type ParsedFile } from './support/sources.js';
import { testFunctions } from '../../model/test-attributes.js';
import { assertingHelpers, scanAssertions } from '../../model/test-assertions.js';
import { isUbiquitousMethodName } from '../../catalogue/naming.js';
import { FnReach, type ReachedFn } from '../../model/reached-fns.js';

interface TestInfo {
  file: string;
  key: string;
  name: string;
  fn: Node;
  /** Normalised text of each explicit check. */
  checks: string[];
  /** The crate fns its call sites reach (model/reached-fns.ts), in the version of the tree it is from. */
  reaches: readonly ReachedFn[];
  body: string;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
/** Checks that pin a value, as opposed to `assert!(x.is_ok())`-style checks that only pin a shape. */
const STRONG = new RegExp(String.raw`^(${VALUE_COMPARING_ASSERTIONS.join('|')}|\w*snapshot)!|^assert!\s*\(\s*matches!`);
const WEAK = new RegExp(String.raw`^(debug_)?assert!\s*\(\s*!?[^=<>]*\.\s*(${SHAPE_PREDICATE_METHODS.join('|')})\s*\(\s*\)\s*\)$`);
/** `assert_eq!(x, 2_396)`, `assert_eq!("EUR", cur)`: an assertion that pins a literal value. */
const PINS_LITERAL = new RegExp(String.raw`^(${EQUALITY_ASSERTIONS.join('|')})!\s*\((\s*(-?[\d_]+(\.[\d_]+)?|"[^"]*"|'[^']*'|true|false)\s*,|.*,\s*(-?[\d_]+(\.[\d_]+)?|"[^"]*"|'[^']*'|true|false)\s*,?\s*\)$)`, 's');
/**
 * A property instead of a value: a bound (`assert!(x > 0)`, `assert!(n != 0)`) or an identity
 * between computed values (`assert_eq!(q.total, q.subtotal + q.tax)`), which any answer can satisfy.
 * A named constant (`assert_eq!(status, StatusCode::CREATED)`) still pins the value.
 */
const PROPERTY = /^(debug_)?assert!\s*\([^,]*(>|>=|<|<=|!=)\s*[^,]*\)$|^assert_eq!\s*\([^,"']+,[^,"']*[^\s,]\s*[-+*/]\s*[^,"']+\)$/s;

function testsOf(file: ParsedFile | undefined, reach: FnReach): Map<string, TestInfo> {
  const out = new Map<string, TestInfo>();
  if (!file) return out;
  reach.add(file.path, file.root);
  const helpers = assertingHelpers(file.root, file.imports);
  for (const fn of testFunctions(file.root, file.imports)) {
    const body = fn.childForFieldName('body');
    if (!body) continue;
    const checks = scanAssertions(body, helpers).checks.map((c) => squash(c.text));
    const ref = reach.fnAt(file.path, fn);
    out.set(fnKey(fn), { file: file.path, key: fnKey(fn), name: fnName(fn), fn, checks, reaches: ref ? reach.reachedBy(ref, fn) : [], body: squash(body.text) });
  }
  return out;
}

/**
 * Changed production fns the test's call sites reach, in either version of their file (`paths`: the
 * head path and the base path of each changed file). A method called on a receiver of unknown type
 * reaches every method of its name: a name many types share (`get`, `new`) says nothing then.
 */
function exercised(test: TestInfo, changed: ChangedFn[], paths: ReadonlyMap<string, string>): ChangedFn[] {
  return changed.filter((f) =>
    test.reaches.some(({ ref, byNameOnly }) => ref.fn.name === f.shortName && ref.fn.owner === f.implType && (ref.file.path === f.path || ref.file.path === paths.get(f.path)) && (!byNameOnly || !isUbiquitousMethodName(f.shortName))),
  );
}

/** A comment that is an assertion statement: `// assert_eq!(total, 3598);`. */
const COMMENTED_ASSERTION = /^(\/\/+|\/\*)\s*((\w+::)*(assert\w*|prop_assert\w*|\w*snapshot)!\s*[([].*[)\]];?)\s*(\*\/)?$/;

/** Assertions commented out on added lines of a test: the assertion removed without deleting a line of it. */
function reportCommentedOut(file: ChangedFileView, head: ParsedFile, report: (r: { path: string; node: Node; messageId: 'commentedOut' | 'commentedOutInTree'; data: Record<string, string> }) => void, wholeTree: boolean): void {
  if (!file.addedLines.size) return;
  for (const fn of testFunctions(head.root, head.imports)) {
    const body = fn.childForFieldName('body');
    if (!body) continue;
    for (const d of descendants(body)) {
      if ((d.type !== 'line_comment' && d.type !== 'block_comment') || !file.addedLines.has(lineOf(d))) continue;
      const m = COMMENTED_ASSERTION.exec(d.text.trim());
      // A whole-tree review has no change: the assertion was commented out at some point, maybe on purpose long ago.
      if (m) report({ path: file.path, node: d, messageId: wholeTree ? 'commentedOutInTree' : 'commentedOut', data: { name: fnName(fn), code: short(`// ${m[2]!}`) } });
    }
  }
}

/**
 * Whether the fn is test support: in a package only other members' tests depend on (fakes, fixture
 * builders), or in a module compiled only for tests. (A fn that only tests call so far is still code under test.)
 */
function onlyTestCode(model: CrateModel | undefined, fn: ChangedFn): boolean {
  if (!model) return false;
  if (model.contexts.inTestSupportPackage(fn.path)) return true;
  const ref = model.index.fnsOfFile(fn.path).find((r) => r.fn.line === fn.node.startPosition.row + 1 && r.fn.name === fn.shortName);
  return !!ref && model.contexts.inTestOnlyModule(ref);
}

/**
 * Names of production fns the change deletes (its whole file, or the fn from its file) and that no
 * changed file still defines: a test calling one went with the feature.
 */
function removedProductionFns(versions: { file: ChangedFileView; head?: ParsedFile; base?: ParsedFile }[]): Set<string> {
  const before = new Set<string>();
  const after = new Set<string>();
  for (const v of versions) {
    if (isTestPath(v.file.path)) continue;
    if (v.base) for (const fn of productionFns(v.base).values()) before.add(fnName(fn));
    if (v.head) for (const fn of productionFns(v.head).values()) after.add(fnName(fn));
  }
  return new Set([...before].filter((n) => !after.has(n) && !isUbiquitousMethodName(n)));
}

/** `LdapHandler::new_for_tests(a, b)`: the callee of a check that is a plain call, still called in `body`. */
function stillCalled(check: string, body: string): boolean {
  const callee = /^([\w:]+(?:\.\w+)*)\s*\(/.exec(check)?.[1];
  if (!callee || callee.endsWith('!')) return false;
  return body.includes(`${callee}(`);
}

/** A comment line the change added inside the test. */
function explainedInPlace(file: ChangedFileView, test: TestInfo): boolean {
  for (const d of descendants(test.fn)) {
    if ((d.type === 'line_comment' || d.type === 'block_comment') && file.addedLines.has(lineOf(d)) && !COMMENTED_ASSERTION.test(d.text.trim())) return true;
  }
  return false;
}

const list = (names: string[]) => names.map((n) => `\`${n}\``).join(', ');
const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

export default defineRule({
  id: 'tests/test-removed',
  role: 'tests',
  category: 'suspicious',
  docs: {
    summary: 'A test deleted, or its assertions removed or weakened, in the same PR that changes the code it checked; or an assertion commented out.',
    why: 'When a change makes a test fail, deleting the test or its assertion makes CI green without deciding whether the old behaviour was a requirement. The reviewer should see that trade explicitly.',
    bad: `pub fn volume_discount_pct(seats: u32) -> i64 {
    if seats >= 200 { 20 } else if seats >= 50 { 10 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_percent_from_fifty_seats() {
        let pct = volume_discount_pct(50);
        // assert_eq!(pct, 10);
        println!("{pct}");
    }
}
`,
    good: `pub fn volume_discount_pct(seats: u32) -> i64 {
    if seats >= 200 { 20 } else if seats >= 50 { 10 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_percent_from_fifty_seats() {
        let pct = volume_discount_pct(50);
        assert_eq!(pct, 10);
    }
}
`,
    path: 'src/services/pricing.rs',
    anchor: 'Derived rule (no lint); see the reference catalog "test/tests-removed-or-weakened"',
  },
  messages: {
    commentedOut: 'test `{{name}}` has its assertion commented out (`{{code}}`), so it no longer checks that',
    commentedOutInTree: { text: 'test `{{name}}` has an assertion commented out (`{{code}}`): it checks nothing there; delete it, or restore it with what made it fail', category: 'style' },
    removedWithNewTests: {
      text: '{{tests}} deleted in this PR ({{where}}) while `{{fn}}`, which {{it}} exercised, changes here; the PR adds tests of its own ({{added}}): check that they cover what {{it}} checked',
      category: 'style',
    },
    removed: '{{tests}} deleted in this PR ({{where}}) while `{{fn}}`, which {{it}} exercised, changes here',
    weakened: 'test `{{name}}` {{what}} in this PR while `{{fn}}`, which it checks, changes',
  },
  help: 'Keep the test and update its expectation to the new behaviour, or say in the PR why the old behaviour is no longer a requirement (and move the test, not drop it, if it only moved).',
  async check(ctx) {
    const sources = await ChangeSources.open(ctx);
    const rust = sources.files.filter((f) => f.path.endsWith('.rs'));
    // Only new files (a whole-tree review): no fn has a base version, so none changed and no test was
    // removed or weakened; each file is read once for commented-out assertions, one tree at a time.
    if (rust.every((f) => f.status === 'added')) {
      for (const file of rust) {
        const head = await sources.headOnce(file.path);
        if (head) reportCommentedOut(file, head, ctx.report, !!ctx.wholeTree);
      }
      return;
    }
    const versions: { file: ChangedFileView; head?: ParsedFile; base?: ParsedFile }[] = [];
    for (const file of rust) {
      const head = file.status === 'removed' ? undefined : await sources.head(file.path);
      versions.push({ file, head, base: await sources.baseOf(file) });
    }

    for (const v of versions) if (v.head) reportCommentedOut(v.file, v.head, ctx.report, !!ctx.wholeTree);

    const changed: ChangedFn[] = [];
    for (const v of versions) {
      if (!v.head || isTestPath(v.file.path)) continue;
      // A fake or fixture builder (a test-support package, code only tests reach) is not code under test.
      changed.push(...changedFunctions(v.file, v.head, v.base).filter((f) => f.change === 'changed' && !onlyTestCode(ctx.project.model, f)));
    }
    if (!changed.length) return;

    // Each version's tests are resolved in their own tree: the head's in the review's model, the base's among the base files.
    const headReach = new FnReach(ctx.project.model);
    const baseReach = new FnReach(undefined, ctx.project.model?.manifests);
    const tests = versions.map((v) => ({ ...v, before: testsOf(v.base, baseReach), after: testsOf(v.head, headReach) }));
    const basePaths = new Map(rust.map((f) => [f.path, f.previousPath ?? f.path]));
    const headNames = new Set(tests.flatMap((t) => [...t.after.values()].map((x) => x.name)));
    const newTests = tests.flatMap((t) => [...t.after.values()].filter((x) => !t.before.has(x.key)));
    const removedFns = removedProductionFns(versions);

    // Deleted tests, grouped by the changed fn they exercised.
    const removedBy = new Map<ChangedFn, TestInfo[]>();
    for (const t of tests) {
      for (const [key, old] of t.before) {
        if (t.after.has(key) || headNames.has(old.name)) continue; // still there, or moved to another module
        if (newTests.some((n) => n.body === old.body)) continue; // renamed
        // Renamed or moved with edits: a new test of this PR makes every check it made.
        if (old.checks.length && newTests.some((n) => old.checks.every((c) => n.checks.includes(c)))) continue;
        // Deleted with the feature it tested: the PR removes production code the test called.
        if (old.reaches.some((r) => removedFns.has(r.ref.fn.name))) continue;
        const fns = exercised(old, changed, basePaths);
        if (!fns.length) continue;
        // Replaced, e.g. folded into a table-driven test that exercises the same fn.
        if (newTests.some((n) => exercised(n, fns, basePaths).length)) continue;
        const group = removedBy.get(fns[0]!) ?? [];
        group.push(old);
        removedBy.set(fns[0]!, group);
      }
    }
    // Tests rewritten in the same PR (the logic moved, new tests added where it went): the author did
    // not drop the checking, only maybe some of it. A note naming the new tests, not a warning.
    const added = newTests.map((n) => n.name);
    for (const [fn, gone] of removedBy) {
      const names = gone.map((g) => g.name);
      const where = [...new Set(gone.map((g) => g.file))].join(', ');
      const data = { tests: `${names.length > 1 ? 'tests' : 'test'} ${list(names)} ${names.length > 1 ? 'are' : 'is'}`, where, fn: fn.name, it: names.length > 1 ? 'they' : 'it' };
      if (added.length) ctx.report({ path: fn.path, line: fn.firstAddedLine, messageId: 'removedWithNewTests', data: { ...data, added: list(added.slice(0, 3)) + (added.length > 3 ? ', ..' : '') } });
      else ctx.report({ path: fn.path, line: fn.firstAddedLine, messageId: 'removed', data });
    }

    // Tests kept but with assertions dropped, or a pinning assertion swapped for a shape check.
    for (const t of tests) {
      if (!t.head) continue;
      for (const [key, now] of t.after) {
        const old = t.before.get(key);
        if (!old || !old.checks.length) continue;
        // A call the test still makes with other arguments (`Handler::new_for_tests(a, b)` -> `(a, b, c)`) is updated, not lost.
        const lost = old.checks.filter((c) => !now.checks.includes(c) && !stillCalled(c, now.body));
        const gained = now.checks.filter((c) => !old.checks.includes(c));
        if (!lost.length) continue;
        const removedOnly = gained.length === 0;
        // Pinned values swapped for shape checks (`is_ok()`), or for properties that any answer
        // satisfies (`x > 0`, `total == subtotal + tax`): how a failing test is made to pass.
        const weakened =
          !removedOnly &&
          ((lost.every((c) => STRONG.test(c)) && gained.every((c) => WEAK.test(c))) ||
            (lost.every((c) => PINS_LITERAL.test(c)) && gained.every((c) => WEAK.test(c) || (PROPERTY.test(c) && !PINS_LITERAL.test(c)))));
        if (!removedOnly && !weakened) continue;
        // The author says why in the test itself (a comment added where the check was).
        if (removedOnly && explainedInPlace(t.file, now)) continue;
        const fns = exercised(now, changed, basePaths).concat(exercised(old, changed, basePaths));
        if (!fns.length) continue;
        const addedInTest = [...t.file.addedLines].filter((l) => l >= lineOf(now.fn) && l <= now.fn.endPosition.row + 1).sort((a, b) => a - b)[0];
        const at = addedInTest !== undefined ? { path: t.file.path, line: addedInTest } : { path: fns[0]!.path, line: fns[0]!.firstAddedLine };
        const what = removedOnly
          ? now.checks.length
            ? `no longer checks \`${short(lost[0]!)}\``
            : 'lost all its assertions'
          : `now only checks \`${short(gained[0]!)}\` instead of \`${short(lost[0]!)}\``;
        ctx.report({ ...at, messageId: 'weakened', data: { name: now.name, what, fn: fns[0]!.name } });
      }
    }
  },
});
