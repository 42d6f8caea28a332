/**
 * The crate model's facts of unchanged files, by git blob id (issue 17): a review of commits finds
 * the facts of the files around the change by the ids the head tree gives, without reading them; a
 * file that changed has another id and is read and modelled again; the findings are the same as
 * without a cache.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisCache } from '../../src/cache/analysis-cache.js';
import { MemoryStore } from '../../src/cache/store.js';
import { openGitSource, parseLongTree } from '../../src/local/git-source.js';
import { runReview } from '../../src/review/pipeline.js';
import type { ReviewResult } from '../../src/review/result.js';
import { prRepo, UNSAFE, type Repo } from '../cli/repo.js';

const repos: Repo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
});

/** A helper in another file that the changed file calls: the model needs its facts. */
const HELPER = (n: number) => `pub fn helper_${n}(v: &[u8]) -> u8 {\n    v[0]\n}\n`;

/** Reviews `main..HEAD`, returning the result and every head path the review read. */
async function review(repo: Repo, cache?: AnalysisCache): Promise<{ result: ReviewResult; read: Set<string> }> {
  const source = await openGitSource({ repo: repo.dir, base: 'main', head: 'HEAD' });
  const read = new Set<string>();
  const counted = {
    ...source,
    readHead: (p: string) => (read.add(p), source.readHead(p)),
    prefetchHead: (paths: string[]) => (paths.forEach((p) => read.add(p)), source.prefetchHead!(paths)),
  };
  try {
    return { result: await runReview(counted, { analysis: { cache } }), read };
  } finally {
    source.close();
  }
}

const findings = (r: ReviewResult) => JSON.stringify([r.inline, r.outsideFilter, r.alreadyPresent, r.coverage]);

describe('facts of unchanged files by blob id', () => {
  it('a second review reads none of the unchanged files; a file that changed is read again', async () => {
    const repo = prRepo({ 'src/lib.rs': 'mod a;\nmod b;\n', 'src/a.rs': HELPER(1), 'src/b.rs': HELPER(2) }, { 'src/lib.rs': `mod a;\nmod b;\n${UNSAFE}` });
    repos.push(repo);
    const cache = new AnalysisCache(new MemoryStore());

    const first = await review(repo, cache);
    expect(first.read).toContain('src/a.rs');
    expect(first.read).toContain('src/b.rs');
    expect(first.result.inline.length).toBeGreaterThan(0);

    const second = await review(repo, cache);
    expect(second.read).not.toContain('src/a.rs');
    expect(second.read).not.toContain('src/b.rs');
    expect(second.read).toContain('src/lib.rs'); // the changed file is read, always
    expect(findings(second.result)).toBe(findings(first.result));

    // One helper edited on the branch, the change reviewed again: only that file is read of the two.
    repo.commit({ 'src/lib.rs': `mod a;\nmod b;\n${UNSAFE}// edited\n` });
    repo.git('checkout', '-q', 'main');
    repo.commit({ 'src/a.rs': `${HELPER(1)}pub fn more() {}\n` });
    repo.git('checkout', '-q', 'feature');
    repo.git('merge', '-q', '--no-edit', 'main');
    const third = await review(repo, cache);
    expect(third.read).toContain('src/a.rs');
    expect(third.read).not.toContain('src/b.rs');
    // The same findings as a review without any cache.
    expect(findings(third.result)).toBe(findings((await review(repo)).result));
  });

  it('reads ids and sizes from `git ls-tree -r -l`; a submodule has neither', () => {
    const out = [
      `100644 blob ${'a'.repeat(40)}      12\tsrc/a.rs`,
      `160000 commit ${'b'.repeat(40)}       -\tvendor/sub`,
      `100644 blob ${'c'.repeat(40)} 1234567\tpath with spaces/x.rs`,
    ].join('\0');
    const { paths, blobs } = parseLongTree(`${out}\0`);
    expect(paths).toEqual(['src/a.rs', 'vendor/sub', 'path with spaces/x.rs']);
    expect([...blobs]).toEqual([
      ['src/a.rs', { id: 'a'.repeat(40), bytes: 12 }],
      ['path with spaces/x.rs', { id: 'c'.repeat(40), bytes: 1234567 }],
    ]);
  });
});
