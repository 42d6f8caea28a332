/**
 * The CLI's change source: a local repository. What is reviewed against the base:
 *   - a commit (`--head`, default HEAD): `git diff base...head`, contents from git objects;
 *   - the index (`--staged`): what `git commit` would record, against HEAD (a pre-commit hook);
 *   - the working tree (`--worktree`): tracked files as they are on disk plus untracked, not ignored,
 *     files, against the base;
 *   - every file of the head tree as if newly added (`--all`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseGitDiff } from '../diff/parse.js';
import type { FileDiff } from '../diff/model.js';
import type { ChangeSource, HeadBlob } from '../review/change-source.js';
import { CONFIG_PATH } from '../config/path.js';
import { BlobReader, git, GitError } from './git.js';
import { findBase, resolveRev, EMPTY_TREE } from './revisions.js';

export interface GitSourceOptions {
  repo: string;
  /** Base revision; default: the merge base with the default branch (HEAD for `staged`). */
  base?: string;
  head?: string;
  /** Review every Rust and SQL file of the head tree as if newly added. */
  all?: boolean;
  /** Review the index against the base (default HEAD). */
  staged?: boolean;
  /** Review the working tree against the base. */
  worktree?: boolean;
}

export type GitSource = ChangeSource & {
  /** The repository's top directory. */
  root: string;
  base: string;
  head: string;
  /** What the head is: a commit, the index or the working tree. */
  headKind: 'commit' | 'index' | 'worktree';
  /** The repository's common git directory (shared by its worktrees), absolute. */
  gitCommonDir: string;
  close(): void;
};

const REVIEWABLE = /\.(rs|sql)$|(^|\/)Cargo\.toml$/;

