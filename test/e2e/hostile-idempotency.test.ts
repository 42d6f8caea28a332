/**
 * Issue 20, item 6: a content-creating request GitHub accepted but answered (or even started) after
 * the client gave up is not posted twice: before a retry the App looks for the review by the marker
 * its body ends with.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pullRequestPayload } from '../fakes/github/webhooks.js';
import { CLEAN, rustFile } from './fixtures.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ timeoutMs: 1_000 });
});
afterAll(async () => {
  await h?.stop();
});

describe('createReview is idempotent', () => {
  test('GitHub starts on the review only after the client timed out: one review, no duplicate comments', async () => {
    const repo = h.fake.addRepo('acme', 'idem-1', { 'src/lib.rs': CLEAN });
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    h.fake.faults = [{ method: 'POST', path: /\/reviews$/, times: 1, status: 0, lateMs: 1_200 }];
    await h.sendAndWait('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));
    await new Promise((r) => setTimeout(r, 1_500)); // let a late duplicate (if any) land, as GitHub would
    expect(pull.reviews).toHaveLength(1);
    expect(pull.threads).toHaveLength(2);
    expect(pull.reviews[0]!.body).toMatch(/<!-- rust-review:review=\d+-[0-9a-f]{12}\.1 -->$/);
    expect(repo.checkRuns.at(-1)).toMatchObject({ status: 'completed' });
  });
});
