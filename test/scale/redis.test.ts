/**
 * Replicas sharing a real Redis (BullMQ queue, redelivery claims): bursts of pushes across two Probot
 * instances never review one head twice, a redelivery to the other replica is a no-op, and a job whose
 * process was killed mid-review is finished by another replica on the same check run.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FINGERPRINT_MARKER } from '../../src/review/fingerprint.js';
import { CLEAN, rustFile } from '../e2e/fixtures.js';
import { SECRET, startHarness, type Harness } from '../e2e/harness.js';
import { FakeGitHub, type PullState, type RepoState } from '../fakes/github/server.js';
import { deliver, pullRequestPayload } from '../fakes/github/webhooks.js';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisServer } from './redis-server.js';
import { startReplica } from './replicas.js';

if (!redisAvailable) console.warn(`test/scale/redis.test.ts skipped: ${REDIS_MISSING}`);

/** Per head: at most one review and one success/failure check run; the latest head has exactly one; all completed; no fingerprint twice. */
export function expectOneReviewPerHead(repo: RepoState, pull: PullState) {
  expect(repo.checkRuns.every((r) => r.status === 'completed')).toBe(true);
  const heads = new Set(repo.checkRuns.map((r) => r.headSha));
  for (const head of heads) {
    expect(repo.checkRuns.filter((r) => r.headSha === head && (r.conclusion === 'success' || r.conclusion === 'failure')).length).toBeLessThanOrEqual(1);
    expect(pull.reviews.filter((r) => r.commitId === head).length).toBeLessThanOrEqual(1);
  }
  expect(repo.checkRuns.filter((r) => r.headSha === pull.headSha && r.conclusion === 'success')).toHaveLength(1);
  const fps = pull.threads.map((t) => FINGERPRINT_MARKER.exec(t.comments[0]!.body)![1]);
  expect(new Set(fps).size).toBe(fps.length);
}

describe.skipIf(!redisAvailable)('two replicas sharing Redis', () => {
  let redis: RedisServer;
  let fake: FakeGitHub;
  let a: Harness;
  let b: Harness;
  const queueOptions = { queueName: `rr-test-${randomUUID().slice(0, 8)}`, prefix: `rr-${randomUUID().slice(0, 8)}:`, lockMs: 2_000 };

  beforeAll(async () => {
    redis = await startRedis();
    fake = new FakeGitHub();
    await fake.start();
    const appOptions = { redisUrl: redis.url, concurrency: 2, perInstallation: 3, queueOptions };
    [a, b] = await Promise.all([startHarness({ fake, appOptions }), startHarness({ fake, appOptions })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await fake?.stop();
    await redis?.stop();
  });

  test('3 PRs x 3 pushes sent to alternating replicas: each PR ends with one review of its latest head, no head reviewed twice', async () => {
    fake.latencyMs = 10;
    const prs: { repo: RepoState; pull: PullState }[] = [];
    for (let i = 0; i < 3; i++) {
      const repo = fake.addRepo('acme', `replicas-${i}`, { 'src/lib.rs': CLEAN });
      prs.push({ repo, pull: fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } }) });
    }
    let k = 0;
    for (let push = 0; push < 3; push++) {
      for (const { repo, pull } of prs) {
        if (push > 0) fake.push(repo, pull, { [`src/p${push}.rs`]: rustFile([{ name: `p${push}`, todo: true }]) });
        const target = k++ % 2 ? b : a;
        const res = await target.send('pull_request', pullRequestPayload(fake, repo, pull, push ? 'synchronize' : 'opened'));
        expect(res.status).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 60));
    }
    await Promise.all([a.app.idle(), b.app.idle()]);
    for (const { repo, pull } of prs) expectOneReviewPerHead(repo, pull);
    const ran = await Promise.all([a, b].map((h) => fetch(`${h.baseUrl}/metrics`).then((r) => r.text())));
    // Both replicas took part.
    for (const text of ran) expect(text).toMatch(/rust_review_reviews_total\{outcome="(success|superseded)"\} [1-9]/);
  });

  test('a redelivery to the other replica is a no-op', async () => {
    const repo = fake.addRepo('acme', 'replicas-redelivery', { 'src/lib.rs': CLEAN });
    const pull = fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    const payload = pullRequestPayload(fake, repo, pull, 'opened');
    await a.send('pull_request', payload, { deliveryId: 'same-delivery' });
    await b.send('pull_request', payload, { deliveryId: 'same-delivery' });
    await Promise.all([a.app.idle(), b.app.idle()]);
    expect(repo.checkRuns).toHaveLength(1);
    expect(pull.reviews).toHaveLength(1);
  });
});

