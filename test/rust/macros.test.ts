import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { macroName, reparseMacroArguments, reparsedArguments, tokenTreeHasAwait, tokenTreeIdentifiers, macroTokenTree } from '../../src/rust/macros.js';
import { loadRustParser, parseRust, type Tree } from '../../src/rust/parser.js';

const trees: Tree[] = [];
function macros(code: string) {
  const tree = parseRust(code);
  trees.push(tree);
  return tree.rootNode.descendantsOfType('macro_invocation').filter((n) => n !== null);
}

describe('macro token trees', () => {
  beforeAll(() => loadRustParser());
  afterEach(() => trees.splice(0).forEach((t) => t.delete()));

  it('names macros with their path', () => {
    const [m] = macros('fn f() { sqlx::query!("SELECT 1"); }');
    expect(macroName(m!)).toBe('sqlx::query');
  });

  it('finds identifiers and .await inside select!', () => {
    const [m] = macros('async fn f() { tokio::select! { v = rx.recv() => {}, _ = sleep(d).await => {} } }');
    const tt = macroTokenTree(m!)!;
    expect(tokenTreeIdentifiers(tt)).toEqual(expect.arrayContaining(['rx', 'recv', 'sleep']));
    expect(tokenTreeHasAwait(tt)).toBe(true);
  });

  it('re-parses format! arguments at their original lines and columns', () => {
    const code = 'fn f(id: i64) {\n    let q = format!(\n        "SELECT * FROM t WHERE id = {}",\n        user.id\n    );\n}\n';
    const [m] = macros(code);
    const result = reparseMacroArguments(code, m!)!;
    trees.push(result.tree);
    const args = reparsedArguments(result.call);
    expect(args.map((a) => a.type)).toEqual(['string_literal', 'field_expression']);
    expect(args[1]!.startPosition).toEqual({ row: 3, column: 8 });
    expect(args[0]!.startPosition.row).toBe(2);
  });

  it('re-parses vec![..] and one-line macros on the first line', () => {
    const code = 'const V: &str = concat!("a", B);';
    const [m] = macros(code);
    const result = reparseMacroArguments(code, m!)!;
    trees.push(result.tree);
    expect(reparsedArguments(result.call).map((a) => a.text)).toEqual(['"a"', 'B']);
  });
});
