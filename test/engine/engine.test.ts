import { beforeAll, describe, expect, it, vi } from 'vitest';
import { defineRule, type Rule } from '../../src/rules/define-rule.js';
import { analyzeRustFile, emptyProject } from '../../src/rules/engine.js';
import { loadRustParser } from '../../src/rust/parser.js';

const docs = { summary: 'x', why: 'y', bad: '', good: '' };

const callsRule = defineRule({
  id: 'async/test-calls',
  role: 'async',
  category: 'suspicious',
  docs,
  messages: { call: 'call to `{{name}}`', loud: { text: 'loud `{{name}}`', category: 'correctness' } },
  help: 'do not call `{{name}}`',
  create(ctx) {
    return {
      call_expression(node) {
        const name = node.childForFieldName('function')!.text;
        ctx.report({ node, messageId: name === 'boom' ? 'loud' : 'call', data: { name } });
      },
    };
  },
});

const throwingRule = defineRule({
  id: 'async/test-throws',
  role: 'async',
  category: 'style',
  docs,
  messages: { x: 'x' },
  create: () => ({
    call_expression() {
      throw new Error('bug in rule');
    },
  }),
});

const code = 'fn main() {\n    a();\n    // rust-review: allow(async/test-calls) known\n    b();\n    boom();\n}\n';

