/**
 * `npm start` / the Docker image: the App under Probot's `run()` (the same env as `probot run`; the
 * setup flow at / when APP_ID is missing), with what `probot run` cannot take:
 *
 *   - the environment checked once (config/env.ts): a bad value stops start-up naming the variable;
 *     `.env` fills only what the real environment leaves unset (Probot 14 alone would let `.env`
 *     win); the effective settings logged once, secrets redacted;
 *   - the resilient Octokit (`github/resilience.ts`): timeouts, 5xx retries, secondary rate limits
 *     retried after `retry-after`, GitHub request metrics;
 *   - the LLM passes when ANTHROPIC_API_KEY is set, with their metrics;
 *   - SIGTERM / SIGINT: stop taking webhooks, let the reviews in flight finish (SHUTDOWN_GRACE_MS,
 *     default 8 s, inside `docker stop`'s 10 s), hand back what is left, exit.
 *
 * Every variable is listed in .env.example and config/env.ts.
 */
import path from 'node:path';
import { run, type ApplicationFunction, type Logger } from 'probot';
import { createApp } from './app.js';
import { effectiveSettings, EnvError, loadDotEnv, validateEnv } from './config/env.js';
import { resilientOctokit } from './github/resilience.js';
import { createLlmPass } from './llm/index.js';
import { Metrics } from './metrics/index.js';

const dotEnv = loadDotEnv(path.join(process.cwd(), '.env'));
try {
  validateEnv(process.env);
} catch (e) {
  if (!(e instanceof EnvError)) throw e;
  for (const p of e.problems) process.stderr.write(`rust-review: invalid environment: ${p.name}: ${p.message}\n`);
  process.exit(2);
}
const env = { ...process.env };

const metrics = new Metrics();
let log: Logger | undefined;
const llm = createLlmPass({ onCall: metrics.llmCall, logger: { debug: (o, m) => log?.debug(o, m), warn: (o, m) => log?.warn(o, m) } });
const orphans = env.ORPHANS === 'off' ? false : env.ORPHANS === 'mark' ? 'mark' : 'requeue';
const app = createApp({ metrics, createLlmPass: llm ? () => llm : undefined, recoverOrphans: orphans });
const appFn: ApplicationFunction = (probot, options) => {
  log = probot.log;
  log.info({ settings: effectiveSettings(env), fromDotEnv: dotEnv.loaded, dotEnvIgnored: dotEnv.overridden, llm: Boolean(llm) }, 'rust-review: effective settings');
  if (Number(env.SHUTDOWN_GRACE_MS) > 9_000) log.warn({ SHUTDOWN_GRACE_MS: env.SHUTDOWN_GRACE_MS }, "SHUTDOWN_GRACE_MS is longer than docker stop's default 10 s before SIGKILL: raise the platform's stop timeout too (docker run --stop-timeout, terminationGracePeriodSeconds)");
  return app.appFn(probot, options);
};

const starting = run(appFn, { Octokit: resilientOctokit({ onRequest: metrics.githubRequest }), env });
// run() has just copied .env over process.env (Probot 14's applyEnv, synchronous, before its first
// await): put the real environment back on top, so that it wins everywhere, as checked above.
Object.assign(process.env, env);
const server = await starting;

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
