import { beforeAll, describe, expect, it } from 'vitest';
import { formatPlaceholders, formatUseOf, templateText } from '../../src/model/format-args.js';
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

describe('how a format-like macro renders one of its (grafted) arguments', () => {
  /** The placeholders (and tracing field sigil) rendering the call `target` in `code`. */
  const useOf = (code: string, target: string) => {
    const root = parseRust(`fn f() { ${code}; }`).rootNode;
    const arg = root.descendantsOfType('call_expression').find((c) => c.text === target)!;
    const use = formatUseOf(arg);
    return use && { macro: use.macro, placeholders: use.placeholders.map((p) => p.text), field: use.field };
  };
  it('positional and named arguments of std macros, after the arguments before the template', () => {
    expect(useOf('println!("{} at {}", who, at.to_string())', 'at.to_string()')).toEqual({ macro: 'println', placeholders: ['{}'], field: undefined });
    expect(useOf('write!(out, "{0} / {0:?}", id.to_string())', 'id.to_string()')?.placeholders).toEqual(['{0}', '{0:?}']);
    expect(useOf('assert_eq!(a, b, "{n}", n = got.to_string())', 'got.to_string()')?.placeholders).toEqual(['{n}']);
  });
  it('tracing: a field before the template, with its sigil, or a template argument', () => {
    expect(useOf('tracing::info!(user = %id.to_string(), "{}", n.to_string())', 'id.to_string()')).toEqual({ macro: 'tracing::info', placeholders: [], field: '%' });
    expect(useOf('tracing::info!(user = %id.to_string(), "{}", n.to_string())', 'n.to_string()')?.placeholders).toEqual(['{}']);
  });
  it('not a format argument: a plain call, an unknown macro, the value compared by assert_eq!', () => {
    expect(useOf('g(x.to_string())', 'x.to_string()')).toBeNull();
    expect(useOf('vec![x.to_string()]', 'x.to_string()')).toBeNull();
    expect(useOf('assert_eq!(x.to_string(), "a", "{}", y)', 'x.to_string()')).toBeNull();
  });
});
