import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';

/** The ConfigError's problems, or a failure when the text parses. */
function problems(text: string): ConfigError['problems'] {
  try {
    parseConfig(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

function errorOf(text: string): ConfigError {
  try {
    parseConfig(text);
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const FULL = `# every key, none at its default
rules:
  async/*: error
  ownership/ptr-arg: off
  architecture/unsafe-without-safety-comment:
    enabled: true
    severity: info
    options: { strict: true }
paths:
  include: ["src/**", "crates/**"]
  exclude: ["benches/**"]
fail_on: warning
filter: diff_context
limits:
  max_file_bytes: 2000000
  max_files: 100
  max_total_bytes: 5000000
  parse_timeout_ms: 1000
  max_comments: 10
review:
  event: REQUEST_CHANGES
  drafts: true
  skip_bots: false
  on_error: neutral
llm:
  enabled: false
  model: claude-test-1
  budget_tokens: 1000
  min_confidence: 0.5
  max_severity: error
  affects_conclusion: true
`;

describe('parseConfig', () => {
  it('gives the defaults with no file, an empty file or only comments', () => {
    for (const text of [undefined, '', '  \n', '# nothing here\n']) {
      expect(parseConfig(text)).toEqual(DEFAULT_CONFIG);
    }
    expect(DEFAULT_CONFIG).toMatchObject({
      rules: {},
      paths: { include: ['**'], exclude: [] },
      fail_on: 'error',
      filter: 'added',
      limits: { max_file_bytes: 1_000_000 },
      llm: { enabled: true, affects_conclusion: false },
    });
  });

  it('reads a full valid file', () => {
    // Every key written above is read back; keys added to the schema later keep their defaults.
    expect(parseConfig(FULL)).toMatchObject({
      rules: {
        'async/*': 'error',
        'ownership/ptr-arg': 'off',
        'architecture/unsafe-without-safety-comment': { enabled: true, severity: 'info', options: { strict: true } },
      },
      paths: { include: ['src/**', 'crates/**'], exclude: ['benches/**'] },
      fail_on: 'warning',
      filter: 'diff_context',
      limits: { max_file_bytes: 2_000_000, max_files: 100, max_total_bytes: 5_000_000, parse_timeout_ms: 1000, max_comments: 10 },
      review: { event: 'REQUEST_CHANGES', drafts: true, skip_bots: false, on_error: 'neutral' },
      llm: { enabled: false, model: 'claude-test-1', budget_tokens: 1000, min_confidence: 0.5, max_severity: 'error', affects_conclusion: true },
    });
    expect(Object.keys(parseConfig(FULL)).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
    expect(parseConfig(FULL).paths).toEqual({ include: ['src/**', 'crates/**'], exclude: ['benches/**'] });
  });

  it('fills the defaults of a partly written section', () => {
    expect(parseConfig('limits:\n  max_files: 5\n').limits).toEqual({ ...DEFAULT_CONFIG.limits, max_files: 5 });
  });

  it('rejects an unknown top-level key, naming the key and the line', () => {
    const e = errorOf('fail_on: error\n\nfail_onn: warning\n');
    expect(e.problems).toEqual([{ key: 'fail_onn', line: 3, message: 'unknown key `fail_onn` (did you mean `fail_on`?)' }]);
    expect(e.message).toBe('.github/rust-review.yml:3: `fail_onn`: unknown key `fail_onn` (did you mean `fail_on`?)');
  });

  it('rejects an unknown nested key at its own line', () => {
    expect(problems('paths:\n  include: ["src/**"]\n  exlude: ["x"]\n')).toEqual([{ key: 'paths.exlude', line: 3, message: 'unknown key `exlude` (did you mean `exclude`?)' }]);
    // Nothing close: no guess.
    expect(problems('llm:\n  enabled: true\n  api_key: sk-123\n')[0]).toMatchObject({ key: 'llm.api_key', line: 3, message: 'unknown key `api_key`' });
  });

  it('rejects an unknown key inside a rule setting', () => {
    expect(problems('rules:\n  async/*:\n    enabled: true\n    sevrity: error\n')).toEqual([
      { key: 'rules.async/*.sevrity', line: 4, message: 'unknown key `sevrity` (did you mean `severity`?)' },
    ]);
  });

  it('rejects wrong types at the line of the value', () => {
    expect(problems('limits:\n  max_files: "many"\n')).toEqual([{ key: 'limits.max_files', line: 2, message: expect.stringContaining('expected number') }]);
    expect(problems('review:\n  drafts: 1\n')[0]).toMatchObject({ key: 'review.drafts', line: 2 });
    expect(problems('paths:\n  exclude:\n    - ok\n    - 3\n')[0]).toMatchObject({ key: 'paths.exclude.1', line: 4 });
    expect(problems('limits:\n  max_files: 0\n')[0]).toMatchObject({ key: 'limits.max_files', line: 2 });
    expect(problems('llm:\n  min_confidence: 2\n')[0]).toMatchObject({ key: 'llm.min_confidence', line: 2 });
    expect(problems('paths: src/**\n')[0]).toMatchObject({ key: 'paths', line: 1 });
  });

  it('rejects enum values, listing the allowed ones', () => {
    expect(problems('\n\nfail_on: sometimes\n')).toEqual([{ key: 'fail_on', line: 3, message: 'must be one of `error`, `warning`, `never`' }]);
    expect(problems('filter: everything\n')).toEqual([{ key: 'filter', line: 1, message: 'must be one of `added`, `diff_context`, `file`, `none`' }]);
    expect(problems('llm:\n  max_severity: fatal\n')[0]).toMatchObject({ key: 'llm.max_severity', line: 2 });
  });

  it('rejects a bad rule setting at its line', () => {
    expect(problems('rules:\n  async/*: loud\n')).toEqual([
      { key: 'rules.async/*', line: 2, message: 'must be `off`, `on`, a severity (error, warning, info) or { enabled, severity, options }' },
    ]);
    expect(problems('rules:\n  async/*:\n    severity: fatal\n')[0]).toMatchObject({ key: 'rules.async/*', line: expect.any(Number) });
  });

  it('reports every problem, each with its line', () => {
    const p = problems('fail_on: often\nbogus: 1\nlimits:\n  max_files: -1\n');
    expect(p.map((x) => [x.key, x.line])).toEqual(
      expect.arrayContaining([
        ['fail_on', 1],
        ['bogus', 2],
        ['limits.max_files', 4],
      ]),
    );
    expect(p).toHaveLength(3);
  });

  it('names the line of invalid YAML', () => {
    const tabs = errorOf('fail_on: error\nrules:\n\tfoo: 1\n');
    expect(tabs.problems[0]).toMatchObject({ key: '', line: 3, message: expect.stringMatching(/^invalid YAML: /) });
    expect(tabs.message).toMatch(/^\.github\/rust-review\.yml:3: invalid YAML: /);
    expect(problems('rules:\n  a: [1, 2\nfail_on: error\n')[0]!.line).toBeGreaterThanOrEqual(2);
    expect(problems('fail_on: error\nfail_on: warning\n')[0]).toMatchObject({ line: 2, message: expect.stringContaining('unique') });
  });

  it('keeps the message on one line', () => {
    for (const text of ['rules:\n\tfoo: 1\n', 'rules:\n  a: [1, 2\nfail_on: error\n', 'a: 1\nb: 2\n']) {
      expect(errorOf(text).message).not.toContain('\n');
    }
  });

  it('rejects a document that is not a mapping', () => {
    expect(problems('- a\n- b\n')[0]!.message).toContain('expected object');
  });

  it('names the file it was given', () => {
    expect(errorOf('x: 1\n').message).toMatch(/^\.github\/rust-review\.yml:1: `x`/);
    expect(() => parseConfig('x: 1\n', 'custom.yml')).toThrow(/^custom\.yml:1: `x`: unknown key/);
  });
});
