/**
 * A whole review's result by the commits it compared (the CLI's `--all` or `--base`/`--head`): both
 * are immutable, and with them the config, every file and the head tree's paths, so a second review
 * of the same commits by the same code is the same review. Reviewing an unchanged tree again (a CI
 * re-run, `review --all` twice) then costs one cache read instead of reading every file, its facts
 * and its output (issue 17). The index and the working tree change under the same name: never cached.
 *
 * What else a result depends on is in the key (code, grammar, the migration linter's binary, the
 * tree reader switch); what depends on the machine's load (a file over `limits.parse_timeout_ms`, a
 * worker out of memory) or on a remote service (the LLM passes) keeps a result out of the cache.
 */
import { digest, grammarVersion, loadCodeVersion, type AnalysisCache } from './analysis-cache.js';
import { squawkIdentity } from '../migrations/squawk.js';
import type { ReviewResult } from '../review/result.js';

/** Bumped when the shape of a cached result changes. */
const FORMAT = '1';

export interface ReviewedCommits {
  /** The base commit, or undefined for a whole-tree review. */
  base: string | undefined;
  head: string;
}

/** `RUST_REVIEW_RESULT_CACHE=off` skips this cache only (the per-file caches stay): for benchmarks of the per-file path. */
export function resultCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.RUST_REVIEW_RESULT_CACHE !== 'off' && env.RUST_REVIEW_RESULT_CACHE !== '0';
}

async function keyOf(commits: ReviewedCommits): Promise<string> {
  const code = await loadCodeVersion();
  return digest('review-result', FORMAT, code, grammarVersion(), commits.base ?? '(whole tree)', commits.head, squawkIdentity(), process.env.RUST_REVIEW_TREE_READER ?? '');
}

/** A result the machine's load or a remote service shaped: reviewing again may give another. */
export function isReproducible(result: ReviewResult): boolean {
  if (result.llm.state !== 'off' || result.ruleErrors.length) return false;
  return !result.skippedFiles.some((s) => 'limit' in s || /limits\.parse_timeout_ms|ran out of memory/.test(s.reason));
}

/**
 * The result an earlier review of the same commits gave, else `review()`'s, kept when reproducible.
 * `durationMs` is this run's.
 */
export async function cachedReview(cache: AnalysisCache | undefined, commits: ReviewedCommits | undefined, review: () => Promise<ReviewResult>): Promise<ReviewResult> {
  if (!cache || !commits || !resultCacheEnabled()) return review();
  const started = Date.now();
  const key = await keyOf(commits);
  const hit = await cache.getJson<ReviewResult>(key);
  if (hit && Array.isArray(hit.inline) && hit.config) return { ...hit, durationMs: Date.now() - started };
  const result = await review();
  if (isReproducible(result)) cache.setJson(key, { ...result, durationMs: 0 });
  return result;
}
