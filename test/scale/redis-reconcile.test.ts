/**
 * Issue 20, item 7: Redis restarted empty loses the queued jobs, including jobs whose webhook was
 * already answered 2xx. When Redis is back, the App reviews the latest head of every open pull request
 * whose check run did not end with a verdict: in progress (the job was lost mid-way) or `cancelled`
 * (an older job was superseded by a newer one, and the newer one was lost with Redis).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { CLEAN, rustFile } from '../e2e/fixtures.js';
import { startHarness, type Harness } from '../e2e/harness.js';
import { FakeGitHub, type PullState, type RepoState } from '../fakes/github/server.js';
import { pullRequestPayload } from '../fakes/github/webhooks.js';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisServer } from './redis-server.js';

if (!redisAvailable) console.warn(`test/scale/redis-reconcile.test.ts skipped: ${REDIS_MISSING}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!redisAvailable)('Redis restarted empty: open pull requests are reconciled', () => {
  let redis: RedisServer | undefined;
  let fake: FakeGitHub | undefined;
  let app: Harness | undefined;
  afterAll(async () => {
    await app?.stop().catch(() => {});
    await fake?.stop();
    await redis?.stop();
  });

  test('a head left in progress or cancelled by a superseded job is reviewed once Redis is back; a reviewed head is not', { timeout: 60_000 }, async () => {
    redis = await startRedis();
    fake = new FakeGitHub();
    await fake.start();
    app = await startHarness({ fake, appOptions: { redisUrl: redis.url, concurrency: 2, reconcileAgainMs: 300, queueOptions: { queueName: `rr-rec-${randomUUID().slice(0, 8)}`, prefix: 'rr-rec:', lockMs: 2_000 } } });
    const repo = fake.addRepo('acme', 'reconcile', { 'src/lib.rs': CLEAN });
    const open = () => fake!.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    const [reviewed, superseded, interrupted] = [open(), open(), open()];
    for (const pull of [reviewed, superseded, interrupted]) expect((await app.sendAndWait('pull_request', pullRequestPayload(fake, repo, pull, 'opened'))).status).toBe(200);
    const reviewsBefore = reviewed.reviews.length;

    // Pushes whose jobs were in Redis when it died: on one head an older job had been superseded
    // (its check run cancelled), on the other the job had started (its check run in progress).
    fake.push(repo, superseded, { 'src/b.rs': rustFile([{ name: 'b', todo: true }]) });
    fake.push(repo, interrupted, { 'src/c.rs': rustFile([{ name: 'c', todo: true }]) });
    const run = (pull: PullState, id: number, status: string, conclusion: string | null) =>
      repo.checkRuns.push({ id, name: 'rust-review', headSha: pull.headSha, externalId: String(pull.number), status, conclusion, output: { title: 'rust-review' }, annotations: [], actions: [], checkSuiteId: 1, updates: 0, startedAt: new Date().toISOString() });
    run(superseded, 9_001, 'completed', 'cancelled');
    run(interrupted, 9_002, 'in_progress', null);

    await redis.restart();
    const verdict = (r: RepoState, pull: PullState) => r.checkRuns.some((c) => c.headSha === pull.headSha && (c.conclusion === 'success' || c.conclusion === 'failure'));
    for (let i = 0; i < 150 && !(verdict(repo, superseded) && verdict(repo, interrupted) && repo.checkRuns.every((c) => c.status === 'completed')); i++) await sleep(200);
    await app.app.idle();

    expect(verdict(repo, superseded)).toBe(true);
    expect(superseded.reviews.filter((r) => r.commitId === superseded.headSha)).toHaveLength(1);
    expect(verdict(repo, interrupted)).toBe(true);
    expect(interrupted.reviews.filter((r) => r.commitId === interrupted.headSha)).toHaveLength(1);
    expect(repo.checkRuns.find((c) => c.id === 9_002)?.status).toBe('completed'); // resumed, not left in progress
    expect(reviewed.reviews).toHaveLength(reviewsBefore); // its head had a verdict: not reviewed again
  });
});
