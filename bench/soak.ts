/**
 * Soak benchmark (`npm run bench:soak`): 1,000 reviews in one App process (in-process queue) against
 * the fake GitHub on loopback, a few in flight at a time. The App's resident memory is read after
 * every 100th review (each after the queue drained, a pause and a full GC); the run passes when the
 * RSS after the last is within 20% of the RSS after the 100th. Bounded: gives up after DEADLINE_S.
 * Args: [reviews=1000] [inFlight=4]; env LATENCY_MS (default 0).
 *
 * SOAK_TREE=<folder of a real crate> (a local clone; never committed): every pull request changes 3
 * real files of that crate (a new function each time), so each review parses them, builds the crate
 * model from the other files (the facts cache, the memory LRU, the worker threads all in play) and
 * the caches fill up to their bounds: what 1,000 real reviews do to the App's memory.
 *   SOAK_TREE=/tmp/clones/svix-webhooks/server npm run bench:soak
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FakeGitHub } from '../test/fakes/github/server.js';
import { doneOnHead, openPr, openRealPr, problems, realCrate, rssOf, send, sleep, startReplica } from './scale-common.js';

const REVIEWS = Number(process.argv[2] ?? 1000);
const IN_FLIGHT = Number(process.argv[3] ?? 4);
const DEADLINE_S = Number(process.env.SOAK_DEADLINE_S ?? 900);
const CHECKPOINT = Math.min(100, REVIEWS);

const crate = process.env.SOAK_TREE ? realCrate(process.env.SOAK_TREE) : undefined;
if (crate) console.error(`SOAK_TREE: ${Object.keys(crate).length} Rust files, ${(Object.values(crate).reduce((n, t) => n + t.length, 0) / 1e6).toFixed(2)} MB`);

const fake = new FakeGitHub();
await fake.start();
fake.latencyMs = Number(process.env.LATENCY_MS ?? 0);
// Analysis on worker threads as in production: the compiled worker (`npm run build` first), when there is one.
const worker = fileURLToPath(new URL('../dist/review/analysis-worker.js', import.meta.url));
if (!fs.existsSync(worker)) console.error('no dist/review/analysis-worker.js (run `npm run build`): files are analysed in the App process');
const app = await startReplica({ FAKE_URL: fake.url, CONCURRENCY: '2', ...(fs.existsSync(worker) ? { ANALYSIS_WORKER: worker } : {}) });
const pid = app.child.pid!;
const started = performance.now();
const samples: { reviews: number; rssMb: number; peakMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; seconds: number }[] = [];
let done = 0;
let wrong: string[] = [];
try {
  const pending = new Set<{ repo: any; pull: any }>();
  let opened = 0;
  // Open no more PRs than the next checkpoint until its sample is taken (after they all completed).
  const sample = async () => {
    // Quiet, then a full GC in the App (SIGUSR2), then read: what is still held, not garbage not yet collected.
    await sleep(500);
    app.child.kill('SIGUSR2');
    await sleep(500);
    const text = await fetch(`${app.baseUrl}/metrics`).then((r) => r.text());
    const mb = (name: string) => Math.round(Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? 0) / 104857.6) / 10;
    samples.push({ reviews: done, ...rssOf(pid), heapUsedMb: mb('rust_review_nodejs_heap_size_used_bytes'), heapTotalMb: mb('rust_review_nodejs_heap_size_total_bytes'), externalMb: mb('rust_review_nodejs_external_memory_bytes'), seconds: Math.round((performance.now() - started) / 1000) });
  };
  while (done < REVIEWS) {
    if (performance.now() - started > DEADLINE_S * 1000) throw new Error(`deadline: ${done} reviews in ${DEADLINE_S} s`);
    const limit = Math.min(REVIEWS, (samples.length + 1) * CHECKPOINT);
    while (opened < limit && pending.size < IN_FLIGHT) {
      // 50 repositories, new pull requests in them: the App sees many repos and PRs, like an org.
      const pr = crate ? openRealPr(fake, `soak-${opened % 50}`, crate, opened) : openPr(fake, `soak-${opened % 50}`, 3);
      pending.add(pr);
      opened++;
      const status = await send(app, fake, pr.repo, pr.pull, 'opened');
      if (status !== 200) throw new Error(`webhook answered ${status}`);
    }
    for (const p of pending) {
      if (doneOnHead(p.repo, p.pull)) {
        pending.delete(p);
        done++;
      }
    }
    if (done === Math.min(REVIEWS, (samples.length + 1) * CHECKPOINT)) await sample();
    await sleep(2);
  }
  for (const repo of fake.repos.values()) for (const pull of repo.pulls.values()) wrong.push(...problems(repo, pull).map((m) => `${repo.name}#${pull.number}: ${m}`));
} finally {
  await app.stop();
  await fake.stop();
}
const [first, last] = [samples[0]!, samples[samples.length - 1]!];
const growth = (last.rssMb - first.rssMb) / first.rssMb;
const report = {
  reviews: done,
  seconds: Math.round((performance.now() - started) / 1000),
  reviewsPerSecond: Math.round((done / ((performance.now() - started) / 1000)) * 10) / 10,
  rssMbAfter: Object.fromEntries(samples.map((s) => [s.reviews, s.rssMb])),
  heapMbAfter: Object.fromEntries(samples.map((s) => [s.reviews, `${s.heapUsedMb} used / ${s.heapTotalMb} total, ${s.externalMb} external`])),
  peakRssMb: last.peakMb,
  growthFrom100thToLast: `${(growth * 100).toFixed(1)}%`,
  within20Percent: growth <= 0.2,
  problems: wrong.slice(0, 20),
};
console.log(JSON.stringify(report, null, 2));
process.exit(report.within20Percent && !wrong.length ? 0 : 1);
