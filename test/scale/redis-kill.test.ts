/**
 * Issue 20, item 7: a load test. Two replicas share a real redis-server; 100 webhooks over 20 pull
 * requests (opened, then four pushes each) are sent to alternating replicas, and Redis is killed in
 * the middle of the burst and started again empty a few seconds later. Afterwards every pull
 * request's latest head has exactly one review and one completed success/failure check run, no head
 * is reviewed twice, and nothing is left in progress. Prints the figures (lost, duplicated).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { CLEAN, rustFile } from '../e2e/fixtures.js';
import { startHarness, type Harness } from '../e2e/harness.js';
import { FakeGitHub, type PullState, type RepoState } from '../fakes/github/server.js';
import { pullRequestPayload } from '../fakes/github/webhooks.js';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisServer } from './redis-server.js';

/**
 * Opt-in (RUN_REDIS_KILL=1): it takes 20-60 s. Measured 2026-12-06
 * (RUN_REDIS_KILL=1 npx vitest run test/scale/redis-kill.test.ts): before issue 20's changes 20 of
 * 20 latest heads lost (Bottleneck never recovered); after them, over four runs, lost 0, 1, 0, 0. The
 * one loss was a review stuck for 3 x 15 s behind GitHub requests Bottleneck never ran: this harness
 * built a throttling Group per Octokit (hundreds of Bottleneck clients of one Redis key, see
 * bench/bottleneck-clients.mjs), production one per process; with one per replica, and heads whose
 * latest check run is `cancelled` reconciled too, six runs: lost 0, duplicated 0, in progress 0 each.
 */
const enabled = redisAvailable && process.env.RUN_REDIS_KILL === '1';
if (!redisAvailable) console.warn(`test/scale/redis-kill.test.ts skipped: ${REDIS_MISSING}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!enabled)('two replicas, a burst of 100 webhooks, Redis killed in the middle', () => {
  let redis: RedisServer | undefined;
  let fake: FakeGitHub | undefined;
  const replicas: Harness[] = [];
  afterAll(async () => {
    await Promise.all(replicas.map((h) => h.stop().catch(() => {})));
    await fake?.stop();
    await redis?.stop();
  });

  test('no review lost, none duplicated, nothing left in progress', { timeout: 180_000 }, async () => {
    redis = await startRedis();
    fake = new FakeGitHub();
    await fake.start();
    const appOptions = { redisUrl: redis.url, concurrency: 2, perInstallation: 3, reconcileAgainMs: 5_000, queueOptions: { queueName: `rr-kill-${randomUUID().slice(0, 8)}`, prefix: `rr-kill:`, lockMs: 2_000 } };
    const resilience = { deadlineMs: 15_000 }; // a request stuck in Bottleneck when Redis died gives up and is retried from the queue
    replicas.push(await startHarness({ fake, appOptions, throttleRedis: redis.url, resilience }), await startHarness({ fake, appOptions, throttleRedis: redis.url, resilience }));
    fake.latencyMs = 5;

    const prs: { repo: RepoState; pull: PullState }[] = [];
    for (let r = 0; r < 4; r++) {
      const repo = fake.addRepo('acme', `kill-${r}`, { 'src/lib.rs': CLEAN });
      for (let p = 0; p < 5; p++) prs.push({ repo, pull: fake.openPull(repo, { changes: { [`src/a${p}.rs`]: rustFile([{ name: `a${p}`, todo: true }]) } }) });
    }
    let k = 0;
    const round = (push: number) =>
      Promise.all(
        prs.map(({ repo, pull }) => {
          if (push > 0) fake!.push(repo, pull, { [`src/p${push}.rs`]: rustFile([{ name: `p${push}`, todo: true }]) });
          return replicas[k++ % 2]!.send('pull_request', pullRequestPayload(fake!, repo, pull, push ? 'synchronize' : 'opened'));
        }),
      );

    const answers = [...(await round(0)), ...(await round(1))];
    const third = round(2);
    await sleep(50);
    await redis.kill(); // in the middle of the burst
    const late = Promise.all([third, sleep(300).then(() => round(3)), sleep(600).then(() => round(4))]);
    await sleep(3_000);
    await redis.start(); // empty
    for (const batch of await late) answers.push(...batch);
    expect(answers).toHaveLength(100);
    // Acknowledged (2xx) or refused (5xx: GitHub shows the failed delivery); an acknowledged one is never dropped (checked below).
    expect(answers.every((a) => a.status < 300 || a.status >= 500)).toBe(true);

    const settled = () => prs.every(({ repo, pull }) => repo.checkRuns.every((r) => r.status === 'completed') && repo.checkRuns.some((r) => r.headSha === pull.headSha && (r.conclusion === 'success' || r.conclusion === 'failure')));
    for (let i = 0; i < 300 && !settled(); i++) await sleep(200);

    const lost = prs.filter(({ repo, pull }) => !repo.checkRuns.some((r) => r.headSha === pull.headSha && r.status === 'completed' && (r.conclusion === 'success' || r.conclusion === 'failure')) || !pull.reviews.some((r) => r.commitId === pull.headSha));
    const duplicated = prs.filter(({ pull }) => new Set(pull.reviews.map((r) => r.commitId)).size !== pull.reviews.length);
    const inProgress = prs.flatMap(({ repo }) => repo.checkRuns.filter((r) => r.status !== 'completed'));
    for (const { repo, pull } of lost) console.log('LOST', repo.name, pull.number, pull.headSha.slice(0, 8), JSON.stringify(repo.checkRuns.filter((r) => r.externalId === String(pull.number)).map((r) => [r.id, r.headSha.slice(0, 8), r.status, r.conclusion, r.output.title])));
    console.log(`redis kill: ${prs.length} PRs, ${answers.filter((a) => a.status < 300).length}/100 webhooks acknowledged, lost ${lost.length}, duplicated ${duplicated.length}, in progress ${new Set(inProgress.map((r) => r.id)).size}`);
    expect({ lost: lost.length, duplicated: duplicated.length, inProgress: inProgress.length }).toEqual({ lost: 0, duplicated: 0, inProgress: 0 });
  });
});
