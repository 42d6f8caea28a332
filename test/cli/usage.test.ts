/** Issue 19 item 1, through the built command: --version, per-command --help, bare usage, --color. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBin } from './built.js';
import { CLEAN, UNSAFE, prRepo, type Repo } from './repo.js';
import pkg from '../../package.json' with { type: 'json' };

const ESC = /\x1b\[/;

// Each test runs the command several times: generous on a loaded machine.
describe('node dist/cli.js: usage and colour', { timeout: 120_000 }, () => {
  let repo: Repo;
  beforeAll(() => {
    ensureBuilt();
    repo = prRepo({ 'src/lib.rs': CLEAN }, { 'src/raw.rs': UNSAFE });
  }, 180_000);
  afterAll(() => repo?.remove());

  it('--version prints the package version', () => {
    expect(runBin(['--version'])).toMatchObject({ status: 0, stdout: `rust-review ${pkg.version}\n`, stderr: '' });
  });

  it('review --help and explain --help print their own usage on stdout', () => {
    const r = runBin(['review', '--help']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: rust-review review /);
    for (const option of ['--staged', '--worktree', '--format', '--color', '--baseline', '--fix', '--sarif']) expect(r.stdout).toContain(option);
    const e = runBin(['explain', '--help']);
    expect(e).toMatchObject({ status: 0, stderr: '' });
    expect(e.stdout).toMatch(/^usage: rust-review explain <rule-id>/);
    expect(runBin(['baseline', '--help']).stdout).toMatch(/^usage: rust-review baseline/);
  });

  it('with no arguments prints the usage on stderr and exits 2', () => {
    const r = runBin([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^usage:\n {2}rust-review review/);
    expect(runBin(['--help'])).toMatchObject({ status: 0, stderr: '' });
  });

  it('--color: auto is plain off a terminal; FORCE_COLOR turns it on, NO_COLOR off; always and never win', () => {
    const review = (color: string[], env: Record<string, string> = {}) => runBin(['review', '--repo', repo.dir, ...color], { env }).stdout;
    expect(review([])).not.toMatch(ESC);
    expect(review([], { FORCE_COLOR: '1' })).toMatch(ESC);
    expect(review([], { FORCE_COLOR: '0' })).not.toMatch(ESC);
    expect(review([], { FORCE_COLOR: '1', NO_COLOR: '1' })).not.toMatch(ESC);
    expect(review(['--color', 'always'], { NO_COLOR: '1' })).toMatch(ESC);
    expect(review(['--color', 'never'], { FORCE_COLOR: '1' })).not.toMatch(ESC);
    const bad = runBin(['review', '--repo', repo.dir, '--color', 'sometimes']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^rust-review: --color must be auto, always or never \(got `sometimes`\)/);
  });
});