export async function openGitSource(opts: GitSourceOptions): Promise<GitSource> {
  const repo = path.resolve(opts.repo);
  if (!fs.existsSync(repo)) throw new GitError(`${repo} does not exist`);
  if ((opts.staged || opts.worktree) && opts.head) throw new GitError(`--head does not go with --${opts.staged ? 'staged' : 'worktree'} (the head is the ${opts.staged ? 'index' : 'working tree'})`);
  const headKind = opts.staged ? 'index' : opts.worktree ? 'worktree' : 'commit';
  // One git process for the top folder, the git directory and the commits a review of commits names
  // (each process is a fork of this one: ~5 ms of CPU); when a revision does not resolve, each is
  // resolved alone below, for the message that says which.
  const revs = headKind === 'commit' ? [opts.head ?? 'HEAD', ...(!opts.all && opts.base ? [opts.base] : [])] : [];
  const layout = ['rev-parse', '--show-toplevel', '--git-common-dir'];
  const together = revs.some((r) => r.startsWith('-')) ? undefined : await git(repo, [...layout, ...revs.map((r) => `${r}^{commit}`)]).catch(() => undefined);
  const lines = (together ?? (await git(repo, layout).catch(() => {
    throw new GitError(`${repo} is not a git repository`);
  }))).trim().split('\n');
  const [top, common] = lines;
  const resolved = together && lines.length === 2 + revs.length && lines.slice(2).every((l) => /^[0-9a-f]{40,64}$/.test(l)) ? lines.slice(2) : undefined;
  const cwd = top!.trim();
  const headCommit = resolved?.[0] ? resolved[0] : headKind === 'commit' ? await resolveRev(cwd, opts.head ?? 'HEAD', 'head') : await resolveRev(cwd, 'HEAD', 'head').catch(() => undefined);
  let base: string | undefined;
  if (opts.all) base = undefined;
  // A pre-commit hook in a repository without commits yet: everything staged is new.
  else if (opts.staged) base = opts.base ? await resolveRev(cwd, opts.base, 'base') : (headCommit ?? EMPTY_TREE);
  else base = await findBase(cwd, opts.base, headCommit ?? EMPTY_TREE, resolved?.[1]);

  const blobs = new BlobReader(cwd).start();
  const headBlobs = new Map<string, Buffer | undefined>();
  const baseTexts = new Map<string, string | undefined>();
  let headTree: string[] | undefined;
  let headBlobIds: Map<string, HeadBlob> | undefined;
  /** How `git cat-file` names a head path: `:path` is the index's copy. */
  const spec = (p: string) => (headKind === 'index' ? `:${p}` : `${headCommit}:${p}`);

  const source: GitSource = {
    root: cwd,
    base: base ?? '(none: --all)',
    head: headKind === 'commit' ? headCommit! : headKind === 'index' ? '(the index)' : '(the working tree)',
    headKind,
    gitCommonDir: path.resolve(repo, common?.trim() || '.git'),
    wholeTree: !base,
    async listFiles(): Promise<FileDiff[]> {
      if (!base) return filesAsAdded(await source.headPaths(), source);
      const diffArgs = ['diff', '--no-color', '--no-ext-diff', '-M', '-U3', '--src-prefix=a/', '--dst-prefix=b/'];
      if (headKind === 'commit') return parseGitDiff(await git(cwd, [...diffArgs, base, headCommit!]));
      if (headKind === 'index') return parseGitDiff(await git(cwd, [...diffArgs, '--cached', base]));
      const tracked = parseGitDiff(await git(cwd, [...diffArgs, base]));
      const untracked = (await git(cwd, ['ls-files', '-z', '--others', '--exclude-standard'])).split('\0').filter(Boolean);
      return [...tracked, ...(await filesAsAdded(untracked, source))];
    },
    async headPaths() {
      if (headTree) return headTree;
      if (headKind === 'commit') {
        // With each blob's id and size (`-l`): the crate model finds an unchanged file's facts by them, unread.
        const listing = parseLongTree(await git(cwd, ['ls-tree', '-r', '-z', '-l', headCommit!]));
        headTree = listing.paths;
        headBlobIds = listing.blobs;
      }
      else if (headKind === 'index') headTree = (await git(cwd, ['ls-files', '-z', '--cached'])).split('\0').filter(Boolean);
      else {
        const listed = (await git(cwd, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])).split('\0').filter(Boolean);
        headTree = [...new Set(listed)].filter((p) => fs.existsSync(path.join(cwd, p)));
      }
      return headTree;
    },
    async headBlobs() {
      if (headKind !== 'commit') return undefined; // the index and the working tree: read, not named
      await source.headPaths();
      return headBlobIds;
    },
    async prefetchHead(paths) {
      const missing = paths.filter((p) => !headBlobs.has(p));
      if (!missing.length) return;
      if (headKind === 'worktree') {
        for (const p of missing) headBlobs.set(p, readWorktreeFile(cwd, p));
        return;
      }
      const read = await blobs.readAll(missing.map(spec));
      for (const p of missing) headBlobs.set(p, read.get(spec(p)));
    },
    async readHead(p) {
      if (!headBlobs.has(p)) await source.prefetchHead!([p]);
      const b = headBlobs.get(p);
      return b ? new Uint8Array(b) : undefined;
    },
    async readBase(p) {
      if (!base || base === EMPTY_TREE) return undefined;
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

/** `git ls-tree -r -z -l` output: every path (as `--name-only` lists them), and the blobs' ids and sizes. */
export function parseLongTree(out: string): { paths: string[]; blobs: Map<string, HeadBlob> } {
  const paths: string[] = [];
  const blobs = new Map<string, HeadBlob>();
  for (const record of out.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const path = record.slice(tab + 1);
    paths.push(path);
    // "<mode> <type> <id> <size, padded>": a submodule (type commit) has no size ("-").
    const [, type, id, size] = record.slice(0, tab).split(/ +/);
    if (type === 'blob' && id && /^\d+$/.test(size ?? '')) blobs.set(path, { id, bytes: Number(size) });
  }
  return { paths, blobs };
}

function readWorktreeFile(root: string, p: string): Buffer | undefined {
  try {
    const abs = path.join(root, p);
    return fs.statSync(abs).isFile() ? fs.readFileSync(abs) : undefined;
  } catch {
    return undefined;
  }
}

/** The reviewable ones of these paths as wholly added files (`--all`, untracked files). */
async function filesAsAdded(paths: string[], source: ChangeSource): Promise<FileDiff[]> {
  const wanted = paths.filter((p) => REVIEWABLE.test(p));
  await source.prefetchHead?.(wanted);
  const out: FileDiff[] = [];
  for (const p of wanted) {
    const bytes = await source.readHead(p);
    if (!bytes) continue;
    const lines = new TextDecoder().decode(bytes).split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    out.push({
      path: p,
      status: 'added' as const,
      binary: false,
      hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: lines.length, section: '', lines: lines.map((t, i) => ({ kind: 'add' as const, newLine: i + 1, text: t })) }],
    });
  }
  return out;
}
