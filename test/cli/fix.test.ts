/** Issue 19 item 7, through the built command: suggestions, `review --fix`, SARIF `fixes`. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBin } from './built.js';
import { CLEAN, Repo, prRepo } from './repo.js';

const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

const LIB = 'pub fn greet(name: &String, ids: &Vec<u32>) -> usize {\n    name.len() + ids.len()\n}\n';
const TESTS = 'use tokio::sync::Mutex;\n\n#[test]\nasync fn locks() {\n    let m = Mutex::new(1);\n    assert_eq!(*m.lock().await, 1);\n}\n\n#[test]\n#[should_panic]\nfn boom() {\n    panic!("cart is empty");\n}\n';
const MIGRATION = '-- no-transaction\nCREATE INDEX idx_users_email ON users (email);\n';
const read = (r: Repo, p: string) => fs.readFileSync(path.join(r.dir, p), 'utf8');

// Each test runs the command several times: generous on a loaded machine.
describe('node dist/cli.js review --fix', { timeout: 120_000 }, () => {
  ensureBuilt();

  it('applies the machine-applicable suggestions to the working tree, says what it changed, leaves placeholders', () => {
    const r = prRepo({ 'src/main.rs': CLEAN }, { 'src/lib.rs': LIB, 'tests/api.rs': TESTS, 'migrations/20240101000000_idx.sql': MIGRATION });
    repos.push(r);
    const head = r.git('rev-parse', 'HEAD');
    const run = runBin(['review', '--repo', r.dir, '--fix', '--format', 'json']);
    expect(run.status).toBe(0);
    expect(read(r, 'src/lib.rs')).toBe('pub fn greet(name: &str, ids: &[u32]) -> usize {\n    name.len() + ids.len()\n}\n');
    expect(read(r, 'tests/api.rs')).toContain('#[tokio::test]\nasync fn locks()');
    expect(read(r, 'tests/api.rs')).toContain('#[should_panic]\nfn boom()'); // the placeholder is the user's to fill
    expect(read(r, 'migrations/20240101000000_idx.sql')).toBe('-- no-transaction\nCREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n');
    expect(run.stderr).toMatch(/^rust-review: fixed migrations\/20240101000000_idx\.sql:2 \[database\/migration-index-not-concurrent\]/m);
    expect(run.stderr).toMatch(/^rust-review: fixed src\/lib\.rs:1 \[ownership\/ptr-arg\]/m);
    expect(run.stderr).toMatch(/^rust-review: fixed tests\/api\.rs:3 \[tests\/async-test-attr\]/m);
    expect(run.stderr).toMatch(/^rust-review: not fixed tests\/api\.rs:10 \[tests\/should-panic-without-expected\]: the suggestion needs finishing by hand/m);
    expect(run.stderr).toMatch(/^rust-review: --fix applied 3 suggestions to the working tree$/m);
    // What was fixed is no longer reported; nothing was committed.
    expect(JSON.parse(run.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['tests/should-panic-without-expected']);
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(r.git('status', '--short', '--untracked-files=no')).toBe(' M migrations/20240101000000_idx.sql\n M src/lib.rs\n M tests/api.rs\n');
    // The working tree is now clean of them.
    expect(JSON.parse(runBin(['review', '--repo', r.dir, '--worktree', '--format', 'json']).stdout).findings).toHaveLength(1);
  });

  it('refuses, writing nothing, when a file to fix has changes the review did not see', () => {
    const r = new Repo().commit({ 'src/main.rs': CLEAN });
    repos.push(r);
    r.write({ 'src/lib.rs': LIB });
    r.git('add', '-A');
    r.write({ 'src/lib.rs': `${LIB}// edited after staging\n` });
    const run = runBin(['review', '--repo', r.dir, '--staged', '--fix']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^rust-review: --fix wrote nothing: src\/lib\.rs has unstaged changes, .*stage or stash those changes/);
    expect(read(r, 'src/lib.rs')).toBe(`${LIB}// edited after staging\n`);
    // --worktree reviews what is on disk, so it can fix it.
    expect(runBin(['review', '--repo', r.dir, '--worktree', '--base', 'HEAD', '--fix']).status).toBe(0);
    expect(read(r, 'src/lib.rs')).toMatch(/^pub fn greet\(name: &str, ids: &\[u32\]\)/);
  });

  it('SARIF carries the fixes; placeholders stay out', () => {
    const r = prRepo({ 'src/main.rs': CLEAN }, { 'src/lib.rs': LIB, 'tests/api.rs': TESTS });
    repos.push(r);
    const results = JSON.parse(runBin(['review', '--repo', r.dir, '--format', 'sarif']).stdout).runs[0].results as { ruleId: string; fixes?: unknown[] }[];
    const ptr = results.find((x) => x.ruleId === 'ownership/ptr-arg' && x.fixes);
    expect(ptr?.fixes).toEqual([
      {
        description: { text: 'Replace line 1 (rust-review ownership/ptr-arg)' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'src/lib.rs', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { startLine: 1, endLine: 1 }, insertedContent: { text: 'pub fn greet(name: &str, ids: &[u32]) -> usize {' } }],
          },
        ],
      },
    ]);
    expect(results.find((x) => x.ruleId === 'tests/should-panic-without-expected')?.fixes).toBeUndefined();
  });
});
