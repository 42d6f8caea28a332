/** The CLI's contract (DESIGN.md "The command line"): exit 0 / 1 / 2, one-line errors, --format json. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLEAN, Repo, UNSAFE, cli, prRepo } from './repo.js';

const RULE = 'architecture/unsafe-without-safety-comment';
const repos: Repo[] = [];
const track = (r: Repo) => (repos.push(r), r);
afterAll(() => repos.forEach((r) => r.remove()));

function expectOneLineError(run: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^rust-review: /);
  expect(run.stderr).toMatch(pattern);
}

describe('rust-review review: exit status', () => {
  const clean = track(prRepo({ 'src/lib.rs': CLEAN }, { 'src/math.rs': CLEAN }));
  const warn = track(prRepo({ 'src/lib.rs': CLEAN }, { 'src/raw.rs': UNSAFE }));
  const err = track(prRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': `rules:\n  ${RULE}: error\n` }, { 'src/raw.rs': UNSAFE }));

  it('exits 0 with no findings', async () => {
    const run = await cli('review', '--repo', clean.dir);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^0 findings/);
  });

  it('exits 0 on a warning with the default fail level (error)', async () => {
    const run = await cli('review', '--repo', warn.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`[${RULE}]`);
  });

  it('exits 1 on a warning with --fail-on warning, 0 with --fail-on never', async () => {
    expect((await cli('review', '--repo', warn.dir, '--fail-on', 'warning')).code).toBe(1);
    expect((await cli('review', '--repo', warn.dir, '--fail-on', 'error')).code).toBe(0);
    expect((await cli('review', '--repo', warn.dir, '--fail-on', 'never')).code).toBe(0);
  });

  it('exits 1 on an error (severity from the config), unless --fail-on never', async () => {
    expect((await cli('review', '--repo', err.dir)).code).toBe(1);
    expect((await cli('review', '--repo', err.dir, '--fail-on', 'error')).code).toBe(1);
    expect((await cli('review', '--repo', err.dir, '--fail-on', 'never')).code).toBe(0);
  });

  it('takes the fail level from the config when --fail-on is absent', async () => {
    const r = track(prRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'fail_on: warning\n' }, { 'src/raw.rs': UNSAFE }));
    expect((await cli('review', '--repo', r.dir)).code).toBe(1);
    expect((await cli('review', '--repo', r.dir, '--fail-on', 'error')).code).toBe(0);
  });

  it('prints text without colour when stdout is not a TTY', async () => {
    const run = await cli('review', '--repo', warn.dir);
    expect(run.stdout).not.toMatch(/\x1b\[/);
    expect(run.stdout).toContain('--> src/raw.rs:2:5');
    expect(run.stdout).toMatch(/2 \|     unsafe \{ \*v\.get_unchecked\(0\) \}\n\s+\|     \^+\n/);
  });
});

describe('rust-review review --format', () => {
  const warn = track(prRepo({ 'src/lib.rs': CLEAN }, { 'src/raw.rs': UNSAFE }));

  it('json prints { "findings": [...] }', async () => {
    const run = await cli('review', '--repo', warn.dir, '--format', 'json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.findings).toEqual([
      expect.objectContaining({ ruleId: RULE, role: 'architecture', severity: 'warning', path: 'src/raw.rs', line: 2, source: 'rule', message: expect.stringContaining('`first`') }),
    ]);
    expect(out).toMatchObject({ suppressed: 0, reviewedFiles: ['src/raw.rs'], conclusion: 'success' });
  });

  it('json with no findings', async () => {
    const r = track(prRepo({}, { 'src/a.rs': CLEAN }));
    const run = await cli('review', '--repo', r.dir, '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).findings).toEqual([]);
  });

  it('sarif prints a SARIF 2.1.0 log', async () => {
    const run = await cli('review', '--repo', warn.dir, '--format', 'sarif');
    const log = JSON.parse(run.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results).toHaveLength(1);
    expect(log.runs[0].results[0].locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'src/raw.rs' }, region: { startLine: 2 } });
  });
});

describe('rust-review review: what is reviewed', () => {
  it('--all reviews every file of the tree as added', async () => {
    const r = track(prRepo({ 'src/old.rs': UNSAFE }, { 'src/new.rs': CLEAN }));
    const plain = JSON.parse((await cli('review', '--repo', r.dir, '--format', 'json')).stdout);
    expect(plain.findings).toEqual([]);
    expect(plain.reviewedFiles).toEqual(['src/new.rs']);
    const all = await cli('review', '--repo', r.dir, '--all', '--format', 'json', '--fail-on', 'warning');
    expect(all.code).toBe(1);
    const out = JSON.parse(all.stdout);
    expect(out.findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`)).toEqual(['src/old.rs:2']);
    expect([...out.reviewedFiles].sort()).toEqual(['src/new.rs', 'src/old.rs']);
  });

  it('a change that only reformats and moves existing code: no finding, exit 0, counted as already present', async () => {
    const before = `${UNSAFE}\npub fn second(v: &[u8], i: usize, j: usize) -> u8 { unsafe { *v.get_unchecked(i * j + 1) } }\n`;
    const after = 'pub fn second(v: &[u8], i: usize, j: usize) -> u8 {\n    unsafe {\n        *v.get_unchecked(\n            i * j + 1,\n        )\n    }\n}\n\n' + UNSAFE;
    const r = track(prRepo({ 'src/lib.rs': before }, { 'src/lib.rs': after }));
    const json = await cli('review', '--repo', r.dir, '--format', 'json', '--fail-on', 'warning');
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.findings).toEqual([]);
    expect(out.alreadyPresent.map((f: { ruleId: string; line: number }) => `${f.ruleId}:${f.line}`)).toEqual([`${RULE}:2`]); // the unchanged function is not on a touched line
    const text = await cli('review', '--repo', r.dir, '--fail-on', 'warning');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^0 findings .*, 1 already present,/);
  });

  it('--all treats migrations as applied history and says how many', async () => {
    const r = track(prRepo({ 'migrations/20200101000000_drop.sql': 'DROP TABLE legacy_sessions;\n' }, { 'migrations/20240101000000_drop_more.sql': 'DROP TABLE legacy_tokens;\n' }));
    const plain = JSON.parse((await cli('review', '--repo', r.dir, '--format', 'json')).stdout);
    expect(plain.findings.map((f: { path: string }) => f.path)).toEqual(['migrations/20240101000000_drop_more.sql']);
    expect(plain.migrationsAsHistory).toBe(0);
    const all = await cli('review', '--repo', r.dir, '--all', '--format', 'json');
    expect(JSON.parse(all.stdout)).toMatchObject({ findings: [], migrationsAsHistory: 2 });
    expect((await cli('review', '--repo', r.dir, '--all')).stdout).toContain('note: 2 migration files were treated as already-applied history');
  });

  it('--all does not take --base', async () => {
    const r = track(prRepo({}, { 'src/a.rs': CLEAN }));
    expectOneLineError(await cli('review', '--repo', r.dir, '--all', '--base', 'main'), /--all/);
  });

  it('--base defaults to the merge base with main, not main itself', async () => {
    // main later drops an unsafe block that the feature branch still has: a two-dot diff would show it as added.
    const r = track(prRepo({ 'src/shared.rs': UNSAFE }, { 'src/feature.rs': CLEAN }));
    r.git('checkout', '-q', 'main');
    r.commit({ 'src/shared.rs': CLEAN }, 'main moves on');
    r.git('checkout', '-q', 'feature');
    for (const args of [[], ['--base', 'main']]) {
      const out = JSON.parse((await cli('review', '--repo', r.dir, '--format', 'json', ...args)).stdout);
      expect(out.findings).toEqual([]);
      expect(out.reviewedFiles).toEqual(['src/feature.rs']);
    }
  });

  it('--base and --head pick the revisions', async () => {
    const r = track(prRepo({ 'src/lib.rs': CLEAN }, { 'src/raw.rs': UNSAFE }));
    r.commit({ 'src/later.rs': CLEAN }, 'later');
    const out = JSON.parse((await cli('review', '--repo', r.dir, '--format', 'json', '--base', 'HEAD~1', '--head', 'HEAD')).stdout);
    expect(out.reviewedFiles).toEqual(['src/later.rs']);
    const older = JSON.parse((await cli('review', '--repo', r.dir, '--format', 'json', '--head', 'HEAD~1')).stdout);
    expect(older.findings.map((f: { path: string }) => f.path)).toEqual(['src/raw.rs']);
  });

  it('reviews from a subdirectory of the repository', async () => {
    const r = track(prRepo({ 'src/lib.rs': CLEAN }, { 'src/raw.rs': UNSAFE }));
    const out = JSON.parse((await cli('review', '--repo', path.join(r.dir, 'src'), '--format', 'json')).stdout);
    expect(out.findings.map((f: { path: string }) => f.path)).toEqual(['src/raw.rs']);
  });

  it('reviews paths with spaces and non-ASCII characters', async () => {
    const r = track(prRepo({ 'src/lib.rs': CLEAN }, { 'src/café menu.rs': UNSAFE, 'src/naïve/x y.rs': UNSAFE }));
    const out = JSON.parse((await cli('review', '--repo', r.dir, '--format', 'json')).stdout);
    expect(out.findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`)).toEqual(['src/café menu.rs:2', 'src/naïve/x y.rs:2']);
    r.git('config', 'core.quotepath', 'true');
    const again = JSON.parse((await cli('review', '--repo', r.dir, '--format', 'json')).stdout);
    expect(again.findings).toHaveLength(2);
  });

  it('reviews a renamed file on its new path, only where lines changed', async () => {
    const r = track(prRepo({ 'src/old.rs': `${UNSAFE}${CLEAN}` }, { 'src/old.rs': null, 'src/new.rs': `${UNSAFE}${CLEAN}pub fn more() {}\n` }));
    const out = JSON.parse((await cli('review', '--repo', r.dir, '--format', 'json')).stdout);
    expect(out.reviewedFiles).toEqual(['src/new.rs']);
    expect(out.findings).toEqual([]);
    expect(out.outsideFilter.map((f: { path: string; line: number; mark: string }) => `${f.path}:${f.line} ${f.mark}`)).toEqual(['src/new.rs:2 file']);
  });

  it('finds the main branch through origin/HEAD or master', async () => {
    const r = track(new Repo());
    r.git('checkout', '-q', '-b', 'master');
    r.commit({ 'src/lib.rs': CLEAN }, 'base');
    r.git('checkout', '-q', '-b', 'topic');
    r.commit({ 'src/raw.rs': UNSAFE }, 'topic');
    const out = JSON.parse((await cli('review', '--repo', r.dir, '--format', 'json')).stdout);
    expect(out.findings.map((f: { path: string }) => f.path)).toEqual(['src/raw.rs']);
  });
});

describe('rust-review review: errors exit 2 with one line on stderr', () => {
  const ok = track(prRepo({ 'src/lib.rs': CLEAN }, { 'src/raw.rs': UNSAFE }));

  it('not a git repository', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-review-nogit-'));
    try {
      expectOneLineError(await cli('review', '--repo', dir), /is not a git repository/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a directory that does not exist', async () => {
    expectOneLineError(await cli('review', '--repo', path.join(os.tmpdir(), 'rust-review-no-such-dir-xyz')), /does not exist/);
  });

  it('unknown revision', async () => {
    expectOneLineError(await cli('review', '--repo', ok.dir, '--base', 'no-such-branch'), /unknown revision `no-such-branch`/);
    expectOneLineError(await cli('review', '--repo', ok.dir, '--head', 'deadbeef'), /unknown revision `deadbeef`/);
  });

  it('no default branch to compare with', async () => {
    const r = track(new Repo());
    r.git('checkout', '-q', '-b', 'trunk');
    r.commit({ 'src/lib.rs': CLEAN });
    expectOneLineError(await cli('review', '--repo', r.dir), /default branch.*--base/);
  });

  it('unknown option', async () => {
    expectOneLineError(await cli('review', '--repo', ok.dir, '--bogus'), /Unknown option '--bogus'.*--help/);
  });

  it('a stray positional argument', async () => {
    expectOneLineError(await cli('review', 'extra'), /--help/);
  });

  it('bad --format and bad --fail-on', async () => {
    expectOneLineError(await cli('review', '--repo', ok.dir, '--format', 'xml'), /--format must be text, json, sarif, rdjson or github \(got `xml`\)/);
    expectOneLineError(await cli('review', '--repo', ok.dir, '--fail-on', 'sometimes'), /--fail-on must be error, warning or never/);
  });

  it('unknown command', async () => {
    expectOneLineError(await cli('revue'), /unknown command `revue`/);
  });

  it('invalid config: names the file, the line and the key', async () => {
    const r = track(prRepo({ 'src/lib.rs': CLEAN }, { '.github/rust-review.yml': 'fail_on: error\nfilter: added\nfail_onn: warning\n', 'src/raw.rs': UNSAFE }));
    expectOneLineError(await cli('review', '--repo', r.dir), /^rust-review: invalid config: \.github\/rust-review\.yml:3: `fail_onn`: unknown key/);
  });

  it('invalid config: an unknown rule id names its line too', async () => {
    const r = track(prRepo({ 'src/lib.rs': CLEAN }, { '.github/rust-review.yml': 'rules:\n  architecture/no-such-rule: off\n', 'src/raw.rs': UNSAFE }));
    expectOneLineError(await cli('review', '--repo', r.dir), /\.github\/rust-review\.yml:2: `rules\.architecture\/no-such-rule`/);
  });

  it('invalid config: invalid YAML', async () => {
    const r = track(prRepo({ 'src/lib.rs': CLEAN }, { '.github/rust-review.yml': 'rules:\n\tfoo: off\n' }));
    expectOneLineError(await cli('review', '--repo', r.dir), /invalid config: \.github\/rust-review\.yml:2: invalid YAML/);
  });
});

describe('rust-review: other commands', () => {
  it('--help prints the usage and exits 0', async () => {
    const run = await cli('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('rust-review review [--repo DIR]');
  });

  it('explain prints a rule, or exits 2 on an unknown one', async () => {
    const run = await cli('explain', RULE);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`# \`${RULE}\``);
    expectOneLineError(await cli('explain', 'nope/nope'), /unknown rule `nope\/nope`/);
  });
});
