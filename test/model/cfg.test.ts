import { beforeAll, describe, expect, it } from 'vitest';
import { cfgInTestBuild, cfgTestGates, compiledOutOfTests } from '../../src/model/cfg.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

describe('cfg predicates in a test build', () => {
  it('`test` holds, its negation does not, other options are unknown', () => {
    expect(cfgInTestBuild('test')).toBe(true);
    expect(cfgInTestBuild('not(test)')).toBe(false);
    expect(cfgInTestBuild('feature = "pg"')).toBeUndefined();
    expect(cfgInTestBuild('not(feature = "pg")')).toBeUndefined();
  });
  it('all / any combine three-valued', () => {
    expect(cfgInTestBuild('all(not(test), feature = "pg")')).toBe(false);
    expect(cfgInTestBuild('all(test, feature = "pg")')).toBeUndefined();
    expect(cfgInTestBuild('any(test, target_os = "linux")')).toBe(true);
    expect(cfgInTestBuild('any(not(test), unix)')).toBeUndefined();
    expect(cfgInTestBuild('any(not( test ), all(not(test), windows))')).toBe(false);
  });
  it('the gates a predicate needs: any one that only tests set makes the code test-only', () => {
    expect(cfgTestGates('test')).toEqual(['test']);
    expect(cfgTestGates('all(test, feature = "pg")')).toEqual(['test', 'feature=pg']);
    expect(cfgTestGates('any(test, feature = "fixtures")')).toEqual(['any(test|feature=fixtures)']);
    expect(cfgTestGates('any(all(test, unix), feature = "fixtures")')).toEqual(['any(test|feature=fixtures)']);
    expect(cfgTestGates('any(test, unix)')).toEqual([]);
    expect(cfgTestGates('not(test)')).toEqual([]);
    expect(cfgTestGates('all(not(test), feature = "pg")')).toEqual(['feature=pg']);
  });
  it('an item is out of the test build only when its cfg is false for certain', () => {
    const fns = parseRust('#[cfg(not(test))]\nfn a() {}\n#[cfg(unix)]\nfn b() {}\n#[cfg_attr(not(test), inline)]\nfn c() {}\n').rootNode.descendantsOfType('function_item');
    expect(fns.map(compiledOutOfTests)).toEqual([true, false, false]);
  });
});
