/**
 * The whole-review cache: the same commits reviewed again give the same result without reviewing;
 * new commits, the index or the working tree are reviewed; a result the machine's load or the LLM
 * shaped is never kept.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisCache } from '../../src/cache/analysis-cache.js';
import { cachedReview, isReproducible } from '../../src/cache/review-cache.js';
import { MemoryStore } from '../../src/cache/store.js';
import { openGitSource } from '../../src/local/git-source.js';
import { runReview } from '../../src/review/pipeline.js';
import type { ReviewResult } from '../../src/review/result.js';
import { cli, prRepo, UNSAFE, type Repo } from '../cli/repo.js';

const repos: Repo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
  delete process.env.RUST_REVIEW_RESULT_CACHE;
});

/** Reviews `--all` of the repository's HEAD through the cache, counting the reviews actually run. */
async function reviewAll(repo: Repo, cache: AnalysisCache, runs: { n: number }): Promise<ReviewResult> {
  const source = await openGitSource({ repo: repo.dir, all: true });
  try {
    return await cachedReview(cache, { base: undefined, head: source.head }, () => {
      runs.n++;
      return runReview(source);
    });
  } finally {
    source.close();
  }
}

const withoutDuration = ({ durationMs: _, ...rest }: ReviewResult) => rest;

describe('the review cache', () => {
  it('answers a second review of the same commits with the same result, and reviews new commits', async () => {
    const repo = prRepo({ 'src/lib.rs': UNSAFE }, { 'src/b.rs': UNSAFE });
    repos.push(repo);
    const cache = new AnalysisCache(new MemoryStore());
    const runs = { n: 0 };
    const first = await reviewAll(repo, cache, runs);
    expect(first.inline.length).toBeGreaterThan(0);
    const second = await reviewAll(repo, cache, runs);
    expect(runs.n).toBe(1);
    expect(withoutDuration(second)).toEqual(withoutDuration(JSON.parse(JSON.stringify(first)) as ReviewResult));

    repo.commit({ 'src/c.rs': UNSAFE });
    const third = await reviewAll(repo, cache, runs);
    expect(runs.n).toBe(2);
    expect(third.inline.length).toBe(first.inline.length + 1);

    process.env.RUST_REVIEW_RESULT_CACHE = 'off';
    await reviewAll(repo, cache, runs);
    expect(runs.n).toBe(3);
  });

  it('keeps no result cut short by a limit, a rule error or the LLM passes', async () => {
    const repo = prRepo({ 'src/lib.rs': UNSAFE }, {});
    repos.push(repo);
    const source = await openGitSource({ repo: repo.dir, all: true });
    const result = await runReview(source).finally(() => source.close());
    expect(isReproducible(result)).toBe(true);
    expect(isReproducible({ ...result, skippedFiles: [{ path: 'src/lib.rs', reason: 'analysis stopped at line 3: over 5000 ms (`limits.parse_timeout_ms`)' }] })).toBe(false);
    expect(isReproducible({ ...result, ruleErrors: [{ ruleId: 'x/y', path: 'src/lib.rs', error: 'boom' }] })).toBe(false);
    expect(isReproducible({ ...result, llm: { state: 'ran' } })).toBe(false);
  });

  it('through the CLI: the same output from the cache; the working tree is reviewed as it is now', async () => {
    const repo = prRepo({ 'src/lib.rs': UNSAFE }, { 'src/b.rs': UNSAFE });
    repos.push(repo);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rr-review-cache-'));
    process.env.RUST_REVIEW_CACHE_DIR = dir;
    try {
      const first = await cli('review', '--repo', repo.dir, '--all', '--format', 'sarif');
      const second = await cli('review', '--repo', repo.dir, '--all', '--format', 'sarif');
      expect(second).toEqual(first);
      // The working tree changes under the same name: reviewed again, the edit seen.
      const before = await cli('review', '--repo', repo.dir, '--worktree', '--base', 'main', '--format', 'json');
      repo.write({ 'src/b.rs': UNSAFE + UNSAFE.replace('first', 'second') });
      const after = await cli('review', '--repo', repo.dir, '--worktree', '--base', 'main', '--format', 'json');
      expect(JSON.parse(after.stdout).findings.length).toBe(JSON.parse(before.stdout).findings.length + 1);
    } finally {
      delete process.env.RUST_REVIEW_CACHE_DIR;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
