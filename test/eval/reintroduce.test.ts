/**
 * Re-creating a fixed bug as a pull request from git (eval/lib/reintroduce.ts) and reviewing it with
 * the CLI, on a small repository made here: the same path `npm run eval:bugs` takes on real mirrors.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCases, type RepoEntry } from '../../eval/lib/cases.js';
import { git, reintroduce, type ReintroducedPr } from '../../eval/lib/reintroduce.js';
import { addedLines, matchExpectation, type ReportedFinding } from '../../eval/lib/score.js';
import { cli, Repo } from '../cli/repo.js';

const BUGGY = 'pub fn total(items: &Vec<u32>) -> u32 {\n    items.iter().sum()\n}\n';
const FIXED = 'pub fn total(items: &[u32]) -> u32 {\n    items.iter().sum()\n}\n';

/** A repository whose second commit fixes `src/lib.rs` and adds `src/new.rs`; returns the fix's id. */
function fixedRepo(): { repo: Repo; fix: string } {
  const repo = new Repo().commit({ 'Cargo.toml': '[package]\nname = "demo"\nversion = "0.1.0"\n', 'src/lib.rs': BUGGY, 'src/other.rs': 'pub fn other() {}\n' }, 'buggy');
  repo.commit({ 'src/lib.rs': FIXED, 'src/new.rs': 'pub fn added_by_the_fix() {}\n' }, 'fix: take a slice');
  return { repo, fix: repo.git('rev-parse', 'HEAD').trim() };
}

describe('reintroduce', () => {
  let repo: Repo | undefined;
  let pr: ReintroducedPr | undefined;
  afterEach(() => {
    pr?.remove();
    repo?.remove();
    pr = repo = undefined;
  });

  it('puts the listed files back at the fix parent on top of the fix, and deletes what the fix added', () => {
    const made = fixedRepo();
    repo = made.repo;
    pr = reintroduce(repo.dir, made.fix, ['src/lib.rs', 'src/new.rs']);
    expect(pr.base).toBe(made.fix);
    expect(git(pr.dir, ['rev-parse', `${pr.head}^`]).trim()).toBe(made.fix);
    expect(git(pr.dir, ['show', `${pr.head}:src/lib.rs`])).toBe(BUGGY);
    expect(git(pr.dir, ['ls-tree', '--name-only', '-r', pr.head]).split('\n').filter(Boolean)).toEqual(['Cargo.toml', 'src/lib.rs', 'src/other.rs']);
    expect([...addedLines(pr.diff).get('src/lib.rs')!]).toEqual([1]);
    // The mirror is only read: no ref or object is written into it.
    expect(repo.git('for-each-ref', '--format=%(refname)').trim()).toBe('refs/heads/main');
  });

  it('says so when the listed files are the same at the fix and its parent', () => {
    const made = fixedRepo();
    repo = made.repo;
    expect(() => reintroduce(repo!.dir, made.fix, ['src/other.rs'])).toThrow(/changes nothing/);
  });

  it('gives a PR that the CLI reviews, with the re-introduced defect caught inline on its line', async () => {
    const made = fixedRepo();
    repo = made.repo;
    pr = reintroduce(repo.dir, made.fix, ['src/lib.rs']);
    const run = await cli('review', '--repo', pr.dir, '--base', pr.base, '--head', pr.head, '--format', 'json', '--no-llm', '--fail-on', 'never');
    expect(run.stderr).toBe('');
    const { findings } = JSON.parse(run.stdout) as { findings: ReportedFinding[] };
    const result = matchExpectation({ path: 'src/lib.rs', line: 1, rule: 'ownership/ptr-arg', why: '&Vec param' }, findings, addedLines(pr.diff));
    expect(result.caught).toBe(true);
  });
});

describe('loadCases', () => {
  const repos: RepoEntry[] = [{ repo: 'o/r', mirror: '/nowhere', defaultBranch: 'main', head: 'a'.repeat(40) }];
  const good = { id: 'c1', repo: 'o/r', fix: 'abcdef1', files: ['src/a.rs'], expect: [{ path: 'src/a.rs', line: 3, rule: 'async/missing-timeout', why: 'no timeout' }] };
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const load = (cases: unknown[]) => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-cases-'));
    fs.writeFileSync(path.join(dir, 'r.json'), JSON.stringify(cases));
    return () => loadCases(dir!, repos);
  };

  it('reads valid cases', () => {
    expect(load([good])().map((c) => c.id)).toEqual(['c1']);
  });

  it('names the file, the case and the key of bad labels', () => {
    expect(load([{ ...good, repo: 'x/y' }])).toThrow(/r\.json: case c1: `repo` "x\/y" is not in eval\/repos\.json/);
    expect(load([{ ...good, expect: [{ ...good.expect[0], path: 'src/b.rs' }] }])).toThrow(/case c1: expect\[0\]\.path src\/b\.rs is not one of `files`/);
    expect(load([{ ...good, expect: [{ ...good.expect[0], rule: 'speed/fast' }] }])).toThrow(/case c1: expect\[0\]\.rule: rule id `speed\/fast`/);
    expect(load([good, good])).toThrow(/case c1: id also used/);
  });
});
