/** Issue 20, item 3: the config is hostile input. Each refusal is a ConfigError naming the key. */
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compileGlobs, globProblem } from '../../src/config/glob-match.js';
import { ConfigError, parseConfig, pathMatchers } from '../../src/config/load.js';

function problems(text: string) {
  try {
    parseConfig(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('no ConfigError');
}

describe('hostile configs are config errors, not failed reviews', () => {
  it('YAML alias expansion ("billion laughs")', () => {
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) lol.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const [p] = problems(lol.join('\n'));
    expect(p!.message).toMatch(/aliases expand too far/);
  });
  it('a file over the size limit', () => {
    const [p] = problems(`paths:\n  exclude:\n${'    - "x/**"\n'.repeat(10_000)}`);
    expect(p!.message).toMatch(/at most 64 KB/);
  });
  it('too many globs', () => {
    const [p] = problems(`paths:\n  exclude: [${Array.from({ length: 201 }, (_, i) => `"d${i}/**"`).join(', ')}]\n`);
    expect(p).toMatchObject({ key: 'paths' });
  });
  it('an extglob (backtracking regex in picomatch), named by its key and line', () => {
    const ps = problems("paths:\n  exclude:\n    - 'docs/**'\n    - '+(a|a?)+(a|a?)+(a|a?)c'\n");
    expect(ps).toEqual([expect.objectContaining({ key: 'paths.exclude.1', line: 4, message: expect.stringMatching(/extglobs/) })]);
  });
  it('a brace bomb', () => {
    const [p] = problems("paths:\n  include: ['{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}/**']\n");
    expect(p).toMatchObject({ key: 'paths.include.0', message: expect.stringMatching(/braces expand/) });
  });
  it('an over-long glob', () => {
    const [p] = problems(`paths:\n  include: ['${'a/'.repeat(200)}**']\n`);
    expect(p).toMatchObject({ key: 'paths.include.0' });
  });
  it('ordinary configs still parse', () => {
    expect(parseConfig("paths:\n  exclude: ['benches/**', 'src/{gen,proto}/**', '**/*_test.rs', '!keep.rs']\n").paths.exclude).toHaveLength(4);
  });
});

describe('glob matching agrees with picomatch (dot: true) on ordinary globs', () => {
  const globs = ['**', 'src/**', 'src/**/*.rs', '**/*.rs', '*.rs', 'benches/**', 'src/{gen,proto}/**', 'src/[a-c]*.rs', 'crates/*/src/**', '**/tests/**', 'src/?.rs', '.github/**', 'src/a\\*b.rs', 'src/**/mod.rs'];
  const paths = ['src/lib.rs', 'src/a.rs', 'src/b/c.rs', 'src/gen/x.rs', 'src/proto/a/b.rs', 'benches/x.rs', 'crates/api/src/main.rs', 'crates/api/tests/t.rs', 'lib.rs', '.github/rust-review.yml', 'src/.hidden.rs', 'src/a*b.rs', 'src/x/mod.rs', 'src/mod.rs', 'x/tests/y/z.rs', 'src'];
  it.each(globs)('%s', (glob) => {
    const ours = compileGlobs([glob]);
    const theirs = picomatch(glob, { dot: true });
    expect(paths.filter(ours)).toEqual(paths.filter((p) => theirs(p)));
  });
  it('a negated class', () => {
    expect(['src/a.rs', 'src/b.rs'].filter(compileGlobs(['src/[!a]*.rs']))).toEqual(['src/b.rs']);
  });
  it('negation', () => {
    expect(compileGlobs(['!src/**'])('docs/a.md')).toBe(true);
    expect(compileGlobs(['!src/**'])('src/a.rs')).toBe(false);
  });
  it('many stars against a long path take a linear walk, not exponential backtracking', () => {
    const m = compileGlobs([`${'*a'.repeat(30)}*b`]);
    expect(m('a'.repeat(5000))).toBe(false);
    expect(m(`${'a'.repeat(5000)}b`)).toBe(true);
  });
  it('refuses extglobs', () => {
    expect(globProblem('@(a|b)')).toMatch(/extglobs/);
    expect(() => compileGlobs(['+(a|a?)c'])).toThrow(/extglobs/);
  });
  it('compiles a config once', () => {
    const c = parseConfig("paths:\n  exclude: ['vendor/**']\n");
    expect(pathMatchers(c)).toBe(pathMatchers(c));
    expect(pathMatchers(c).exclude('vendor/x.rs')).toBe(true);
  });
});
