import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileRule } from '../../src/rules/define-rule.js';
import { loadRustParser } from '../../src/rust/parser.js';
import { parseRuleId, registerInIndex, scaffoldRule } from '../../src/tools/new-rule.js';
import { runFileRule } from '../helpers/rule-tester.js';

const repo = path.resolve(__dirname, '../..');

describe('npm run new-rule -- <role>/<name>', () => {
  let root: string;
  beforeAll(async () => {
    await loadRustParser();
    // A scratch checkout: the async role's index copied, the rest of src/rules linked to the real files.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'new-rule-'));
    fs.mkdirSync(path.join(root, 'src/rules/async'), { recursive: true });
    fs.copyFileSync(path.join(repo, 'src/rules/async/index.ts'), path.join(root, 'src/rules/async/index.ts'));
    fs.symlinkSync(path.join(repo, 'src/rules/define-rule.ts'), path.join(root, 'src/rules/define-rule.ts'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refuses ids that are not <role>/<kebab-name> of a known role, saying what to type', () => {
    expect(() => parseRuleId(undefined)).toThrow(/usage: npm run new-rule -- <role>\/<name>/);
    expect(() => parseRuleId('async/GuardInSelect')).toThrow(/not <role>\/<kebab-case-name>/);
    expect(() => parseRuleId('perf/slow-thing')).toThrow(/unknown role "perf".*architecture, async, database, ownership, tests/);
    expect(parseRuleId('async/guard-in-select')).toEqual({ role: 'async', name: 'guard-in-select' });
  });

  it('registers the rule in its role index, imports and list kept sorted, once', () => {
    const index = fs.readFileSync(path.join(repo, 'src/rules/async/index.ts'), 'utf8');
    const once = registerInIndex(index, 'guard-in-select');
    expect(once).toContain("import guardInSelect from './guard-in-select.js';\nimport lockGuardAcrossAwait");
    expect(once).toMatch(/ {2}futureNotAwaited,\n {2}guardInSelect,\n {2}lockGuardAcrossAwait,/);
    expect(registerInIndex(once, 'guard-in-select')).toBe(once);
  });

  it('writes a rule whose doc examples and test cases already pass, and a test that names it', async () => {
    const out = scaffoldRule(root, 'async/guard-in-select');
    const test = fs.readFileSync(out.test, 'utf8');
    expect(test).toContain("import rule from '../../../src/rules/async/guard-in-select.js';");
    expect(test).toContain("messageId: 'found'");
    expect(fs.readFileSync(out.index, 'utf8')).toContain("import guardInSelect from './guard-in-select.js';");

    const rule = (await import(out.rule)).default as FileRule;
    expect(rule.id).toBe('async/guard-in-select');
    const bad = await runFileRule(rule, { code: rule.docs.bad });
    expect(bad.findings.map((f) => [f.line, f.message])).toEqual([[2, '`replace_me` TODO: what is wrong here, in the words of a reviewer']]);
    expect((await runFileRule(rule, { code: rule.docs.good })).findings).toEqual([]);
  });

  it('never overwrites a rule that exists', () => {
    expect(() => scaffoldRule(root, 'async/guard-in-select')).toThrow(/src\/rules\/async\/guard-in-select\.ts already exists/);
  });
});
