import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { enabledRules, notesFor } from '../../src/config/rules.js';
import type { Rule } from '../../src/rules/define-rule.js';
import { ALL_RULES } from '../../src/rules/registry.js';

/** Hand-made rules so these tests do not depend on which rules exist. */
const rule = (id: string, extra: Partial<Rule> = {}) => ({ id, role: id.split('/')[0], category: 'suspicious', scope: 'file', ...extra }) as unknown as Rule;
const RULES = [
  rule('ownership/ptr-arg', { options: { max: 1 }, renamedOptions: { maxCount: 'max' } }),
  rule('ownership/clone-in-loop'),
  rule('ownership/quiet', { defaultOff: true }),
  rule('async/lock-guard-across-await'),
  rule('tests/no-assertion'),
];

function settings(yaml: string): Record<string, { severity?: string; options?: Record<string, unknown> } | 'disabled'> {
  const map = enabledRules(RULES, parseConfig(yaml));
  return Object.fromEntries(RULES.map((r) => [r.id, map.has(r) ? { ...map.get(r) } : 'disabled']));
}

describe('enabledRules', () => {
  it('enables every rule but the default-off ones with no config', () => {
    expect(settings('')).toEqual({
      'ownership/ptr-arg': {},
      'ownership/clone-in-loop': {},
      'ownership/quiet': 'disabled',
      'async/lock-guard-across-await': {},
      'tests/no-assertion': {},
    });
  });

  it('turns a rule off, on, or on with a severity', () => {
    const s = settings('rules:\n  ownership/ptr-arg: off\n  ownership/quiet: on\n  tests/no-assertion: info\n');
    expect(s['ownership/ptr-arg']).toBe('disabled');
    expect(s['ownership/quiet']).toEqual({});
    expect(s['tests/no-assertion']).toEqual({ severity: 'info' });
  });

  it('applies a role entry to every rule of the role', () => {
    const s = settings('rules:\n  ownership/*: off\n');
    expect(s['ownership/ptr-arg']).toBe('disabled');
    expect(s['ownership/clone-in-loop']).toBe('disabled');
    expect(s['async/lock-guard-across-await']).toEqual({});
  });

  it('lets a per-rule entry win over its role entry, whatever the order in the file', () => {
    for (const yaml of [
      'rules:\n  ownership/*: off\n  ownership/ptr-arg: warning\n',
      'rules:\n  ownership/ptr-arg: warning\n  ownership/*: off\n',
    ]) {
      const s = settings(yaml);
      expect(s['ownership/ptr-arg']).toEqual({ severity: 'warning' });
      expect(s['ownership/clone-in-loop']).toBe('disabled');
    }
    const s = settings('rules:\n  ownership/*: error\n  ownership/clone-in-loop: off\n  ownership/ptr-arg: info\n');
    expect(s['ownership/clone-in-loop']).toBe('disabled');
    expect(s['ownership/ptr-arg']).toEqual({ severity: 'info' });
  });

  it('overrides severity through the object form and keeps the role severity otherwise', () => {
    const s = settings('rules:\n  ownership/*: { severity: error }\n  ownership/ptr-arg: { options: { max: 3 } }\n  async/lock-guard-across-await: { enabled: false, severity: info }\n');
    expect(s['ownership/ptr-arg']).toEqual({ severity: 'error', options: { max: 3 } });
    expect(s['ownership/clone-in-loop']).toEqual({ severity: 'error' });
    expect(s['async/lock-guard-across-await']).toBe('disabled');
  });

  it('applies `*` to every rule, below role and rule entries', () => {
    const s = settings('rules:\n  "*": off\n  tests/*: on\n  ownership/ptr-arg: on\n');
    expect(Object.entries(s).filter(([, v]) => v !== 'disabled').map(([k]) => k)).toEqual(['ownership/ptr-arg', 'tests/no-assertion']);
  });

  it('rejects unknown rule ids and roles, naming the key and its line', () => {
    const config = parseConfig('fail_on: error\nrules:\n  ownership/ptr-arg: off\n  async/lock-guard-accross-await: error\n  perf/*: off\n');
    let error: unknown;
    try {
      enabledRules(RULES, config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { key: 'rules.async/lock-guard-accross-await', line: 4, message: 'no rule or role matches `async/lock-guard-accross-await` (did you mean `async/lock-guard-across-await`?)' },
      { key: 'rules.perf/*', line: 5, message: 'no rule or role matches `perf/*` (see docs/rules/README.md for the ids)' },
    ]);
    expect((error as Error).message).toContain('.github/rust-review.yml:4: `rules.async/lock-guard-accross-await`');
  });

  it('does not take a prefix of a rule id for a role', () => {
    expect(() => enabledRules(RULES, parseConfig('rules:\n  owner/*: off\n'))).toThrow(ConfigError);
    expect(() => enabledRules(RULES, parseConfig('rules:\n  ownership/ptr: off\n'))).toThrow(ConfigError);
  });

  it('knows the real registry ids', () => {
    const id = 'architecture/unsafe-without-safety-comment';
    expect(ALL_RULES.some((r) => r.id === id)).toBe(true);
    const map = enabledRules(ALL_RULES, parseConfig(`rules:\n  ${id}: error\n`));
    expect([...map].find(([r]) => r.id === id)?.[1]).toEqual({ severity: 'error' });
    expect(() => enabledRules(ALL_RULES, parseConfig('rules:\n  architecture/no-such-rule: off\n'))).toThrow(/no-such-rule/);
  });

  it('checks rule options: unknown names and wrong types are errors naming the key, renamed ones a note', () => {
    const error = (yaml: string) => {
      try {
        enabledRules(RULES, parseConfig(yaml));
      } catch (e) {
        return (e as ConfigError).message;
      }
      return 'no error';
    };
    expect(error('rules:\n  ownership/ptr-arg: { options: { maxx: 3 } }\n')).toBe('.github/rust-review.yml:2: `rules.ownership/ptr-arg.options.maxx`: `ownership/ptr-arg` has no option `maxx` (did you mean `max`?)');
    expect(error('rules:\n  ownership/ptr-arg: { options: { max: [a] } }\n')).toBe('.github/rust-review.yml:2: `rules.ownership/ptr-arg.options.max`: must be a number');
    expect(error('rules:\n  tests/no-assertion: { options: { max: 3 } }\n')).toBe('.github/rust-review.yml:2: `rules.tests/no-assertion.options.max`: `tests/no-assertion` has no option `max` (it takes no options)');
    const config = parseConfig('rules:\n  ownership/ptr-arg: { options: { maxCount: 3 } }\n');
    expect(enabledRules(RULES, config).get(RULES[0]!)).toEqual({ options: { max: 3 } });
    expect(notesFor(config)).toEqual(['Config: `rules.ownership/ptr-arg.options.maxCount` is deprecated; write `max` (the old name still works for now).']);
  });

  it("layer-violation's options are snake_case; `domainCrates` still works, with a deprecation note", () => {
    const layer = ALL_RULES.find((r) => r.id === 'architecture/layer-violation')!;
    const config = parseConfig('rules:\n  architecture/layer-violation: { options: { domainCrates: [kernel] } }\n');
    expect(enabledRules(ALL_RULES, config).get(layer)?.options).toEqual({ domain_crates: ['kernel'] });
    expect(notesFor(config)).toEqual([expect.stringContaining('`rules.architecture/layer-violation.options.domainCrates` is deprecated; write `domain_crates`')]);
  });
});
