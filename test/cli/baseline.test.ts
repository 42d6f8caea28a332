/** Issue 19 item 5, through the built command: `baseline` then `review` reporting only new findings. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBin } from './built.js';
import { CLEAN, Repo, UNSAFE } from './repo.js';

const RULE = 'architecture/unsafe-without-safety-comment';
/** Other code than UNSAFE's, so that it is not taken for UNSAFE moved to a new file. */
const OTHER_UNSAFE = 'pub fn second(v: &[u8]) -> u8 {\n    unsafe { *v.get_unchecked(1) }\n}\n';
const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));
const json = (dir: string, ...args: string[]) => JSON.parse(runBin(['review', '--repo', dir, '--format', 'json', ...args]).stdout);

// Each test runs the command several times: generous on a loaded machine.
describe('node dist/cli.js baseline', { timeout: 120_000 }, () => {
  ensureBuilt();

  it('records fingerprints, hides them from --all and from a branch review, and reports entries that no longer match', () => {
    const r = new Repo().commit({ 'src/lib.rs': CLEAN, 'src/old.rs': UNSAFE, 'src/older.rs': UNSAFE });
    repos.push(r);
    const written = runBin(['baseline', '--repo', r.dir]);
    expect(written).toMatchObject({ status: 0, stderr: '' });
    expect(written.stdout).toMatch(/wrote 2 findings of \d+ files to .*\.rust-review-baseline\.json/);
    const file = JSON.parse(fs.readFileSync(path.join(r.dir, '.rust-review-baseline.json'), 'utf8'));
    expect(file.entries).toEqual([
      { fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), rule: RULE, path: 'src/old.rs', message: expect.any(String) },
      { fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), rule: RULE, path: 'src/older.rs', message: expect.any(String) },
    ]);
    expect(JSON.stringify(file)).not.toMatch(/"line"/);
    r.commit({ '.rust-review-baseline.json': fs.readFileSync(path.join(r.dir, '.rust-review-baseline.json'), 'utf8') }, 'baseline');

    const all = json(r.dir, '--all');
    expect(all.findings).toEqual([]);
    expect(all.baseline).toEqual({ file: '.rust-review-baseline.json', hidden: 2, stale: [] });
    expect(runBin(['review', '--repo', r.dir, '--all']).stdout).toMatch(/^0 findings .*, 2 hidden by the baseline in/m);

    // A branch: lines shift above the old finding, a new one appears, another old one is fixed.
    r.git('checkout', '-q', '-b', 'feature');
    r.commit({ 'src/old.rs': `// moved down\n\n${UNSAFE}`, 'src/new.rs': OTHER_UNSAFE, 'src/older.rs': CLEAN });
    const branch = json(r.dir, '--base', 'main', '--fail-on', 'warning');
    expect(branch.findings.map((f: { path: string }) => f.path)).toEqual(['src/new.rs']);
    expect(branch.baseline.hidden).toBe(0); // the moved one is not on an added line: not shown anyway
    expect(branch.baseline.stale).toEqual([expect.objectContaining({ path: 'src/older.rs', rule: RULE })]);
    const text = runBin(['review', '--repo', r.dir, '--base', 'main']).stdout;
    expect(text).toContain('baseline: 1 entry of .rust-review-baseline.json no longer matches a finding');
    expect(text).toContain(`  src/older.rs [${RULE}]`);

    // --no-baseline shows everything; --all after the branch hides the moved one, not the new one.
    expect(json(r.dir, '--all', '--no-baseline').findings).toHaveLength(2);
    const after = json(r.dir, '--all');
    expect(after.findings.map((f: { path: string }) => f.path)).toEqual(['src/new.rs']);
    expect(after.baseline).toMatchObject({ hidden: 1, stale: [expect.objectContaining({ path: 'src/older.rs' })] });
  });

  it('a broken baseline file is a one-line error naming the file', () => {
    const r = new Repo().commit({ 'src/lib.rs': CLEAN, '.rust-review-baseline.json': '{"entries": 3}' });
    repos.push(r);
    const run = runBin(['review', '--repo', r.dir, '--all']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^rust-review: \.rust-review-baseline\.json: not a rust-review baseline .*rust-review baseline`\n$/);
  });
});
