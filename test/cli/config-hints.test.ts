/**
 * Issue 19 item 8, through the built command: globs validated with the key named, the deprecated
 * `domainCrates` option, the allow comment in SQL's own syntax, and `npm run score` without ../shared.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderComment } from '../../src/report/comment.js';
import { ensureBuilt, ROOT, runBin } from './built.js';
import { CLEAN, Repo, prRepo } from './repo.js';

const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

// Each test runs the command several times: generous on a loaded machine.
describe('node dist/cli.js: config hints', { timeout: 120_000 }, () => {
  ensureBuilt();

  it('rejects bad globs and a leading `/`, naming the key and the line', () => {
    const r = prRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'paths:\n  exclude:\n    - "/benches/**"\n    - "src/[ab.rs"\n' }, { 'src/a.rs': CLEAN });
    repos.push(r);
    const run = runBin(['review', '--repo', r.dir]);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('.github/rust-review.yml:3: `paths.exclude.0`: `/benches/**`: globs are relative to the repository root: write `benches/**`, not `/benches/**`');
    expect(run.stderr).toContain('.github/rust-review.yml:4: `paths.exclude.1`: `src/[ab.rs`: bad glob syntax: Missing closing: "]"');
  });

  it('takes layer-violation\'s old `domainCrates` with a deprecation note in the summary', () => {
    const config = 'rules:\n  architecture/layer-violation:\n    options:\n      domainCrates: [kernel]\n';
    const r = prRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': config }, { 'src/a.rs': CLEAN });
    repos.push(r);
    const run = runBin(['review', '--repo', r.dir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('note: Config: `rules.architecture/layer-violation.options.domainCrates` is deprecated; write `domain_crates`');
  });

  it('tells SQL findings to be silenced with `--`, Rust ones with `//`', () => {
    const explain = runBin(['explain', 'database/migration-index-not-concurrent']).stdout;
    expect(explain).toContain('`-- rust-review: allow(database/migration-index-not-concurrent) <reason>`');
    expect(runBin(['explain', 'async/lock-guard-across-await']).stdout).toContain('`// rust-review: allow(async/lock-guard-across-await) <reason>`');
    const base = { ruleId: 'database/migration-index-not-concurrent', role: 'database', severity: 'warning', line: 1, message: 'm', source: 'rule' } as const;
    expect(renderComment({ ...base, path: 'migrations/1_idx.sql' }, 'fp')).toContain('`-- rust-review: allow(database/migration-index-not-concurrent) <reason>`');
    expect(renderComment({ ...base, path: 'src/db.rs' }, 'fp')).toContain('`// rust-review: allow(database/migration-index-not-concurrent) <reason>`');
  });

  it('`npm run score` says what it needs when ../shared is absent', () => {
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-review-score-'));
    try {
      fs.mkdirSync(path.join(clone, 'checkout', 'scripts'), { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'scripts', 'score.mjs'), path.join(clone, 'checkout', 'scripts', 'score.mjs'));
      const run = spawnSync(process.execPath, [path.join(clone, 'checkout', 'scripts', 'score.mjs')], { encoding: 'utf8', cwd: path.join(clone, 'checkout') });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^npm run score needs the shared scorer and corpus next to this checkout/);
      expect(run.stderr).toContain(`${path.join(clone, 'shared')}/tools/score-corpus.mjs (the scorer)`);
      expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.score).toBe('node scripts/score.mjs');
    } finally {
      fs.rmSync(clone, { recursive: true, force: true });
    }
  });
});
