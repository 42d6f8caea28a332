/**
 * Only what the pull request introduces, end to end: a real Probot server, signed webhooks, the fake
 * GitHub. A PR that only reformats code that already had findings gets no comment and a success.
 */
import { describe, expect, test } from 'vitest';
import { pullRequestPayload } from '../fakes/github/webhooks.js';
import { harnessForThisFile } from './harness.js';

const h = harnessForThisFile();

const CONFIG = 'fail_on: warning\n';
/** Two findings on one-line functions: a `&Vec` parameter and an unfinished `todo!()`. */
const BEFORE = 'pub fn norm(v: &Vec<u8>, scale: usize, offset: usize) -> usize { v.len() * scale + offset }\npub fn later() -> u32 { todo!() }\n';
/** BEFORE after rustfmt. */
const FORMATTED = 'pub fn norm(\n    v: &Vec<u8>,\n    scale: usize,\n    offset: usize,\n) -> usize {\n    v.len() * scale + offset\n}\n\npub fn later() -> u32 {\n    todo!()\n}\n';

describe('a pull request that only reformats existing code', () => {
  test('no inline comment, a success, and the findings counted as already present', async () => {
    const repo = h.fake.addRepo('acme', 'fmt', { 'src/lib.rs': BEFORE, '.github/rust-review.yml': CONFIG });
    const pull = h.fake.openPull(repo, { changes: { 'src/lib.rs': FORMATTED }, title: 'cargo fmt' });
    await h.sendAndWait('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));

    const run = repo.checkRuns.at(-1)!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(pull.threads).toEqual([]);
    expect(run.output.summary).toContain('### Already present: 2');
    expect(run.output.summary).toMatch(/\[src\/lib.rs:2\]\(.*\(`ownership\/ptr-arg`\)/);
    expect(run.output.summary).toMatch(/\[src\/lib.rs:10\]\(.*\(`architecture\/unfinished-code`\)/);
    expect(repo.checkRuns.at(-1)!.annotations ?? []).toEqual([]);
  });

  // The new finding is a warning: a handler (an extractor parameter) that panics on every request.
  test('the same PR with one new finding: that one is commented on and fails the check', async () => {
    const repo = h.fake.addRepo('acme', 'fmt-and-more', { 'src/lib.rs': BEFORE, '.github/rust-review.yml': CONFIG });
    const pull = h.fake.openPull(repo, { changes: { 'src/lib.rs': `${FORMATTED}\npub async fn more(Query(n): Query<u32>) -> u32 {\n    todo!()\n}\n` } });
    await h.sendAndWait('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));

    const run = repo.checkRuns.at(-1)!;
    expect(run.conclusion).toBe('failure');
    expect(pull.threads.map((t) => `${t.comments[0]!.path}:${t.comments[0]!.line}`)).toEqual(['src/lib.rs:14']);
    expect(run.output.summary).toContain('### Already present: 2');
  });
});