describe.skipIf(!redisAvailable)('a replica is stopped mid-review (SIGTERM)', () => {
  test('the review in flight is handed back after the grace period and another replica finishes it on the same check run', async () => {
    const redis = await startRedis();
    const fake = new FakeGitHub();
    await fake.start();
    const appOptions = { redisUrl: redis.url, queueOptions: { queueName: 'rr-handback', prefix: 'rr-handback:', lockMs: 2_000 } };
    const x = await startHarness({ fake, appOptions });
    let y: Harness | undefined;
    try {
      const repo = fake.addRepo('acme', 'handback', { 'src/lib.rs': CLEAN });
      const pull = fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
      fake.latencyMs = 150;
      await x.send('pull_request', pullRequestPayload(fake, repo, pull, 'opened'));
      for (let i = 0; i < 200 && !repo.checkRuns.length; i++) await new Promise((r) => setTimeout(r, 20));
      await x.app.close({ graceMs: 100 });
      expect(repo.checkRuns).toHaveLength(1);
      expect(repo.checkRuns[0]).toMatchObject({ status: 'in_progress' });
      expect(pull.reviews).toHaveLength(0);
      fake.latencyMs = 0;
      y = await startHarness({ fake, appOptions });
      await y.app.idle();
      expect(repo.checkRuns).toHaveLength(1);
      expect(repo.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
      expect(pull.reviews).toHaveLength(1);
    } finally {
      await x.stop();
      await y?.stop();
      await fake.stop();
      await redis.stop();
    }
  });
});

describe.skipIf(!redisAvailable)('a replica dies mid-review', () => {
  test('SIGKILL while reviewing (before it could save its check run id): another replica picks the job up and completes the same check run', async () => {
    const redis = await startRedis();
    const fake = new FakeGitHub();
    await fake.start();
    const env = { FAKE_URL: fake.url, REDIS_URL: redis.url, QUEUE_NAME: 'rr-crash', KEY_PREFIX: 'rr-crash:', LOCK_MS: '1500', CONCURRENCY: '1' };
    const x = await startReplica(env);
    let y: Harness | undefined;
    try {
      const repo = fake.addRepo('acme', 'crash', { 'src/lib.rs': CLEAN });
      const pull = fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
      // The check run is created but its answer is held: the replica dies before it learns the id.
      fake.faults = [{ method: 'POST', path: /check-runs$/, times: 1, status: 0, hangMs: 10_000 }];
      const res = await deliver(x.webhookUrl, SECRET, 'pull_request', pullRequestPayload(fake, repo, pull, 'opened'));
      expect(res.status).toBe(200);
      for (let i = 0; i < 200 && !repo.checkRuns.length; i++) await new Promise((r) => setTimeout(r, 20));
      expect(repo.checkRuns).toHaveLength(1);
      await x.kill();
      expect(repo.checkRuns[0]!.status).toBe('in_progress');

      y = await startHarness({ fake, appOptions: { redisUrl: redis.url, queueOptions: { queueName: 'rr-crash', prefix: 'rr-crash:', lockMs: 1_500 } } });
      await y.app.idle();
      expect(repo.checkRuns).toHaveLength(1);
      expect(repo.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
      expect(pull.reviews).toHaveLength(1);
    } catch (err) {
      console.error(x.output());
      throw err;
    } finally {
      await x.kill().catch(() => {});
      await y?.stop();
      await fake.stop();
      await redis.stop();
    }
  });
});
