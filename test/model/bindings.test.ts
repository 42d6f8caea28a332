import { describe, expect, it } from 'vitest';
import { resolveBinding, resolveBindingAt, usesOf } from '../../src/model/bindings.js';
import { reparseMacroArguments, reparsedArguments } from '../../src/rust/macros.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

const uses = async (code: string, line: number) => {
  await loadRustParser();
  const root = parseRust(code).rootNode;
  return root.descendantsOfType('identifier').filter((i) => i.text === 'x' && i.startPosition.row + 1 === line);
};

describe('binding resolution (lexical scopes, indexed per block)', () => {
  const code = `fn f(x: u32) {
    let y = x;
    let x = y + 1;
    {
        let x = "inner";
        use_it(x);
    }
    let (a, x) = pair();
    consume(x);
    drop(x);
}
`;

  it('finds the latest let before the use, the parameter, and shadowing in inner blocks', async () => {
    expect(resolveBinding((await uses(code, 2))[0]!)?.kind).toBe('param');
    expect(resolveBinding((await uses(code, 6))[0]!)?.node.startPosition.row).toBe(4);
    const destructured = resolveBinding((await uses(code, 9))[0]!);
    expect(destructured?.kind).toBe('pattern');
    expect(destructured?.node.startPosition.row).toBe(7);
  });

  it('counts only the uses that refer to this binding, not a shadowing one', async () => {
    const decl = resolveBinding((await uses(code, 6))[0]!)!;
    expect(usesOf(decl).map((u) => u.node.startPosition.row + 1)).toEqual([6]);
    const shadowed = resolveBinding((await uses(code, 9))[0]!)!;
    expect(usesOf(shadowed).map((u) => u.node.startPosition.row + 1)).toEqual([9, 10]);
  });
});

describe('binding resolution from a macro\'s arguments parsed on their own', () => {
  it('resolves a name used in `format!(..)` at its place in the fn, past a shadowing `let` it is the value of', async () => {
    await loadRustParser();
    const code = `fn f(limit: u32) {
    let sql = "a";
    {
        let sql = "inner";
    }
    let sql = format!("{} LIMIT {}", sql, limit);
}
`;
    const root = parseRust(code).rootNode;
    const invocation = root.descendantsOfType('macro_invocation')[0]!;
    const args = reparsedArguments(reparseMacroArguments(code, invocation)!.call);
    expect(args[1]!.tree).not.toBe(root.tree);
    const sql = resolveBindingAt('sql', args[1]!, root);
    expect(sql?.kind).toBe('let');
    expect(sql?.node.startPosition.row).toBe(1);
    expect(resolveBindingAt('limit', args[2]!, root)?.kind).toBe('param');
    expect(resolveBindingAt('nothing', args[2]!, root)).toBeNull();
  });
});
