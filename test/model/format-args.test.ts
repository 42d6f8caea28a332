import { beforeAll, describe, expect, it } from 'vitest';
import { formatPlaceholders, templateText } from '../../src/model/format-args.js';
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
  it('a named argument used by position renders its value; each placeholder knows where it starts', () => {
    expect(render('{} and {}', 'first, second = total')).toEqual(['{} <- first', '{} <- total']);
    expect(formatPlaceholders('id = {id} AND {{x}} {}', []).map((p) => p.index)).toEqual([5, 20]);
  });
  it('the template as it prints: escaped braces as one brace, placeholders as what stands for them', () => {
    expect(templateText('SELECT {{a}} FROM {table} WHERE id = {}', 'x')).toBe('SELECT {a} FROM x WHERE id = x');
    expect(templateText('{{}}{}')).toBe('{}');
  });
});