describe('engine', () => {
  beforeAll(() => loadRustParser());

  it('reports findings with line, column, message data, help and category severity', () => {
    const out = analyzeRustFile({ path: 'src/x.rs', source: code }, new Map([[callsRule, {}]]), emptyProject());
    expect(out.findings.map((f) => [f.line, f.column, f.severity, f.message, f.help])).toEqual([
      [2, 5, 'warning', 'call to `a`', 'do not call `a`'],
      [5, 5, 'error', 'loud `boom`', 'do not call `boom`'],
    ]);
    expect(out.findings[0]).toMatchObject({ ruleId: 'async/test-calls', role: 'async', source: 'rule', path: 'src/x.rs', snippet: 'a();' });
  });

  it('counts suppressed findings instead of reporting them', () => {
    const out = analyzeRustFile({ path: 'src/x.rs', source: code }, new Map([[callsRule, {}]]), emptyProject());
    expect(out.suppressed.map((f) => f.line)).toEqual([4]);
  });

  it('applies a severity override from config', () => {
    const out = analyzeRustFile({ path: 'src/x.rs', source: code }, new Map([[callsRule, { severity: 'info' as const }]]), emptyProject());
    expect(out.findings.map((f) => f.severity)).toEqual(['info', 'info']);
  });

  it('keeps reviewing when one rule throws, and says which rule failed where', () => {
    const out = analyzeRustFile({ path: 'src/x.rs', source: code }, new Map<Rule, object>([[throwingRule, {}], [callsRule, {}]]), emptyProject());
    expect(out.findings).toHaveLength(2);
    expect(out.ruleErrors).toEqual([{ ruleId: 'async/test-throws', path: 'src/x.rs', error: 'bug in rule' }]);
  });

  it('still analyses a file with syntax errors (tree-sitter recovers)', () => {
    const broken = 'fn main() {\n    let x = ;\n    a(1,);\n    boom();\n}\nfn other( {\n';
    const out = analyzeRustFile({ path: 'src/x.rs', source: broken }, new Map([[callsRule, {}]]), emptyProject());
    expect(out.findings.map((f) => f.line)).toContain(4);
  });

  it('does not grow WASM memory when the same file is analysed many times (trees are freed)', () => {
    const big = code.repeat(200);
    const rules = new Map([[callsRule, {}]]);
    for (let i = 0; i < 20; i++) analyzeRustFile({ path: 'a.rs', source: big }, rules, emptyProject());
    const before = process.memoryUsage().arrayBuffers + process.memoryUsage().external;
    for (let i = 0; i < 200; i++) analyzeRustFile({ path: 'a.rs', source: big }, rules, emptyProject());
    const after = process.memoryUsage().arrayBuffers + process.memoryUsage().external;
    expect(after - before).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('change rules', () => {
  beforeAll(() => loadRustParser());

  const flagsLine3 = defineRule({
    id: 'tests/test-change-rule',
    role: 'tests',
    category: 'suspicious',
    clippyLint: 'some_lint',
    docs,
    messages: { x: 'flagged' },
    check(ctx) {
      for (const f of ctx.files) ctx.report({ path: f.path, line: 3, messageId: 'x' });
    },
  });

  async function run(head: string) {
    const { runChangeRules } = await import('../../src/rules/engine.js');
    return runChangeRules(
      { files: [{ path: 'src/a.rs', status: 'added', addedLines: new Set([1, 2, 3, 4]) }], project: emptyProject(['src/a.rs']), readHead: async () => head, readBase: async () => undefined },
      new Map([[flagsLine3, {}]]),
    );
  }

  it('reports on the given path and line', async () => {
    const out = await run('fn a() {\n    let x = 1;\n    work(x);\n}\n');
    expect(out.findings.map((f) => [f.path, f.line, f.snippet])).toEqual([['src/a.rs', 3, 'work(x);']]);
  });

  it('honours an allow comment above the enclosing item, and #[allow(clippy::..)] on it', async () => {
    const allowed = await run('// rust-review: allow(tests/*) reviewed by hand\nfn a() {\n    work(1);\n}\n');
    expect(allowed.findings).toEqual([]);
    expect(allowed.suppressed).toHaveLength(1);
    const clippy = await run('#[allow(clippy::some_lint)]\nfn a() {\n    work(1);\n}\n');
    expect(clippy.findings).toEqual([]);
  });
});

describe('rules that require some text in the file', () => {
  const panics = defineRule({
    id: 'architecture/test-panics',
    role: 'architecture',
    category: 'suspicious',
    docs,
    messages: { x: '`{{name}}` panics' },
    requires: /panic!/,
    create(ctx) {
      return {
        macro_invocation(node) {
          const name = node.childForFieldName('macro')!.text;
          ctx.report({ node, messageId: 'x', data: { name } });
        },
      };
    },
  });
  const withPanic = { path: 'src/a.rs', source: 'fn a() {\n    panic!("no");\n}\n' };
  const withoutPanic = { path: 'src/a.rs', source: 'fn a() {\n    todo!();\n}\n' };

  beforeAll(() => loadRustParser());

  it('fires on files that contain the text', () => {
    const out = analyzeRustFile(withPanic, new Map([[panics, {}]]), emptyProject());
    expect(out.findings.map((f) => [f.line, f.message])).toEqual([[2, '`panic` panics']]);
  });

  it('under tests, runs elsewhere too and turns a finding there into a rule error (the pattern is wrong)', () => {
    expect(process.env.RUST_REVIEW_CHECK_REQUIRES).toBe('1');
    const out = analyzeRustFile(withoutPanic, new Map([[panics, {}]]), emptyProject());
    expect(out.findings).toEqual([]);
    expect(out.ruleErrors).toEqual([{ ruleId: 'architecture/test-panics', path: 'src/a.rs', error: 'reported line 2 of a file its `requires` pattern /panic!/ rules out' }]);
  });

  it('outside tests, is not run at all on a file without the text', async () => {
    vi.stubEnv('RUST_REVIEW_CHECK_REQUIRES', '');
    vi.resetModules();
    try {
      const engine = await import('../../src/rules/engine.js');
      await (await import('../../src/rust/parser.js')).loadRustParser();
      let created = 0;
      const counting = defineRule({ ...panics, id: 'architecture/test-counting', create: (ctx) => (created++, panics.create(ctx)) });
      const out = engine.analyzeRustFile(withoutPanic, new Map([[counting, {}]]), engine.emptyProject());
      expect([out.findings, out.ruleErrors, created]).toEqual([[], [], 0]);
      engine.analyzeRustFile(withPanic, new Map([[counting, {}]]), engine.emptyProject());
      expect(created).toBe(1);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it('rejects a global or sticky pattern (it would skip files at random)', () => {
    expect(() => defineRule({ ...panics, requires: /panic!/g })).toThrow('must not have the g or y flag');
  });
});
