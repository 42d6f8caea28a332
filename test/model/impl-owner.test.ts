import { beforeAll, describe, expect, it } from 'vitest';
import { enclosingImpl, implOwnerName, implOwnerOf, implTraitName } from '../../src/model/impl-owner.js';
import { implTypeOf } from '../../src/model/fn-keys.js';
import { loadRustParser, parseRust, type Node } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

const fnNamed = (root: Node, name: string): Node => root.descendantsOfType('function_item').find((f) => f.childForFieldName('name')?.text === name)!;

describe('which type an impl belongs to (one answer for the model and the rules)', () => {
  const code = `
impl Invoice { fn total(&self) -> u64 { self.lines } }
impl<T: Clone> Batch<T> { fn first(&self) {} }
impl fmt::Display for billing::Invoice { fn fmt(&self) {} }
impl<'a, E> From<E> for crate::api::Problem<'a> { fn from(e: E) -> Self { fn nested() {} Problem {} } }
impl<'a> Iterator for &'a Ledger { fn next(&mut self) {} }
fn free() {}
`;

  it('names the type as the crate index names structs: the last path segment, generics dropped', () => {
    const root = parseRust(code).rootNode;
    expect(root.namedChildren.filter((n) => n.type === 'impl_item').map((i) => [implOwnerName(i), implTraitName(i) ?? null])).toEqual([
      ['Invoice', null],
      ['Batch', null],
      ['Invoice', 'Display'],
      ['Problem', 'From'],
      ["&'a Ledger", 'Iterator'],
    ]);
  });

  it('the impl around any node, a method body\'s nested fn included; a free fn has none', () => {
    const root = parseRust(code).rootNode;
    const selfRead = root.descendantsOfType('self')[0]!;
    expect(implOwnerOf(selfRead)).toBe('Invoice');
    expect(implOwnerOf(fnNamed(root, 'nested'))).toBe('Problem');
    expect(enclosingImpl(fnNamed(root, 'free'))).toBeNull();
  });

  it('a fn key names the impl a method is declared in, not the impl around a fn nested in a method', () => {
    const root = parseRust(code).rootNode;
    expect(implTypeOf(fnNamed(root, 'fmt'))).toEqual({ type: 'Invoice', traitImpl: true });
    expect(implTypeOf(fnNamed(root, 'first'))).toEqual({ type: 'Batch', traitImpl: false });
    expect(implTypeOf(fnNamed(root, 'nested'))).toEqual({ traitImpl: false });
  });
});
