/** Issue 19 item 4, through the built command: --staged (index vs HEAD) and --worktree (working tree vs base). */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, runBin } from './built.js';
import { CLEAN, Repo, UNSAFE, prRepo } from './repo.js';

const RULE = 'architecture/unsafe-without-safety-comment';
const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));
const findings = (stdout: string) => (JSON.parse(stdout).findings as { path: string; ruleId: string }[]).map((f) => `${f.path} ${f.ruleId}`);

// Each test runs the command several times: generous on a loaded machine.
describe('node dist/cli.js review --staged | --worktree', { timeout: 120_000 }, () => {
  ensureBuilt();

  it('--staged reviews what is staged against HEAD, not what is only in the working tree', () => {
    const r = new Repo().commit({ 'src/lib.rs': CLEAN });
    repos.push(r);
    r.write({ 'src/staged.rs': UNSAFE, 'src/unstaged.rs': UNSAFE });
    r.git('add', 'src/staged.rs');
    // Staged, then edited again on disk: the index's copy is what gets committed and reviewed.
    r.write({ 'src/lib.rs': UNSAFE });
    const run = runBin(['review', '--repo', r.dir, '--staged', '--format', 'json', '--fail-on', 'warning']);
    expect(run.stderr).toBe('');
    expect(findings(run.stdout)).toEqual([`src/staged.rs ${RULE}`]);
    expect(run.status).toBe(1);
    r.git('reset', '-q');
    expect(runBin(['review', '--repo', r.dir, '--staged', '--format', 'json', '--fail-on', 'warning'])).toMatchObject({ status: 0 });
  });

  it('--staged works before the first commit (everything staged is new)', () => {
    const r = new Repo();
    repos.push(r);
    r.write({ 'src/raw.rs': UNSAFE });
    r.git('add', '-A');
    const run = runBin(['review', '--repo', r.dir, '--staged', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(findings(run.stdout)).toEqual([`src/raw.rs ${RULE}`]);
  });

  it('--worktree reviews tracked edits and untracked (not ignored) files against the base', () => {
    const r = prRepo({ 'src/lib.rs': CLEAN, '.gitignore': 'target/\n' }, { 'src/feature.rs': CLEAN });
    repos.push(r);
    r.write({ 'src/lib.rs': `${CLEAN}${UNSAFE}`, 'src/new.rs': UNSAFE, 'target/gen.rs': UNSAFE });
    const run = runBin(['review', '--repo', r.dir, '--worktree', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(findings(run.stdout)).toEqual([`src/lib.rs ${RULE}`, `src/new.rs ${RULE}`]);
    // The commit alone has nothing.
    expect(findings(runBin(['review', '--repo', r.dir, '--format', 'json']).stdout)).toEqual([]);
  });

  it('--head does not go with --staged; --staged and --worktree exclude each other', () => {
    const r = new Repo().commit({ 'src/lib.rs': CLEAN });
    repos.push(r);
    expect(runBin(['review', '--repo', r.dir, '--staged', '--head', 'HEAD']).stderr).toMatch(/^rust-review: --head does not go with --staged/);
    expect(runBin(['review', '--repo', r.dir, '--staged', '--worktree']).stderr).toMatch(/^rust-review: --staged and --worktree exclude each other/);
  });

  it('.pre-commit-hooks.yaml runs `review --staged`', () => {
    const hooks = fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    expect(hooks).toMatch(/^- id: rust-review$/m);
    expect(hooks).toMatch(/^ {2}entry: rust-review review --staged/m);
    expect(hooks).toMatch(/^ {2}pass_filenames: false$/m);
  });
});
