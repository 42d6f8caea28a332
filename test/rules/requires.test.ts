/**
 * A rule's `requires` pattern must be a necessary condition: the engine skips the rule on files that
 * do not match. Every rule test checks it on its own snippets (see vitest.config.ts); this runs every
 * rule over every Rust file the repository carries (fixtures, held-out cases, the demo, the shared
 * corpus when present) and over the rules' doc examples, and fails on any finding in a ruled-out file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileRule } from '../../src/rules/define-rule.js';
import { analyzeRustFile, emptyProject } from '../../src/rules/engine.js';
import { ALL_RULES } from '../../src/rules/registry.js';
import { loadRustParser } from '../../src/rust/parser.js';

const repo = path.resolve(import.meta.dirname, '../..');
const rustFiles = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.rs')).map((f) => path.join(dir, f)) : [];

const fileRules = ALL_RULES.filter((r): r is FileRule => r.scope === 'file');
const sources = [
  ...['test/fixtures', 'test/heldout', 'test/heldout2', 'test/heldout3', 'test/heldout4', 'test/heldout5', 'test/heldout6', 'examples', '../shared/corpus'].flatMap((d) => rustFiles(path.join(repo, d))).map((f) => ({
    // Keep the path's shape (tests/, src/bin/, ..): rules decide test context and crate kind from it.
    path: path.relative(repo, f).replace(/^.*?\/(head|base)\//, ''),
    source: fs.readFileSync(f, 'utf8'),
  })),
  ...fileRules.flatMap((r) => [r.docs.bad, r.docs.good].map((source) => ({ path: r.docs.path ?? 'src/handlers.rs', source }))),
];

describe('`requires` patterns', () => {
  beforeAll(() => loadRustParser());

  it('hold on every Rust file the repository carries', () => {
    expect(sources.length).toBeGreaterThan(200);
    const rules = new Map(fileRules.map((r) => [r, {}]));
    const wrong = sources.flatMap((f) => analyzeRustFile(f, rules, emptyProject()).ruleErrors.filter((e) => e.error.includes('`requires`')));
    expect(wrong).toEqual([]);
  });
});
