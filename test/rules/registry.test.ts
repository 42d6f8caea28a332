/** Every rule's id is its path; docs are fresh; each rule's `bad` example fires and its `good` one does not. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_RULES, ruleById } from '../../src/rules/registry.js';
import { analyzeRustFile, emptyProject, type RuleSetting } from '../../src/rules/engine.js';
import { runChangeRule } from '../helpers/rule-tester.js';
import { loadRustParser } from '../../src/rust/parser.js';
import type { Rule } from '../../src/rules/define-rule.js';
import { generatedRuleDocs, readmeWithRuleTable } from '../../src/tools/rule-docs.js';

const RULES_DIR = path.resolve('src/rules');
const ROLE_DIRS = ['architecture', 'async', 'database', 'ownership', 'tests'];

function ruleFiles(): string[] {
  return ROLE_DIRS.flatMap((role) =>
    fs
      .readdirSync(path.join(RULES_DIR, role))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => `${role}/${f.replace(/\.ts$/, '')}`),
  );
}

async function examplesFindings(rule: Rule, which: 'bad' | 'good'): Promise<number> {
  const code = rule.docs[which];
  const docPath = rule.docs.path ?? 'src/handlers.rs';
  if (rule.scope === 'file') {
    const rules = new Map<Rule, RuleSetting>([[rule, {}], ...(rule.docs.withRules ?? []).map((id) => [ruleById(id)!, {}] as [Rule, RuleSetting])]);
    return analyzeRustFile({ path: docPath, source: code }, rules, emptyProject([docPath])).findings.filter((f) => f.ruleId === rule.id).length;
  }
  const fixture = rule.docs.fixtures?.[which] ?? { files: { [docPath]: { head: code } } };
  return (await runChangeRule(rule, fixture)).findings.length;
}

describe('rule registry', () => {
  beforeAll(() => loadRustParser());

  it('registers every rule file under src/rules/<role>/, and each id is its path', async () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect([...ids].sort()).toEqual(ruleFiles().sort());
    for (const file of ruleFiles()) {
      const mod = await import(path.join(RULES_DIR, `${file}.ts`));
      expect(mod.default?.id, `${file}.ts exports a rule with another id`).toBe(file);
    }
  });

  it('keeps ids unique and sorted, and each rule is in its role folder', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
    for (const r of ALL_RULES) expect(r.id.split('/')[0]).toBe(r.role);
  });

  it('has docs and messages for every rule', () => {
    for (const r of ALL_RULES) {
      expect(r.docs.summary.length, r.id).toBeGreaterThan(10);
      expect(r.docs.why.length, r.id).toBeGreaterThan(10);
      expect(Object.keys(r.messages).length, r.id).toBeGreaterThan(0);
    }
  });

  describe.each(ALL_RULES.map((r) => [r.id, r] as const))('%s docs examples', (_id, rule) => {
    it('`bad` produces a finding (else the docs show code the rule misses)', async () => {
      expect(await examplesFindings(rule, 'bad')).toBeGreaterThan(0);
    });
    it('`good` produces none (else the docs show the fix being flagged)', async () => {
      expect(await examplesFindings(rule, 'good')).toBe(0);
    });
  });

  it('docs/rules and the README table are up to date (run `npm run docs`)', () => {
    for (const [rel, content] of generatedRuleDocs()) {
      const onDisk = fs.existsSync(rel) ? fs.readFileSync(rel, 'utf8') : '(missing)';
      expect(onDisk, `${rel} is stale`).toBe(content);
    }
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(readme, 'README rule table is stale').toBe(readmeWithRuleTable(readme));
  });
});
