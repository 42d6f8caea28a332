/**
 * `npm start` / the Docker image: the App under Probot's `run()` (the same env as `probot run`: APP_ID,
 * PRIVATE_KEY[_PATH], WEBHOOK_SECRET, PORT, HOST, LOG_*, GHE_HOST, REDIS_URL; the setup flow when
 * APP_ID is missing), with what `probot run` cannot take:
 *
 *   - the resilient Octokit (`github/resilience.ts`): timeouts, 5xx retries, secondary rate limits
 *     retried after `retry-after`, GitHub request metrics;
 *   - the LLM passes when ANTHROPIC_API_KEY is set, with their metrics;
 *   - SIGTERM / SIGINT: stop taking webhooks, let the reviews in flight finish (SHUTDOWN_GRACE_MS,
 *     default 25 s), hand back what is left, exit.
 *
 * Env of its own: REVIEW_CONCURRENCY, REVIEW_CONCURRENCY_PER_INSTALLATION, GITHUB_TIMEOUT_MS,
 * SHUTDOWN_GRACE_MS, ORPHANS (requeue | mark | off).
 */
import { run, type ApplicationFunction, type Logger } from 'probot';
import { createApp } from './app.js';
import { resilientOctokit } from './github/resilience.js';
import { createLlmPass } from './llm/index.js';
import { Metrics } from './metrics/index.js';

const metrics = new Metrics();
let log: Logger | undefined;
const llm = createLlmPass({ onCall: metrics.llmCall, logger: { debug: (o, m) => log?.debug(o, m), warn: (o, m) => log?.warn(o, m) } });
const orphans = process.env.ORPHANS === 'off' ? false : process.env.ORPHANS === 'mark' ? 'mark' : 'requeue';
const app = createApp({ metrics, createLlmPass: llm ? () => llm : undefined, recoverOrphans: orphans });
const appFn: ApplicationFunction = (probot, options) => {
  log = probot.log;
  return app.appFn(probot, options);
};

const server = await run(appFn, { Octokit: resilientOctokit({ onRequest: metrics.githubRequest }) });

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log?.info(`${signal}: no new webhooks; finishing the reviews in flight`);
  try {
    await server.stop();
  } catch {
    // not started (setup mode) or already stopped
  }
  await app.close();
  process.exit(0);
};
// run() installs a SIGINT handler that exits at once; ours drains first.
process.removeAllListeners('SIGINT');
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
