/**
 * The built command itself (`node dist/cli.js`), as ../shared/tools/score-corpus.mjs runs it. `npm test`
 * builds first; when dist/ is missing or older than the CLI source, this builds it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN, UNSAFE, prRepo, type Repo } from './repo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('node dist/cli.js', () => {
  let repo: Repo;
  beforeAll(() => {
    const stale = (src: string, out: string) => !fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs;
    if (stale(path.join(ROOT, 'src/cli/main.ts'), path.join(ROOT, 'dist/cli/main.js')) || !fs.existsSync(BIN)) {
      try {
        execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
      } catch {
        // Type errors elsewhere still emit (noEmitOnError: false); the runs below tell.
      }
    }
    repo = prRepo({ 'src/lib.rs': CLEAN }, { 'src/raw.rs': UNSAFE });
  }, 180_000);
  afterAll(() => repo?.remove());

  it('prints JSON findings and exits 1 at the fail level', () => {
    const r = run('review', '--repo', repo.dir, '--format', 'json', '--fail-on', 'warning');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings).toEqual([expect.objectContaining({ ruleId: 'architecture/unsafe-without-safety-comment', path: 'src/raw.rs', line: 2 })]);
    expect(run('review', '--repo', repo.dir, '--format', 'json').status).toBe(0);
  });

  it('exits 2 with one line on stderr for a bad option', () => {
    const r = run('review', '--repo', repo.dir, '--format', 'xml');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^rust-review: --format must be text, json, sarif, rdjson or github/)]);
  });

  it('stops quietly when the reader of its output goes away (`| head`)', async () => {
    const child = spawn(process.execPath, [BIN, 'review', '--repo', repo.dir, '--format', 'sarif'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // The reader is gone before the review is written (as `head` is after its first lines).
    child.stdout.destroy();
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
