/**
 * The CLI's cache: on disk inside the repository's git directory (`.git/rust-review/cache`, shared by
 * its worktrees), bounded in size. Environment: RUST_REVIEW_CACHE=off (no cache),
 * RUST_REVIEW_CACHE_DIR (another folder), RUST_REVIEW_CACHE_MAX_MB (the bound, default 256).
 */
import path from 'node:path';
import { git } from '../local/git.js';
import { AnalysisCache } from './analysis-cache.js';
import { DEFAULT_DISK_CACHE_BYTES, DiskStore } from './store.js';

/** `gitCommonDir`: the repository's common git directory when the caller knows it (else asked of git). */
export async function openCliCache(repoDir: string, env: NodeJS.ProcessEnv = process.env, gitCommonDir?: string): Promise<AnalysisCache | undefined> {
  if (env.RUST_REVIEW_CACHE === 'off' || env.RUST_REVIEW_CACHE === '0') return undefined;
  let dir = env.RUST_REVIEW_CACHE_DIR;
  if (!dir) {
    const common = gitCommonDir ?? (await git(repoDir, ['rev-parse', '--git-common-dir']).catch(() => undefined))?.trim();
    if (!common) return undefined;
    dir = path.join(path.resolve(repoDir, common), 'rust-review', 'cache');
  }
  const maxMb = Number(env.RUST_REVIEW_CACHE_MAX_MB);
  // Written once the review is printed (see AnalysisCache): a user waits for the review, not for the cache.
  return new AnalysisCache(new DiskStore(dir, { maxBytes: maxMb > 0 ? maxMb * 1024 * 1024 : DEFAULT_DISK_CACHE_BYTES }), { deferWrites: true });
}
