/**
 * Issue 19 item 2: the GitHub Action's script part run locally (action/review.sh, as action.yml's
 * review step runs it) against scratch repositories, with the built CLI; GitHub's runner is not run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateSarif } from '../report/sarif-validator.js';
import { BIN, ensureBuilt, ROOT } from './built.js';
import { CLEAN, UNSAFE, prRepo, type Repo } from './repo.js';

const SCRIPT = path.join(ROOT, 'action', 'review.sh');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-review-action-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function runStep(cwd: string, env: Record<string, string>) {
  const outputFile = path.join(scratch, `output-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(outputFile, '');
  const r = spawnSync('bash', [SCRIPT], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', RUST_REVIEW_CLI_JS: BIN, GITHUB_OUTPUT: outputFile, ...env } });
  const outputs = Object.fromEntries(fs.readFileSync(outputFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

// Each test runs the command several times: generous on a loaded machine.
describe('action.yml and action/review.sh', { timeout: 120_000 }, () => {
  let repo: Repo;
  let baseSha: string;
  beforeAll(() => {
    ensureBuilt();
    repo = prRepo({ 'src/lib.rs': CLEAN }, { 'src/raw.rs': UNSAFE });
    baseSha = repo.git('rev-parse', 'main').trim();
  }, 180_000);
  afterAll(() => repo?.remove());

  it('is a composite action: the review script, then upload-sarif, then failing on the exit status', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
    expect(action.runs.using).toBe('composite');
    const steps = action.runs.steps as { id?: string; uses?: string; run?: string; if?: string; env?: Record<string, string> }[];
    const review = steps.find((s) => s.id === 'review')!;
    expect(review.run).toContain('action/review.sh');
    expect(review.env!.RUST_REVIEW_BASE).toBe('${{ inputs.base || github.event.pull_request.base.sha }}');
    const upload = steps.findIndex((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload).toBeGreaterThan(steps.indexOf(review));
    expect(steps[upload]!.if).toContain('always()');
    expect(steps.at(-1)!.if).toBe("${{ steps.review.outputs.exit-code == '1' }}");
    expect(fs.statSync(SCRIPT).mode & 0o111).not.toBe(0);
  });

  it('reviews base...head: annotations on stdout, SARIF written, the exit status as an output', () => {
    const r = runStep(repo.dir, { RUST_REVIEW_BASE: baseSha, RUST_REVIEW_FAIL_ON: 'warning', RUST_REVIEW_ARGS: '--no-llm' });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`rust-review review --format github --sarif rust-review.sarif --base ${baseSha} --fail-on warning --no-llm`);
    expect(lines[1]).toMatch(/^::warning file=src\/raw\.rs,line=2,col=5,/);
    expect(r.outputs).toEqual({ 'exit-code': '1', 'sarif-file': 'rust-review.sarif' });
    const sarif = JSON.parse(fs.readFileSync(path.join(repo.dir, 'rust-review.sarif'), 'utf8'));
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['architecture/unsafe-without-safety-comment']);
    // The default fail level (error) does not fail on a warning.
    expect(runStep(repo.dir, { RUST_REVIEW_BASE: baseSha }).outputs['exit-code']).toBe('0');
  });

  it('a shallow clone without the base: exits 2 with an annotation saying `fetch-depth: 0`', () => {
    const clone = path.join(scratch, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo.dir}`, clone], { stdio: 'pipe' });
    const r = runStep(clone, { RUST_REVIEW_BASE: baseSha });
    expect(r.status).toBe(2);
    expect(r.outputs).toEqual({ 'exit-code': '2' });
    expect(r.stdout).toMatch(/^::error title=rust-review could not review::unknown revision `[0-9a-f]{40}` .*shallow clone.*`fetch-depth: 0`/m);
    // The base fetched alone (still shallow): the merge base is out of reach, and the hint says so.
    execFileSync('git', ['fetch', '-q', '--depth', '1', 'origin', 'main'], { cwd: clone, stdio: 'pipe' });
    const again = runStep(clone, { RUST_REVIEW_BASE: baseSha });
    expect(again.status).toBe(2);
    expect(again.stdout).toMatch(/^::error title=rust-review could not review::`[0-9a-f]{40}` and `[0-9a-f]{12}` have no common history; this is a shallow clone.*`fetch-depth: 0`/m);
  });
});
