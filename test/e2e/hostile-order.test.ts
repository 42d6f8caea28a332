/**
 * Issue 20, item 6: the head reviewed is the pull request's current one (fetched), whatever order the
 * deliveries arrive in; a base change reviews again against the new base and its config.
 */
import { describe, expect, test } from 'vitest';
import type { RepoState } from '../fakes/github/server.js';
import { pullRequestPayload } from '../fakes/github/webhooks.js';
import { CLEAN, rustFile } from './fixtures.js';
import { harnessForThisFile } from './harness.js';

const h = harnessForThisFile();
let n = 0;
const newRepo = (files: Record<string, string> = { 'src/lib.rs': CLEAN }): RepoState => h.fake.addRepo('acme', `order-${++n}`, files);

describe('event order', () => {
  test('an older synchronize delivered after a newer one: the current head is reviewed, not the stale one', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', ptr: false }]) } });
    const older = pullRequestPayload(h.fake, repo, pull, 'synchronize');
    const staleSha = pull.headSha;
    h.fake.push(repo, pull, { 'src/a.rs': rustFile([{ name: 'a', todo: true, ptr: false }]) });
    const newer = pullRequestPayload(h.fake, repo, pull, 'synchronize');
    await h.send('pull_request', newer);
    await h.send('pull_request', older);
    await h.app.idle();
    expect(repo.checkRuns.filter((r) => r.headSha === staleSha)).toEqual([]);
    const current = repo.checkRuns.filter((r) => r.headSha === pull.headSha);
    expect(current.at(-1)).toMatchObject({ status: 'completed', conclusion: expect.stringMatching(/success|failure/) });
    expect(pull.reviews.every((r) => r.commitId === pull.headSha)).toBe(true);
  });

  test('a base change (pull_request.edited with changes.base) reviews again against the new base and its config', async () => {
    const repo = newRepo({ 'src/lib.rs': CLEAN });
    repo.branches.set('release', h.fake.commit(repo, repo.branches.get('main'), { '.github/rust-review.yml': 'fail_on: warning\n' }));
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true, ptr: false }]) } });
    await h.sendAndWait('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));
    expect(repo.checkRuns.at(-1)).toMatchObject({ conclusion: 'success' }); // a warning; main fails on errors

    const oldBase = pull.baseSha;
    pull.baseRef = 'release';
    pull.baseSha = repo.branches.get('release')!;
    const edited = pullRequestPayload(h.fake, repo, pull, 'synchronize');
    edited.action = 'edited';
    edited.changes = { base: { ref: { from: 'main' }, sha: { from: oldBase } } };
    await h.sendAndWait('pull_request', edited);
    expect(repo.checkRuns).toHaveLength(2);
    expect(repo.checkRuns.at(-1)).toMatchObject({ headSha: pull.headSha, conclusion: 'failure' });

    const titleOnly = pullRequestPayload(h.fake, repo, pull, 'synchronize');
    titleOnly.action = 'edited';
    titleOnly.changes = { title: { from: 'old' } };
    await h.sendAndWait('pull_request', titleOnly);
    expect(repo.checkRuns).toHaveLength(2);
  });
});
