/**
 * One App replica in its own process, for the multi-replica tests and the load benchmark: the test
 * harness's Probot server against a fake GitHub that lives in the parent process (FAKE_URL), sharing
 * REDIS_URL. Prints `{"port":N}` on stdout when ready; SIGTERM closes it (hands back what runs);
 * SIGUSR2 collects garbage.
 *
 *   FAKE_URL REDIS_URL QUEUE_NAME KEY_PREFIX LOCK_MS CONCURRENCY PER_INSTALLATION
 *   ANALYSIS_WORKER: the compiled worker (dist/review/analysis-worker.js), so that files are analysed
 *   on worker threads as in production (the sources run under tsx have no worker to start)
 */
import { pathToFileURL } from 'node:url';
import { Metrics } from '../../src/metrics/index.js';
import { useAnalysisWorker } from '../../src/review/analyze-files.js';
import type { FakeGitHub } from '../fakes/github/server.js';
import { startHarness } from '../e2e/harness.js';

const env = process.env;
if (env.ANALYSIS_WORKER) useAnalysisWorker(pathToFileURL(env.ANALYSIS_WORKER));
const h = await startHarness({
  fake: { url: env.FAKE_URL } as FakeGitHub,
  appOptions: {
    metrics: new Metrics(),
    redisUrl: env.REDIS_URL ?? '',
    concurrency: Number(env.CONCURRENCY) || 2,
    perInstallation: Number(env.PER_INSTALLATION) || 100,
    queueOptions: { queueName: env.QUEUE_NAME, prefix: env.KEY_PREFIX, lockMs: Number(env.LOCK_MS) || 30_000, stalledIntervalMs: Number(env.LOCK_MS) ? Number(env.LOCK_MS) / 2 : undefined },
  },
});
process.stdout.write(`${JSON.stringify({ port: Number(new URL(h.baseUrl).port), pid: process.pid })}\n`);
// Benchmarks: SIGUSR2 runs a full garbage collection (with --expose-gc) before memory is read.
process.on('SIGUSR2', () => (globalThis as { gc?: () => void }).gc?.());
process.once('SIGTERM', () => {
  void h.stop().finally(() => process.exit(0));
});
