import { beforeAll, describe, expect, it } from 'vitest';
import { constructedTypePath, derefTarget } from '../../src/model/types.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

describe('the type a constructor expression builds', () => {
  const built = (expr: string) => {
    const root = parseRust(`fn f() {\n    let v = ${expr};\n}\n`).rootNode;
    return constructedTypePath(root.descendantsOfType('let_declaration')[0]!.childForFieldName('value')!);
  };
  it('associated constructors by convention, with the path as written', () => {
    expect(built('RefCell::new(0)')).toBe('RefCell');
    expect(built('std::cell::Cell::<u8>::default()')).toBe('std::cell::Cell');
    expect(built('Vec::with_capacity(4)')).toBe('Vec');
    expect(built('Ledger { total: 0 }')).toBe('Ledger');
  });
  it('not other associated fns, methods, or Self', () => {
    expect(built('Rc::strong_count(&a)')).toBeUndefined();
    expect(built('Rc::downgrade(&a)')).toBeUndefined();
    expect(built('a.clone()')).toBeUndefined();
    expect(built('Self::new()')).toBeUndefined();
    expect(built('make_cell()')).toBeUndefined();
  });
});

describe('what a type of the file dereferences to', () => {
  it('reads `type Target` of an impl Deref, generic or not; nothing for other types', () => {
    const root = parseRust(`struct Batch<T>(Vec<T>);
impl<T> std::ops::Deref for Batch<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> { &self.0 }
}
struct Name(String);
impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str { &self.0 }
}
impl AsRef<str> for Other {
    fn as_ref(&self) -> &str { "" }
}
`).rootNode;
    expect(derefTarget('Batch', root)).toBe('Vec<T>');
    expect(derefTarget('Name', root)).toBe('str');
    expect(derefTarget('Other', root)).toBeUndefined();
  });
});

describe('what a fn signature says about its parameters', () => {
  it('a receiver with its type written out (`self: &Arc<Self>`) is the receiver, not the first argument', async () => {
    const { fileFacts } = await import('../../src/model/facts.js');
    const root = parseRust(`impl Pool {
    fn run_on<F>(self: &Arc<Self>, job: F) where F: FnOnce(&Conn) + Send {}
    fn consume(self: Box<Self>, reason: u8) {}
}
`).rootNode;
    const [runOn, consume] = fileFacts(root, 'src/pool.rs').fns;
    expect(runOn).toMatchObject({ hasSelf: true, selfTaken: 'shared', params: [{ name: 'job', type: 'F', position: 0 }] });
    expect(runOn!.typeBounds?.F?.replace(/\s+/g, '')).toBe('FnOnce(&Conn)+Send');
    expect(consume).toMatchObject({ hasSelf: true, selfTaken: 'owned', params: [{ name: 'reason', position: 0 }] });
  });
});
