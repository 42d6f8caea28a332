/**
 * Conditional compilation as a test build sees it. `#[cfg(..)]` on an item removes it unless its
 * predicate holds; in `cargo test` the `test` option is set and every other option is unknown here
 * (features, target, custom `--cfg`s). A predicate is then true, false, or unknown; only an item
 * whose predicate is false for certain is gone from the test build (`#[cfg(not(test))]`,
 * `#[cfg(all(not(test), feature = "x"))]`). Such an item never runs as a test, whatever its
 * attributes say.
 */
import type { Node } from '../rust/parser.js';
import { attributePath, attributeText, attributesOf, splitTopLevel } from '../rust/syntax.js';

type Truth = boolean | undefined;


/** The value of one cfg predicate in a test build: `test` holds, other options are unknown. */
export function cfgInTestBuild(predicate: string): Truth {
  const p = predicate.trim();
  if (p === 'test') return true;
  const call = /^(all|any|not)\s*\(([\s\S]*)\)$/.exec(p);
  if (!call) return undefined;
  const args = splitTopLevel(call[2]!).map(cfgInTestBuild);
  if (call[1] === 'not') return args.length === 1 && args[0] !== undefined ? !args[0] : undefined;
  if (call[1] === 'all') return args.includes(false) ? false : args.every((a) => a === true) ? true : undefined;
  return args.includes(true) ? true : args.every((a) => a === false) ? false : undefined;
}

/**
 * What a cfg predicate needs to hold, as gates any one of which, when only tests set it, makes the
 * gated code test-only: `test`, `feature=<name>`, or `any(<gate>|<gate>)` (test-only when every
 * alternative is). `all(test, feature = "pg")` needs `test`, so it gives `test` (and `feature=pg`);
 * `any(test, unix)` has an alternative no test decides, so it gives nothing; `not(..)` gives nothing.
 */
export function cfgTestGates(predicate: string): string[] {
  const p = predicate.trim().replace(/\s+/g, '');
  if (p === 'test') return ['test'];
  const feature = /^feature="([^"]+)"$/.exec(p)?.[1];
  if (feature) return [`feature=${feature}`];
  const call = /^(all|any)\(([\s\S]*)\)$/.exec(p);
  if (!call) return [];
  const args = splitTopLevel(call[2]!).filter((a) => a.trim());
  // Every conjunct is needed: the code is test-only if any one of them is.
  if (call[1] === 'all') return args.flatMap(cfgTestGates);
  // An alternative stands for one gate: `test` if it needs the test build, else its only gate.
  const alternatives = args.map((a) => {
    const gates = cfgTestGates(a);
    return gates.includes('test') ? 'test' : gates.length === 1 && !gates[0]!.startsWith('any(') ? gates[0] : undefined;
  });
  if (!alternatives.length || alternatives.some((g) => g === undefined)) return [];
  return alternatives.length === 1 ? [alternatives[0]!] : [`any(${alternatives.join('|')})`];
}

/** Whether an item is removed from a test build by a `#[cfg(..)]` that is false when testing. */
export function compiledOutOfTests(item: Node): boolean {
  for (const attr of attributesOf(item)) {
    if (attributePath(attr) !== 'cfg') continue;
    const args = /^cfg\s*\(([\s\S]*)\)$/.exec(attributeText(attr).trim());
    if (args && cfgInTestBuild(args[1]!) === false) return true;
  }
  return false;
}

/** Compiled only into debug builds (`#[cfg(debug_assertions)]`): never part of a release build. */
export function compiledOnlyInDebug(item: Node): boolean {
  return attributesOf(item).some((a) => attributePath(a) === 'cfg' && /^cfg\s*\(\s*debug_assertions\s*\)$/.test(attributeText(a).replace(/\s+/g, ' ')));
}
