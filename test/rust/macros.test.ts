import { beforeAll, describe, expect, it } from 'vitest';
import { macroName, reparseMacroArguments, reparsedArguments, tokenTreeHasAwait, tokenTreeIdentifiers, macroTokenTree } from '../../src/rust/macros.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

function macros(code: string) {
  return parseRust(code).rootNode.descendantsOfType('macro_invocation');
}

describe('macro token trees', () => {
  beforeAll(() => loadRustParser());

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
    const args = reparsedArguments(result.call);
    expect(args.map((a) => a.type)).toEqual(['string_literal', 'field_expression']);
    expect(args[1]!.startPosition).toEqual({ row: 3, column: 8 });
    expect(args[0]!.startPosition.row).toBe(2);
  });

  it('re-parses vec![..] and one-line macros on the first line', () => {
    const code = 'const V: &str = concat!("a", B);';
    const [m] = macros(code);
    const result = reparseMacroArguments(code, m!)!;
    expect(reparsedArguments(result.call).map((a) => a.text)).toEqual(['"a"', 'B']);
  });
});
