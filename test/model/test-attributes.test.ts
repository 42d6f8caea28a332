import { describe, expect, it } from 'vitest';
import { fileFacts } from '../../src/model/facts.js';
import { inTestScope, isAsyncOnlyRuntime, isTestContext, isTestFn, testAttrKind, testFunctions } from '../../src/model/test-attributes.js';
import { assertingHelpers, scanAssertions } from '../../src/model/test-assertions.js';
import { ImportMap } from '../../src/rust/imports.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';
import { attributesOf } from '../../src/rust/syntax.js';

const source = `
use tokio::test;

#[test]
async fn resolved_to_tokio() {}

#[std::prelude::v1::test]
fn plain() { assert_json(&body, "{}"); }

#[rstest]
fn parametrised() { let v = parse("1").unwrap(); }

#[actix_web::test]
async fn runtime() { mock.expect(1); }

#[other_crate::test]
fn unknown_runtime() { roundtrip!(1); }

fn helper() {}

fn assert_json(body: &str, want: &str) { assert_eq!(body, want); }
macro_rules! roundtrip { ($v:expr) => { assert_eq!($v, $v) }; }
`;

async function parsed() {
  await loadRustParser();
  const root = parseRust(source).rootNode;
  const imports = ImportMap.fromRoot(root);
  const fns = Object.fromEntries(root.descendantsOfType('function_item').map((f) => [f.childForFieldName('name')!.text, f]));
  return { root, imports, fns };
}

describe('test-attributes: which attribute makes a fn a test', () => {
  it('reads each attribute by the path the file\'s use items give it', async () => {
    const { imports, fns } = await parsed();
    const kind = (name: string) => testAttrKind(attributesOf(fns[name]!)[0]!, imports);
    expect(kind('resolved_to_tokio')).toBe('runtime');
    expect(kind('plain')).toBe('plain');
    expect(kind('parametrised')).toBe('parametrised');
    expect(kind('runtime')).toBe('runtime');
    expect(kind('unknown_runtime')).toBe('runtime');
  });

  it('lists the file\'s tests, not its helpers', async () => {
    const { root, imports } = await parsed();
    expect(testFunctions(root, imports).map((f) => f.childForFieldName('name')!.text)).toEqual(['resolved_to_tokio', 'plain', 'parametrised', 'runtime', 'unknown_runtime']);
  });

  it('knows a runtime attribute that takes only async fns', async () => {
    const { imports, fns } = await parsed();
    expect(isAsyncOnlyRuntime(attributesOf(fns.resolved_to_tokio!)[0]!, imports)).toBe(true);
    expect(isAsyncOnlyRuntime(attributesOf(fns.plain!)[0]!, imports)).toBe(false);
  });
});

describe('test-assertions: what in a test body checks something', () => {
  it('counts the file\'s asserting helpers and macros, mock expectations, not unwraps', async () => {
    const { root, imports, fns } = await parsed();
    const helpers = assertingHelpers(root, imports);
    expect([...helpers].sort()).toEqual(['assert_json', 'roundtrip!']);
    const scan = (name: string) => scanAssertions(fns[name]!.childForFieldName('body')!, helpers);
    expect(scan('plain').checks.map((c) => c.text)).toEqual(['assert_json(&body, "{}")']);
    expect(scan('runtime').checks.map((c) => c.text)).toEqual(['mock.expect(1)']);
    expect(scan('unknown_runtime').checks).toHaveLength(1);
    expect(scan('parametrised')).toMatchObject({ checks: [], implicit: [{ text: 'parse("1").unwrap()' }] });
  });
});

describe('one answer to "is this fn a test" (FnFact.test, inTestScope, the tests rules)', () => {
  const renamed = `
use tokio::test as async_test;
use crate::testing::test;

#[async_test]
async fn renamed_runtime_attribute() { helper_in_test(); }

#[test]
async fn reexported_by_the_crate() {}

#[tracing_test::traced_test]
fn decorated_only() {}

fn helper_in_test() {}
`;

  it('FnFact.test follows a renamed or re-exported test attribute through `use`', async () => {
    await loadRustParser();
    const facts = fileFacts(parseRust(renamed).rootNode, 'src/service.rs');
    const test = Object.fromEntries(facts.fns.map((f) => [f.name, f.test]));
    expect(test).toEqual({ renamed_runtime_attribute: true, reexported_by_the_crate: true, decorated_only: false, helper_in_test: false });
  });

  it('code inside such a fn is test code, and the fn is one of the file\'s tests', async () => {
    await loadRustParser();
    const root = parseRust(renamed).rootNode;
    const call = root.descendantsOfType('call_expression').find((c) => c.text === 'helper_in_test()')!;
    expect(inTestScope(call)).toBe(true);
    expect(isTestContext(call, 'src/service.rs')).toBe(true);
    // No import map given: the file's own is used, so every caller gets the same answer.
    expect(testFunctions(root).map((f) => f.childForFieldName('name')!.text)).toEqual(['renamed_runtime_attribute', 'reexported_by_the_crate']);
    const helper = root.descendantsOfType('function_item').find((f) => f.childForFieldName('name')!.text === 'helper_in_test')!;
    expect(isTestFn(helper)).toBe(false);
    expect(inTestScope(helper.childForFieldName('body')!)).toBe(false);
  });
});
