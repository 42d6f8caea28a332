/**
 * Which attribute makes a fn a test, read as Rust reads it: `#[test]`, a runtime's test attribute
 * (`#[tokio::test]`, `#[sqlx::test]`), a parametrising one (`#[rstest]`, `#[test_case(..)]`), each by
 * the path the file's `use` items resolve it to (`#[test]` after `use tokio::test;` is tokio's).
 * The attribute names are the catalogue's (executor.ts). This is the one answer to "is this fn a
 * test" and "is this code test code": FnFact.test (facts.ts), the engine's `ctx.isTest` and the
 * rules all ask here. Without an import map given, the file's own (`ImportMap.of`) is used.
 */
import { NodeMemo, type Node } from '../rust/parser.js';
import { isAsyncOnlyTestAttribute, testAttributeKind } from '../catalogue/executor.js';
import { ImportMap } from '../rust/imports.js';
import { attributePath, attributeText, attributesOf, descendants, isTestPath } from '../rust/syntax.js';

export type TestAttrKind = 'plain' | 'runtime' | 'parametrised';

/** The path an attribute names once `use` items are applied (`#[test]` after `use tokio::test;` is tokio's). */
export function resolvedAttributePath(attr: Node, imports: ImportMap = ImportMap.of(attr)): string {
  return imports.resolve(attributePath(attr));
}

export function testAttrKind(attr: Node, imports: ImportMap = ImportMap.of(attr)): TestAttrKind | null {
  const written = attributePath(attr);
  const path = resolvedAttributePath(attr, imports);
  if (written === 'test' && (path === 'test' || path === written)) return 'plain';
  if (/^(std|core)::prelude::v1::test$/.test(path)) return 'plain';
  // The catalogue's runtime and parametrising attributes, by resolved path or as written (`plain` is std's `test`, handled above).
  const kinds = [testAttributeKind(path), testAttributeKind(written)];
  if (kinds.includes('runtime')) return 'runtime';
  if (kinds.includes('parametrised')) return 'parametrised';
  // Some other crate's `#[foo::test]`: treat it as a runtime attribute, it may accept either form.
  if (/::test$/.test(path)) return 'runtime';
  return null;
}

export function isAsyncOnlyRuntime(attr: Node, imports?: ImportMap): boolean {
  return isAsyncOnlyTestAttribute(resolvedAttributePath(attr, imports)) || isAsyncOnlyTestAttribute(attributePath(attr));
}

export function testAttributes(fn: Node, imports?: ImportMap): Node[] {
  return attributesOf(fn).filter((a) => testAttrKind(a, imports) !== null);
}

export function isTestFn(fn: Node, imports?: ImportMap): boolean {
  return fn.type === 'function_item' && testAttributes(fn, imports).length > 0;
}

/** Every test function in a file, nested modules included (not those inside macro bodies). */
export function testFunctions(root: Node, imports?: ImportMap): Node[] {
  const out: Node[] = [];
  for (const d of descendants(root)) if (d.type === 'function_item' && isTestFn(d, imports)) out.push(d);
  return out;
}

export function attributeNamed(fn: Node, path: string): Node | undefined {
  return attributesOf(fn).find((a) => attributePath(a) === path);
}

/** `#[tokio::test(start_paused = true)]` and friends: the attribute text as written. */
export function testAttributeText(fn: Node, imports?: ImportMap): string {
  return testAttributes(fn, imports).map(attributeText).join(' ');
}

/** An item compiled only for tests: `#[cfg(test)]` / `#[cfg(all(test, ..))]` on a `mod`, a `fn` (a test-data constructor) or an `impl`. */
function isCfgTestItem(item: Node): boolean {
  return attributesOf(item).some((a) => /^cfg\s*\(\s*(all\s*\(\s*)?test\b/.test(attributeText(a).replace(/\s+/g, ' ')));
}

/**
 * A module of test code: `mod tests`, `#[cfg(test)]`, `#[cfg(all(test, ..))]`, inline or out of line
 * (`#[cfg(test)] mod tests;`): the one answer for test regions, the crate layout and test scopes.
 */
export function isTestModule(mod: Node): boolean {
  return mod.childForFieldName('name')?.text === 'tests' || isCfgTestItem(mod);
}

const TEST_SCOPES = new Set(['function_item', 'impl_item', 'mod_item', 'macro_invocation']);
const scopeIsTest = new NodeMemo<boolean>();

/** Whether a fn / mod / macro scope is test code, itself or through an enclosing scope (memoised). */
function isTestScope(scope: Node): boolean {
  const cached = scopeIsTest.get(scope);
  if (cached !== undefined) return cached;
  let test =
    (scope.type === 'function_item' && (isTestFn(scope) || isCfgTestItem(scope))) ||
    (scope.type === 'impl_item' && isCfgTestItem(scope)) ||
    (scope.type === 'mod_item' && isTestModule(scope)) ||
    (scope.type === 'macro_invocation' && /(^|::)proptest$/.test(scope.childForFieldName('macro')?.text ?? ''));
  if (!test) {
    const outer = enclosingTestScope(scope.parent);
    test = outer ? isTestScope(outer) : false;
  }
  scopeIsTest.set(scope, test);
  return test;
}

function enclosingTestScope(node: Node | null): Node | null {
  for (let a = node; a; a = a.parent) if (TEST_SCOPES.has(a.type)) return a;
  return null;
}

/** Inside a test fn, a `#[cfg(test)]` item or a `mod tests` (the file's path aside). */
export function inTestScope(node: Node): boolean {
  const scope = enclosingTestScope(node);
  return scope ? isTestScope(scope) : false;
}

/** Reference P2: inside a `#[cfg(test)]` module, a test function, or a test/bench/example file. */
export function isTestContext(node: Node, path: string): boolean {
  return isTestPath(path) || inTestScope(node);
}
