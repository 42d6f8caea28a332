/**
 * Re-creates a real bug as a pull request, from git alone: base = the fix commit, head = a new commit
 * on top of it where the listed files are back at the fix's parent version (deleted when the fix added
 * them). The scratch repository borrows the mirror's objects (alternates) and has no checkout: the CLI
 * reads contents from git objects, so even a large repository costs a few milliseconds.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ReintroducedPr {
  /** A git repository with an empty work tree, to pass as `review --repo`. */
  dir: string;
  base: string;
  head: string;
  /** `git diff base head`, as the reviewer sees it. */
  diff: string;
  remove(): void;
}

const IDENTITY = {
  GIT_AUTHOR_NAME: 'rust-review eval',
  GIT_AUTHOR_EMAIL: 'eval@rust-review.invalid',
  GIT_COMMITTER_NAME: 'rust-review eval',
  GIT_COMMITTER_EMAIL: 'eval@rust-review.invalid',
  GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z',
};

export function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...IDENTITY, ...env },
  });
}

/** The git directory holding the objects of `mirror` (a bare mirror or a repository with a work tree). */
export function objectsDir(mirror: string): string {
  const gitDir = git(mirror, ['rev-parse', '--git-dir']).trim();
  return path.resolve(mirror, gitDir, 'objects');
}

export function reintroduce(mirror: string, fix: string, files: string[], label = 'case'): ReintroducedPr {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `eval-bugs-${label.replace(/[^\w.-]/g, '_')}-`));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    git(dir, ['init', '-q']);
    fs.writeFileSync(path.join(dir, '.git', 'objects', 'info', 'alternates'), `${objectsDir(mirror)}\n`);
    const base = git(dir, ['rev-parse', '--verify', `${fix}^{commit}`]).trim();
    const parent = git(dir, ['rev-parse', '--verify', `${base}^1`]).trim();
    const index = { GIT_INDEX_FILE: path.join(dir, '.git', 'eval-index') };
    git(dir, ['read-tree', base], index);
    for (const file of files) {
      const entry = git(dir, ['ls-tree', parent, '--', file]).trim();
      if (entry) {
        const [mode, , blob] = entry.split(/\s+/);
        git(dir, ['update-index', '--add', '--cacheinfo', `${mode},${blob},${file}`], index);
      } else {
        git(dir, ['update-index', '--force-remove', '--', file], index);
      }
    }
    const tree = git(dir, ['write-tree', '--missing-ok'], index).trim();
    const head = git(dir, ['commit-tree', tree, '-p', base, '-m', `re-introduce the bug fixed by ${base.slice(0, 12)}`]).trim();
    git(dir, ['update-ref', 'refs/heads/eval-head', head]);
    git(dir, ['update-ref', 'refs/heads/eval-base', base]);
    const diff = git(dir, ['diff', '--no-color', '--no-ext-diff', '-M', '-U3', '--src-prefix=a/', '--dst-prefix=b/', base, head]);
    if (!diff.trim()) throw new Error(`restoring ${files.join(', ')} to ${parent.slice(0, 12)} changes nothing: is \`fix\` the commit that fixed the bug, and are these the files it changed?`);
    return { dir, base, head, diff, remove };
  } catch (e) {
    remove();
    throw e;
  }
}
