/**
 * Load benchmark (`npm run bench:load`): 20 pull requests, each receiving 5 pushes within 10 seconds
 * (one webhook every 100 ms, round-robin), on loopback against the fake GitHub. Bounded and
 * self-stopping (gives up after DEADLINE_S). Two set-ups:
 *
 *   one process     one App process, in-process queue
 *   two + Redis     two App processes sharing a real redis-server (skipped without redis-server),
 *                   webhooks alternating between them
 *
 * Every PR must end with exactly one review of its latest head, no comment twice, every check run
 * completed. Reported: throughput, p50/p95 from a PR's last push to its completed check run, peak
 * RSS of the App processes. Args: [prs=20] [pushes=5] [windowSeconds=10]; env LATENCY_MS (fake
 * GitHub latency per request, default 10), CONCURRENCY (per process, default 2).
 */
import { FakeGitHub } from '../test/fakes/github/server.js';
import { redisAvailable, startRedis } from '../test/scale/redis-server.js';
import { doneOnHead, openPr, percentile, problems, pushTo, rssOf, send, sleep, startReplica, type Replica } from './scale-common.js';

const PRS = Number(process.argv[2] ?? 20);
const PUSHES = Number(process.argv[3] ?? 5);
const WINDOW_S = Number(process.argv[4] ?? 10);
const LATENCY = Number(process.env.LATENCY_MS ?? 10);
const CONCURRENCY = process.env.CONCURRENCY ?? '2';
const DEADLINE_S = 180;

async function scenario(name: string, replicas: number, redisUrl?: string) {
  const fake = new FakeGitHub();
  await fake.start();
  fake.latencyMs = LATENCY;
  const env = { FAKE_URL: fake.url, REDIS_URL: redisUrl ?? '', QUEUE_NAME: `load-${Date.now()}`, KEY_PREFIX: `load-${Date.now()}:`, CONCURRENCY, PER_INSTALLATION: String(Number(CONCURRENCY) * replicas) };
  const apps: Replica[] = [];
  for (let i = 0; i < replicas; i++) apps.push(await startReplica(env));
  const prs = Array.from({ length: PRS }, (_, i) => ({ ...openPr(fake, `load-${i}`), lastPush: 0, doneAt: 0 }));
  const statuses: number[] = [];
  const started = performance.now();
  let sent = 0;
  let peak = 0;
  const sampler = setInterval(() => {
    for (const a of apps) peak = Math.max(peak, rssOf(a.child.pid!).peakMb);
  }, 250);
  // Completion of each PR's current head, watched from the first push on (a push resets it).
  const watcher = setInterval(() => {
    for (const pr of prs) if (pr.lastPush && !pr.doneAt && doneOnHead(pr.repo, pr.pull)) pr.doneAt = performance.now();
  }, 5);
  try {
    // Pushes: round r at r * (window / pushes), PR i at + i * step.
    const step = (WINDOW_S * 1000) / (PRS * PUSHES);
    const sends: Promise<void>[] = [];
    for (let r = 0; r < PUSHES; r++) {
      for (let i = 0; i < PRS; i++) {
        const due = started + (r * PRS + i) * step;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const pr = prs[i]!;
        if (r > 0) pushTo(fake, pr.repo, pr.pull, r);
        pr.lastPush = performance.now();
        pr.doneAt = 0;
        const app = apps[sent++ % apps.length]!;
        sends.push(send(app, fake, pr.repo, pr.pull, r ? 'synchronize' : 'opened').then((s) => void statuses.push(s)));
      }
    }
    await Promise.all(sends);
    const lastSent = performance.now();
    // Wait for every PR's latest head to be completed (bounded).
    while (performance.now() - started < DEADLINE_S * 1000) {
      for (const pr of prs) if (!pr.doneAt && doneOnHead(pr.repo, pr.pull)) pr.doneAt = performance.now();
      if (prs.every((p) => p.doneAt) && prs.every((p) => p.repo.checkRuns.every((r) => r.status === 'completed'))) break;
      await sleep(10);
    }
    const finished = performance.now();
    await sleep(300); // anything still running would show up as a second review
    for (const a of apps) peak = Math.max(peak, rssOf(a.child.pid!).peakMb);
    const latencies = prs.filter((p) => p.doneAt).map((p) => p.doneAt - p.lastPush);
    const wrong = prs.flatMap((p) => problems(p.repo, p.pull).map((m) => `${p.repo.name}: ${m}`));
    const checkRuns = prs.reduce((n, p) => n + p.repo.checkRuns.length, 0);
    const reviews = prs.reduce((n, p) => n + p.pull.reviews.length, 0);
    const superseded = prs.reduce((n, p) => n + p.repo.checkRuns.filter((r) => r.conclusion === 'neutral').length, 0);
    return {
      scenario: name,
      appProcesses: replicas,
      webhooks: sent,
      webhookStatuses: [...new Set(statuses)],
      pushWindowSeconds: Math.round((lastSent - started) / 100) / 10,
      allDone: prs.every((p) => p.doneAt),
      problems: wrong,
      checkRunsCreated: checkRuns,
      checkRunsSuperseded: superseded,
      reviewsPosted: reviews,
      githubRequests: fake.requests.length,
      totalSeconds: Math.round((finished - started) / 100) / 10,
      throughputWebhooksPerSecond: Math.round((sent / ((finished - started) / 1000)) * 10) / 10,
      throughputCheckRunsCompletedPerSecond: Math.round((checkRuns / ((finished - started) / 1000)) * 10) / 10,
      lastPushToCompletedMs: { p50: Math.round(percentile(latencies, 50)), p95: Math.round(percentile(latencies, 95)), max: Math.round(Math.max(...latencies)) },
      peakRssMbPerProcess: peak,
    };
  } finally {
    clearInterval(sampler);
    clearInterval(watcher);
    await Promise.all(apps.map((a) => a.stop()));
    await fake.stop();
  }
}

const results: unknown[] = [await scenario('one process, in-process queue', 1)];
if (redisAvailable) {
  const redis = await startRedis();
  try {
    results.push(await scenario('two processes sharing Redis (BullMQ)', 2, redis.url));
  } finally {
    await redis.stop();
  }
} else results.push({ scenario: 'two processes sharing Redis', skipped: 'redis-server is not installed' });
console.log(JSON.stringify({ prs: PRS, pushesPerPr: PUSHES, windowSeconds: WINDOW_S, fakeLatencyMs: LATENCY, concurrencyPerProcess: Number(CONCURRENCY), results }, null, 2));
const failed = results.some((r: any) => r.problems?.length || r.allDone === false);
process.exit(failed ? 1 : 0);
