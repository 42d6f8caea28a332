/**
 * Benchmark: requests per review and webhook-to-completed time for a 30-file PR with 50 findings,
 * against the fake GitHub with 20 ms injected latency per request. Real Probot, real Octokit, signed
 * webhooks. Run: `npm run bench:app` (or `npx tsx bench/app-requests.ts [runs]`).
 *
 * Two set-ups: throttling off (the App's own cost) and Probot's default throttling (writes spaced
 * ≥1 s, review posts ≥3 s: what production sees against GitHub).
 */
import { startHarness } from '../test/e2e/harness.js';
import { thirtyFilePull } from '../test/e2e/prs.js';
import { pullRequestPayload } from '../test/fakes/github/webhooks.js';

const RUNS = Number(process.argv[2] ?? 3);

async function measure(throttle: boolean, runs: number) {
  const h = await startHarness({ throttle });
  h.fake.latencyMs = 20;
  const rows: { requests: number; webhookAnsweredMs: number; completedMs: number; byKind: Record<string, number> }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const { repo, pull } = thirtyFilePull(h.fake, `bench-${throttle ? 't' : 'n'}-${i}`);
      h.fake.resetLog();
      const started = performance.now();
      const res = await h.send('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));
      await h.app.idle();
      const completedMs = performance.now() - started;
      const run = repo.checkRuns.at(-1);
      if (run?.status !== 'completed' || pull.threads.length !== 50) throw new Error(`unexpected outcome: ${run?.conclusion}, ${pull.threads.length} comments`);
      const api = h.fake.apiRequests();
      const byKind: Record<string, number> = {};
      for (const r of api) {
        const k = `${r.method} ${r.operation ?? r.path.replace(/^\/repos\/[^/]+\/[^/]+/, '').replace(/[0-9a-f]{40}|\d+/g, ':id')}`;
        byKind[k] = (byKind[k] ?? 0) + 1;
      }
      rows.push({ requests: api.length, webhookAnsweredMs: Math.round(res.ms), completedMs: Math.round(completedMs), byKind });
    }
  } finally {
    await h.stop();
  }
  return rows;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const report: Record<string, unknown> = { pr: '30 files, 50 findings', latencyPerRequestMs: 20 };
for (const throttle of [false, true]) {
  const rows = await measure(throttle, throttle ? 1 : RUNS);
  report[throttle ? 'probotDefaultThrottling' : 'throttlingOff'] = {
    runs: rows.length,
    requestsPerReview: rows[0]!.requests,
    requests: rows[0]!.byKind,
    webhookAnsweredMsMedian: median(rows.map((r) => r.webhookAnsweredMs)),
    webhookToCompletedMsMedian: median(rows.map((r) => r.completedMs)),
    webhookToCompletedMs: rows.map((r) => r.completedMs),
  };
}
console.log(JSON.stringify(report, null, 2));
