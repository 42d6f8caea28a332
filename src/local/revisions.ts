/** Resolving the revisions a review compares, with hints for the usual CI mistake (a shallow clone). */
import { git, GitError } from './git.js';

/** Git's empty tree: the base of a repository's first commit. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export async function resolveRev(cwd: string, rev: string, role: 'base' | 'head'): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim();
  } catch {
    throw new GitError(`unknown revision \`${rev}\` (not a commit in this repository)${await shallowHint(cwd, role)}`);
  }
}

/** The merge base of the base revision (default: the default branch) and the head; `resolvedBase` when the caller resolved it already. */
export async function findBase(cwd: string, base: string | undefined, head: string, resolvedBase?: string): Promise<string> {
  const baseRev = base ?? (await defaultBranch(cwd));
  const resolved = resolvedBase ?? (await resolveRev(cwd, baseRev, 'base'));
  if (head === EMPTY_TREE) return resolved;
  try {
    return (await git(cwd, ['merge-base', resolved, head])).trim();
  } catch {
    throw new GitError(`\`${baseRev}\` and \`${head.slice(0, 12)}\` have no common history${await shallowHint(cwd, 'base')}`);
  }
}

async function defaultBranch(cwd: string): Promise<string> {
  const remoteHead = await git(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']).catch(() => '');
  if (remoteHead.trim()) return remoteHead.trim();
  for (const candidate of ['origin/main', 'origin/master', 'main', 'master']) {
    const ok = await git(cwd, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]).then(() => true, () => false);
    if (ok) return candidate;
  }
  throw new GitError(`cannot find the default branch (no origin/HEAD, main or master): pass --base REV${await shallowHint(cwd, 'base')}`);
}

/**
 * A CI checkout is shallow by default (actions/checkout fetches one commit): the base is not there,
 * or its history does not reach the merge base. Say so, and how to fix it.
 */
async function shallowHint(cwd: string, role: 'base' | 'head'): Promise<string> {
  const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository']).catch(() => 'false')).trim() === 'true';
  if (!shallow) return '';
  return `; this is a shallow clone, so the ${role} or its history may not have been fetched: check out with \`fetch-depth: 0\` (actions/checkout) or run \`git fetch --unshallow origin\``;
}
