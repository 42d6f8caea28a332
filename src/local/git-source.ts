/** The CLI's change source: `git diff base...head` of a local repository, contents from git objects. */
import fs from 'node:fs';
import path from 'node:path';
import { parseGitDiff } from '../diff/parse.js';
import type { FileDiff } from '../diff/model.js';
import type { ChangeSource } from '../review/change-source.js';
import { CONFIG_PATH } from '../config/load.js';
import { BlobReader, git, GitError } from './git.js';

export interface GitSourceOptions {
  repo: string;
  /** Base revision; default: the merge base with the default branch. */
  base?: string;
  head?: string;
  /** Review every Rust and SQL file of the head tree as if newly added. */
  all?: boolean;
}

export async function openGitSource(opts: GitSourceOptions): Promise<ChangeSource & { base: string; head: string; close(): void }> {
  const repo = path.resolve(opts.repo);
  if (!fs.existsSync(repo)) throw new GitError(`${repo} does not exist`);
  const top = await git(repo, ['rev-parse', '--show-toplevel']).catch(() => {
    throw new GitError(`${repo} is not a git repository`);
  });
  const cwd = top.trim();
  const head = await resolveRev(cwd, opts.head ?? 'HEAD');
  const base = opts.all ? undefined : await mergeBase(cwd, opts.base, head);

  const blobs = new BlobReader(cwd).start();
  const headBlobs = new Map<string, Buffer | undefined>();
  const baseTexts = new Map<string, string | undefined>();
  let headTree: string[] | undefined;

  const source: ChangeSource & { base: string; head: string; close(): void } = {
    base: base ?? '(none: --all)',
    head,
    wholeTree: !base,
    async listFiles(): Promise<FileDiff[]> {
      if (!base) return allFilesAsAdded(blobs, head, await source.headPaths());
      const diff = await git(cwd, ['diff', '--no-color', '--no-ext-diff', '-M', '-U3', '--src-prefix=a/', '--dst-prefix=b/', base, head]);
      return parseGitDiff(diff);
    },
    async headPaths() {
      headTree ??= (await git(cwd, ['ls-tree', '-r', '-z', '--name-only', head])).split('\0').filter(Boolean);
      return headTree;
    },
    async prefetchHead(paths) {
      const missing = paths.filter((p) => !headBlobs.has(p));
      if (!missing.length) return;
      const read = await blobs.readAll(missing.map((p) => `${head}:${p}`));
      for (const p of missing) headBlobs.set(p, read.get(`${head}:${p}`));
    },
    async readHead(p) {
      if (!headBlobs.has(p)) await source.prefetchHead!([p]);
      const b = headBlobs.get(p);
      return b ? new Uint8Array(b) : undefined;
    },
    async readBase(p) {
      if (!base) return undefined;
      if (!baseTexts.has(p)) {
        baseTexts.set(p, (await blobs.read(`${base}:${p}`))?.toString('utf8'));
      }
      return baseTexts.get(p);
    },
    close() {
      blobs.close();
    },
    async readConfig() {
      const b = await source.readHead(CONFIG_PATH);
      return b ? new TextDecoder().decode(b) : undefined;
    },
  };
  return source;
}

async function resolveRev(cwd: string, rev: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim();
  } catch {
    throw new GitError(`unknown revision \`${rev}\` (not a commit in this repository)`);
  }
}

async function mergeBase(cwd: string, base: string | undefined, head: string): Promise<string> {
  const baseRev = base ?? (await defaultBranch(cwd));
  const resolved = await resolveRev(cwd, baseRev);
  try {
    return (await git(cwd, ['merge-base', resolved, head])).trim();
  } catch {
    throw new GitError(`\`${baseRev}\` and \`${head.slice(0, 12)}\` have no common history`);
  }
}

async function defaultBranch(cwd: string): Promise<string> {
  const remoteHead = await git(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']).catch(() => '');
  if (remoteHead.trim()) return remoteHead.trim();
  for (const candidate of ['origin/main', 'origin/master', 'main', 'master']) {
    const ok = await git(cwd, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]).then(() => true, () => false);
    if (ok) return candidate;
  }
  throw new GitError('cannot find the default branch (no origin/HEAD, main or master): pass --base REV');
}

async function allFilesAsAdded(reader: BlobReader, head: string, paths: string[]): Promise<FileDiff[]> {
  const wanted = paths.filter((p) => /\.(rs|sql)$|(^|\/)Cargo\.toml$/.test(p));
  const blobs = await reader.readAll(wanted.map((p) => `${head}:${p}`));
  return wanted.map((p) => {
    const text = blobs.get(`${head}:${p}`)?.toString('utf8') ?? '';
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return {
      path: p,
      status: 'added' as const,
      binary: false,
      hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: lines.length, section: '', lines: lines.map((t, i) => ({ kind: 'add' as const, newLine: i + 1, text: t })) }],
    };
  });
}
