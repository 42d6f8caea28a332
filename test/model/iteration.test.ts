/**
 * Which closures run once per item (model/iteration.ts): the question query-in-loop, fetch-all-unbounded
 * and the ownership rules' "in a loop" ask. A closure runs per item when its adaptor's receiver is a
 * sequence (an iterator or a stream), not when the adaptor's name alone could be one (`Option::map`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isPerItemClosure } from '../../src/model/iteration.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

/** Whether the closure containing the `probe` call, in `body`, runs per item. */
function perItem(body: string): boolean {
  const root = parseRust(`fn f(xs: Vec<u32>, maybe: Option<u32>, fut: Fut, items: impl Iterator<Item = u32>) {\n${body}\n}\n`).rootNode;
  const probe = root.descendantsOfType('call_expression').find((c) => c.childForFieldName('function')?.text === 'probe')!;
  let a = probe.parent;
  while (a && a.type !== 'closure_expression') a = a.parent;
  return isPerItemClosure(a!);
}

describe('closures that run once per item', () => {
  it('an adaptor over an iterator, a range, a stream built by a free fn, a local bound to one, an `impl Iterator` parameter', () => {
    expect(perItem('xs.iter().map(|x| probe(x)).count();')).toBe(true);
    expect(perItem('(0..10).for_each(|i| probe(i));')).toBe(true);
    expect(perItem('futures::stream::iter(xs).then(|x| async move { probe(x) });')).toBe(true);
    expect(perItem('let pending = xs.into_iter().filter(|x| *x > 0);\npending.map(|x| probe(x)).count();')).toBe(true);
    expect(perItem('items.map(|x| probe(x)).count();')).toBe(true);
  });

  it('not an adaptor over one value: an Option, a future, the item an iteration ended with', () => {
    expect(perItem('maybe.map(|x| probe(x));')).toBe(false);
    expect(perItem('fut.then(|x| async move { probe(x) });')).toBe(false);
    expect(perItem('xs.iter().find(|x| **x > 3).map(|x| probe(x));')).toBe(false);
    expect(perItem('let first = xs.iter().next();\nfirst.map(|x| probe(x));')).toBe(false);
  });
});
