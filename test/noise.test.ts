/**
 * Noise: every rule of every role over realistic, idiomatic service code with no planted defect
 * (test/fixtures/clean-service/<role>/...). No warning or error, and at most one info per 500 lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../src/rules/registry.js';
import { analyzeRustFile, emptyProject, runChangeRules } from '../src/rules/engine.js';
import { loadRustParser } from '../src/rust/parser.js';

const ROOT = path.resolve('test/fixtures/clean-service');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const samples = fs.existsSync(ROOT) ? fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory()) : [];

describe('noise on clean service code', () => {
  beforeAll(() => loadRustParser());

  it.each(samples)('%s sample: no warning or error, at most one info per 500 lines', async (sample) => {
    const dir = path.join(ROOT, sample);
    const files = walk(dir).map((abs) => ({ path: path.relative(dir, abs).split(path.sep).join('/'), source: fs.readFileSync(abs, 'utf8') }));
    const rules = new Map(ALL_RULES.map((r) => [r, {}]));
    const project = emptyProject(files.map((f) => f.path));
    const findings = files.filter((f) => f.path.endsWith('.rs')).flatMap((f) => analyzeRustFile(f, rules, project).findings);
    const byPath = new Map(files.map((f) => [f.path, f.source]));
    const change = await runChangeRules(
      {
        files: files.map((f) => ({ path: f.path, status: 'added' as const, addedLines: new Set(f.source.split('\n').map((_, i) => i + 1)) })),
        project,
        readHead: async (p) => byPath.get(p),
        readBase: async () => undefined,
      },
      rules,
    );
    findings.push(...change.findings);
    const lines = files.reduce((n, f) => n + f.source.split('\n').length, 0);
    const loud = findings.filter((f) => f.severity !== 'info').map((f) => `${f.path}:${f.line} [${f.ruleId}] ${f.message}`);
    expect(loud).toEqual([]);
    const infos = findings.filter((f) => f.severity === 'info');
    expect(infos.length, infos.map((f) => `${f.path}:${f.line} [${f.ruleId}] ${f.message}`).join('\n')).toBeLessThanOrEqual(Math.max(1, Math.floor(lines / 500)));
  });
});
