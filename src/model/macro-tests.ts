/**
 * Tests a project's own macros make. A suite run against several backends often writes each test
 * once, as a plain fn, and registers it with a `macro_rules!` macro that declares the real
 * `#[tokio::test]` fn calling it (`make_db_test!(check_refill);`), sometimes through a list macro
 * handed the registering macro (`each_case!(postgres_case)` expanding to `$m!(check_refill); ..`).
 * No attribute is written on `check_refill`, yet its body is a test's body.
 */
import type { CrateIndex } from './crate-index.js';
import type { FileFacts, MacroRulesFact } from './facts.js';

const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/') + 1);

/**
 * The `macro_rules!` definitions a macro invoked in `file` may be: the crate's, else (a file outside
 * `src/`, such as an integration test, is its own crate here) one defined in a file of a folder
 * above it (textual macro scope runs from a parent module into its children).
 */
function definitions(index: CrateIndex, file: FileFacts, name: string): MacroRulesFact[] {
  const own = index.macroRules(index.crateOf(file.path), name);
  if (own.length) return own.map((d) => d.macro);
  const out: MacroRulesFact[] = [];
  for (const d of index.allMacroRules()) if (d.macro.name === name && file.path.startsWith(dirOf(d.file.path))) out.push(d.macro);
  return out;
}

/** Keys of the fns the crate's item-level macro invocations make into test bodies. */
export function macroRegisteredTests(index: CrateIndex): Set<string> {
  const out = new Set<string>();
  for (const file of index.files.values()) {
    for (const invocation of file.itemMacros ?? []) {
      const defs = definitions(index, file, invocation.name);
      if (!defs.length) continue;
      const names = new Set<string>();
      if (defs.some((d) => d.definesTests)) for (const n of invocation.idents) names.add(n);
      // `each_case!(postgres_case)`: the list macro hands its names to the test-making macro it is given.
      for (const d of defs) {
        if (!d.passesToMacroParam?.length) continue;
        if (!invocation.idents.some((arg) => definitions(index, file, arg).some((m) => m.definesTests))) continue;
        for (const n of d.passesToMacroParam) names.add(n);
      }
      for (const name of names) {
        for (const ref of index.fnsNamed(index.crateOf(file.path), name)) if (!ref.fn.owner) out.add(ref.key);
      }
    }
  }
  return out;
}
