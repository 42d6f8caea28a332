import { beforeAll, describe, expect, it } from 'vitest';
import { formatPlaceholders } from '../../src/model/format-args.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

/** Expressions as a macro's arguments after its template are, once re-parsed. */
function argsOf(expressions: string): ReturnType<typeof parseRust>['rootNode'][] {
  const root = parseRust(`fn f() { g(${expressions}); }`).rootNode;
  return root.descendantsOfType('arguments')[0]!.namedChildren;
}

const render = (template: string, args: string) => formatPlaceholders(template, args ? argsOf(args) : []).map((p) => `${p.text}${p.name ? ` name=${p.name}` : ''}${p.arg ? ` <- ${p.arg.text}` : ''}`);
const formats = (template: string) => formatPlaceholders(template, []).map((p) => p.format);

describe('what each placeholder of a format string renders', () => {
  it('positional, indexed and named arguments, in order', () => {
    expect(render('{} failed after {:?}: {0}', 'job, elapsed')).toEqual(['{} <- job', '{:?} <- elapsed', '{0} <- job']);
    expect(render('{who} said {what:>8}', 'who = user.name, what = msg')).toEqual(['{who} name=who <- user.name', '{what:>8} name=what <- msg']);
  });
  it('an inline capture names a variable and has no argument; escaped braces are text', () => {
    expect(render('query failed: {err:#} ({self})', '')).toEqual(['{err:#} name=err', '{self} name=self']);
    expect(render('{{e}} is literal, {{}} too', '')).toEqual([]);
  });
  it('the format spec of each, from its colon on', () => {
    expect(formats('{} {:?} {e:#} {0:>8}')).toEqual(['', ':?', ':#', ':>8']);
  });
});
