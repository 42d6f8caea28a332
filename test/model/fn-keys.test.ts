import { beforeAll, describe, expect, it } from 'vitest';
import { fnKey, implTypeOf, productionFns } from '../../src/model/fn-keys.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

const CODE = `
pub fn settle(ledger: &Ledger) {}

mod billing {
    pub struct Invoice;
    impl<T> crate::billing::Invoice<T> {
        pub fn total(&self) -> u64 { 0 }
    }
    impl std::fmt::Display for Invoice {
        fn fmt(&self, f: &mut Formatter) -> fmt::Result { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn settles() { super::settle(&Ledger::default()); }
    fn helper() {}
}
`;

describe('a fn\'s identity across two versions of a file', () => {
  it('keys a fn by its inline modules, its impl type without path or generics, and its name', () => {
    const root = parseRust(CODE).rootNode;
    const fns = root.descendantsOfType('function_item');
    const by = (name: string) => fns.find((f) => f.childForFieldName('name')?.text === name)!;
    expect(fnKey(by('settle'))).toBe('settle');
    expect(fnKey(by('total'))).toBe('billing::Invoice::total');
    expect(implTypeOf(by('total'))).toEqual({ type: 'Invoice', traitImpl: false });
    expect(implTypeOf(by('fmt'))).toEqual({ type: 'Invoice', traitImpl: true });
    expect(implTypeOf(by('settle'))).toEqual({ traitImpl: false });
  });
  it('the fns a file defines outside its test code', () => {
    const root = parseRust(CODE).rootNode;
    expect([...productionFns({ path: 'src/ledger.rs', root }).keys()]).toEqual(['settle', 'billing::Invoice::total', 'billing::Invoice::fmt']);
  });
});
