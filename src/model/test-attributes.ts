/**
 * Which attribute makes a fn a test, read as Rust reads it: `#[test]`, a runtime's test attribute
 * (`#[tokio::test]`, `#[sqlx::test]`), a parametrising one (`#[rstest]`, `#[test_case(..)]`), each by
 * the path the file's `use` items resolve it to (`#[test]` after `use tokio::test;` is tokio's).
 * The attribute names are the catalogue's (executor.ts). FnFact.test (facts.ts) still reads the
 * written path only; the tests rules, which tell the kinds apart, ask here.
 */
import type { Node } from '../rust/parser.js';
import { isAsyncOnlyTestAttribute, testAttributeKind } from '../catalogue/executor.js';
import type { ImportMap } from '../rust/imports.js';
import { attributePath, attributeText, attributesOf, descendants } from '../rust/syntax.js';

export type TestAttrKind = 'plain' | 'runtime' | 'parametrised';

/** The path an attribute names once `use` items are applied (`#[test]` after `use tokio::test;` is tokio's). */
export function resolvedAttributePath(attr: Node, imports?: ImportMap): string {
  const written = attributePath(attr);
  return imports ? imports.resolve(written) : written;
}

export function testAttrKind(attr: Node, imports?: ImportMap): TestAttrKind | null {
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
