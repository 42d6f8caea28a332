import { describe, expect, it } from 'vitest';
import { writtenTypeOf } from '../../src/model/binding-types.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

/** The written type of the binding each `probe(name)` call hands over, by the name. */
async function typesAtProbes(code: string): Promise<Record<string, string | undefined>> {
  await loadRustParser();
  const root = parseRust(code).rootNode;
  const out: Record<string, string | undefined> = {};
  for (const call of root.descendantsOfType('call_expression')) {
    if (call.childForFieldName('function')?.text !== 'probe') continue;
    const arg = call.childForFieldName('arguments')!.namedChildren[0]!;
    out[arg.text] = writtenTypeOf(arg);
  }
  return out;
}

describe('written types of bindings (model/binding-types.ts)', () => {
  it('reads annotations and parameters, and takes a for pattern apart against the collection it walks', async () => {
    const types = await typesAtProbes(`fn f(limit: &'a mut Budget, pairs: &[(Word, Weight)]) {
    probe(limit);
    let words: Vec< (Word, Span, usize) > = split(text);
    for (i, (word, span, _)) in words.iter().enumerate() {
        probe(word);
        probe(span);
        probe(i);
    }
    for &(ref w, weight) in pairs {
        probe(weight);
    }
    let index: HashMap<String, Posting> = build();
    for (term, posting) in &index {
        probe(posting);
    }
    let (a, b): (Left, Right) = split_two();
    probe(b);
    let guess = compute();
    probe(guess);
    for line in read_lines() {
        probe(line);
    }
}
`);
    expect(types).toEqual({
      limit: "&'a mut Budget",
      word: 'Word',
      span: 'Span',
      i: 'usize',
      weight: 'Weight',
      posting: 'Posting',
      b: 'Right',
      // Nothing written says what these are.
      guess: undefined,
      line: undefined,
    });
  });

  it('does not guess when the pattern and the element disagree', async () => {
    const types = await typesAtProbes(`fn f() {
    let items: Vec<(A, B, C)> = load();
    for (x, y) in items.iter() {
        probe(x);
    }
    let rows: Vec<Row> = load();
    for row in rows.iter().map(convert) {
        probe(row);
    }
}
`);
    expect(types).toEqual({ x: undefined, row: undefined });
  });
});
