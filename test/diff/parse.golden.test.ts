/**
 * Golden tests for the diff parser: every `test/fixtures/diff/<name>.diff` (a whole `git diff`, parsed
 * with parseGitDiff) and `<name>.patch` (GitHub's per-file `patch` field, parsed with parsePatch) sits
 * next to `<name>.json`, the expected parse. `UPDATE_GOLDEN=1 npx vitest run test/diff` rewrites the
 * JSON files; review the changes by eye before committing them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseGitDiff, parsePatch } from '../../src/diff/parse.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/diff');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const inputs = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.diff') || f.endsWith('.patch'))
  .sort();

describe('diff parser golden files', () => {
  it('has fixtures', () => {
    expect(inputs.length).toBeGreaterThan(10);
  });

  for (const input of inputs) {
    it(input, () => {
      const text = fs.readFileSync(path.join(DIR, input), 'utf8');
      const parsed = input.endsWith('.patch') ? parsePatch(text) : parseGitDiff(text);
      const actual = `${JSON.stringify(parsed, null, 2)}\n`;
      const golden = path.join(DIR, input.replace(/\.(diff|patch)$/, '.json'));
      if (UPDATE || !fs.existsSync(golden)) {
        if (!UPDATE) throw new Error(`${path.basename(golden)} is missing: run with UPDATE_GOLDEN=1 and review it`);
        fs.writeFileSync(golden, actual);
      }
      expect(actual).toBe(fs.readFileSync(golden, 'utf8'));
    });
  }

  it('every golden JSON has an input', () => {
    const orphans = fs
      .readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .filter((j) => !inputs.some((i) => i.replace(/\.(diff|patch)$/, '.json') === j));
    expect(orphans).toEqual([]);
  });
});
