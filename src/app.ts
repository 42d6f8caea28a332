/**
 * The GitHub App: Probot wiring only. Which events go to which handler; reviews run in a queue off
 * the webhook request (answered at once); SIGTERM drains the reviews in flight before exiting.
 *
 *   pull_request.{opened,reopened,synchronize,ready_for_review}, .edited (base changed) -> handlers/pull-request
 *   issue_comment.created (`/rust-review ...`)                   -> handlers/comment
 *   check_run.{rerequested,requested_action}, check_suite.rerequested -> handlers/check
 *
 * Every delivery passes the redelivery check first (same `X-GitHub-Delivery`: a no-op). The queue is
 * in-process, or BullMQ on Redis when REDIS_URL is set (several replicas share the work). Without
 * Redis, start-up looks for check runs a previous process left in progress and resumes them.
 * `GET /metrics` serves Prometheus metrics, `GET /docs/rules/...` the rule docs; webhooks posted to
 * `/` are taken too (the URL Probot's setup flow registers without WEBHOOK_PROXY_URL).
 */
import type { ApplicationFunction, Context, Logger, Probot } from 'probot';
import { findOrphans, findUnsettledHeads, markOrphan, type OrphanScanLimits } from './github/orphans.js';
import type { GitHub } from './github/octokit.js';
import type { AppIdentity } from './github/threads.js';
import { markerSigner } from './review/marker.js';
import { onCheckRun, onCheckSuite } from './handlers/check.js';
import { onIssueComment } from './handlers/comment.js';
import type { HandlerDeps } from './handlers/deps.js';
import { onPullRequest } from './handlers/pull-request.js';
import { completeDropped, jobKey, runReviewJob, type CreateLlmPass, type ReviewJob, type ReviewJobDeps } from './handlers/review-job.js';
import { Metrics } from './metrics/index.js';
import { BullReviewQueue, type BullQueueOptions } from './queue/bullmq-queue.js';
import { MemoryDedupe, RedisDedupe, type DeliveryDedupe } from './queue/dedupe.js';
import { InProcessQueue, type QueueHooks, type ReviewProcessor, type ReviewQueue } from './queue/review-queue.js';
import { TaskTracker } from './queue/tasks.js';
import { createLlmPassFactory } from './llm/index.js';
import { docsHandler } from './http/docs.js';
import { rootWebhookHandler } from './http/root-webhook.js';
import { AnalysisCache, loadCodeVersion } from './cache/analysis-cache.js';
import { MemoryStore, RedisStore } from './cache/store.js';
import type { AnalysisSettings } from './review/pipeline.js';
import { warmAnalysisWorkers } from './review/analyze-files.js';

export interface AppOptions {
  /** The LLM passes (issue 9): a factory called per review; none by default. */
  createLlmPass?: CreateLlmPass;
  /** A queue of one's own (tests); default: BullMQ with REDIS_URL, else in-process. */
  createQueue?: (processor: ReviewProcessor<ReviewJob>, hooks: QueueHooks<ReviewJob>, probot: Probot) => ReviewQueue<ReviewJob>;
  /** Reviews running at once in this process (default REVIEW_CONCURRENCY or 2). */
  concurrency?: number;
  /** Reviews of one installation running at once (per process, or across replicas with Redis; default REVIEW_CONCURRENCY_PER_INSTALLATION or 3). */
  perInstallation?: number;
  /** Redis for the shared queue and redelivery checks (default REDIS_URL; '' for none). */
  redisUrl?: string;
  /** Extra BullMQ queue options (lock time, queue name, key prefix). */
  queueOptions?: Partial<BullQueueOptions<ReviewJob>>;
  /** Install SIGTERM/SIGINT handlers that drain the queue and exit (the default export does). */
  handleSignals?: boolean;
  /** Time given to reviews in flight at shutdown before they are handed back (default SHUTDOWN_GRACE_MS or 8 s, inside `docker stop`'s 10 s). */
  graceMs?: number;
  /** Metrics registry (one is made when not given). */
  metrics?: Metrics;
  /** Waits before retrying a review GitHub kept failing (default 30 s, 2 min, 10 min). */
  retryDelaysMs?: number[];
  /** Backoff unit of the review POST's own retries after a 5xx or timeout (default 1 s). */
  githubRetryBaseMs?: number;
  /**
   * Without Redis: look for check runs left in progress by a previous process at start-up and resume
   * them (`'mark'`: complete them with a Re-run button instead). Default: ORPHANS env (`requeue`,
   * `mark`, `off`), else requeue for the default export, off for `createApp()`.
   */
  recoverOrphans?: false | 'requeue' | 'mark' | (OrphanScanLimits & { mode?: 'requeue' | 'mark' });
  /**
   * Key of the fingerprint markers in comments (default RUST_REVIEW_MARKER_SECRET, else derived from
   * the webhook secret). Every replica must use the same one; changing it makes earlier comments unknown.
   */
  markerSecret?: string;
  /** The App's slug (default APP_SLUG, else asked from GitHub once: `GET /app`). */
  appSlug?: string;
  /**
   * Where analysis runs and what it remembers. Default: every rule on worker threads (the thread that
   * answers webhooks stays free), and a cache of trees and per-file outputs in memory (a bounded LRU
   * of ANALYSIS_CACHE_MB, default 64) or, with Redis, shared by the replicas through it.
   */
  analysis?: AnalysisSettings;
  /** With Redis: after an outage, the second reconciliation of open pull requests runs this long after the first (default 15 s). */
  reconcileAgainMs?: number;
}

export interface RustReviewApp {
  appFn: ApplicationFunction;
  metrics: Metrics;
  /** Resolves when no review or command task is pending. */
  idle(): Promise<void>;
  /** Stops taking reviews and lets those in flight finish (or hands them back after the grace period). */
  close(opts?: { graceMs?: number }): Promise<void>;
  /** The queue, once the App is loaded. */
  queue(): ReviewQueue<ReviewJob> | undefined;
}

type AnyContext = Pick<Context, 'id' | 'name' | 'log'>;

/**
 * Shutdown drain: below `docker stop`'s default 10 s before SIGKILL (Kubernetes gives 30 s), with room to
 * hand the rest back. Longer drains need SHUTDOWN_GRACE_MS and the platform's stop timeout raised
 * together (`docker run --stop-timeout`, `terminationGracePeriodSeconds`).
 */
export const DEFAULT_GRACE_MS = 8_000;

export function createApp(options: AppOptions = {}): RustReviewApp {
  let queue: ReviewQueue<ReviewJob> | undefined;
  const tasks = new TaskTracker();
  const metrics = options.metrics ?? new Metrics();
  const graceMs = options.graceMs ?? (Number(process.env.SHUTDOWN_GRACE_MS) || DEFAULT_GRACE_MS);
  let closing: Promise<void> | undefined;
  let appLog: Logger | undefined;

  const appFn: ApplicationFunction = (app, appOptions) => {
    appLog = app.log;
    let identity: Promise<AppIdentity> | undefined;
    const getIdentity = (): Promise<AppIdentity> =>
      (identity ??= (async () => {
        const secret = options.markerSecret ?? process.env.RUST_REVIEW_MARKER_SECRET ?? (await app.webhooks.sign('rust-review fingerprint marker key'));
        const slug = options.appSlug ?? process.env.APP_SLUG ?? (await ((await app.auth()) as GitHub).rest.apps.getAuthenticated()).data?.slug;
        if (!slug) throw new Error('GitHub did not say which App this is (GET /app): set APP_SLUG');
        return { slug, signer: markerSigner(secret) };
      })().catch((err) => {
        identity = undefined; // asked again by the next review
        throw err;
      }));
    void getIdentity().catch((err) => app.log.warn({ err }, 'start-up: could not read the App identity yet'));
    const jobDeps: ReviewJobDeps = {
      identity: getIdentity,
      octokitFor: async (id) => (await app.auth(id)) as GitHub,
      log: app.log,
      createLlmPass: options.createLlmPass,
      metrics,
      retryDelaysMs: options.retryDelaysMs,
      githubRetryBaseMs: options.githubRetryBaseMs,
    };
    const processor: ReviewProcessor<ReviewJob> = (job, signal, ctx) => runReviewJob(job, jobDeps, signal, ctx);
    const hooks: QueueHooks<ReviewJob> = {
      onError: (err, key) => app.log.error({ err, pr: key }, 'review job failed'),
      onDropped: (_key, job) => completeDropped(job, jobDeps),
    };
    const concurrency = options.concurrency ?? (Number(process.env.REVIEW_CONCURRENCY) || 2);
    const perGroup = options.perInstallation ?? (Number(process.env.REVIEW_CONCURRENCY_PER_INSTALLATION) || 3);
    const groupOf = (job: ReviewJob) => String(job.installationId);
    const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? '';
    let dedupe: DeliveryDedupe = new MemoryDedupe();
    const cacheBytes = (Number(process.env.ANALYSIS_CACHE_MB) || 64) * 1024 * 1024;
    jobDeps.analysis = options.analysis ?? { offThread: true, cache: new AnalysisCache(new MemoryStore(cacheBytes)) };
    if (options.createQueue) queue = options.createQueue(processor, hooks, app);
    else if (redisUrl) {
      const bull = new BullReviewQueue(processor, { redisUrl, concurrency, groupOf, perGroup, graceMs, log: app.log, ...hooks, ...options.queueOptions });
      dedupe = new RedisDedupe(bull.redis, options.queueOptions?.prefix);
      if (!options.analysis) jobDeps.analysis = { offThread: true, cache: new AnalysisCache(new RedisStore(bull.redis, { prefix: `${options.queueOptions?.prefix ?? ''}rust-review:analysis:`, memoryBytes: cacheBytes / 2 })) };
      queue = bull;
      // Redis back after an outage (maybe restarted empty): the queued jobs may be lost. One replica
      // reviews the open pull requests whose head has no completed check run, now and once more a
      // little later (jobs that were between Redis and a worker when it went away surface late).
      const reconcile = (pass: string) =>
        deps.background(async () => {
          if (!(await bull.lease(`reconcile-${pass}`, 5_000))) return;
          const scan = await findUnsettledHeads((await app.auth()) as GitHub, jobDeps.octokitFor);
          for (const u of scan.heads) {
            await deps.enqueue({ installationId: u.installationId, owner: u.pr.owner, repo: u.pr.repo, number: u.pr.number, trigger: 'rerun', full: false, deliveryId: `reconcile-${pass}-${u.pr.headSha}`, checkRunId: u.checkRunId });
          }
          app.log.info({ pass, heads: scan.heads.length, requests: scan.requests, truncated: scan.truncated }, 'redis recovered: open pull requests without a completed review were queued again');
        });
      const again = options.reconcileAgainMs ?? 15_000;
      bull.onRecovered(() => {
        reconcile('now');
        setTimeout(() => reconcile('again'), again).unref();
      });
    } else queue = new InProcessQueue(processor, { concurrency, groupOf, perGroup, graceMs, ...hooks });
    // Worker start-up (modules, WASM) is paid at start, not by the first review.
    if (jobDeps.analysis.offThread) warmAnalysisWorkers();
    if (jobDeps.analysis.cache) loadCodeVersion().catch(() => {});
    // Node loads its fetch (undici: about 100 ms of modules) on the first call: the first GitHub
    // request of the first review would pay it on this thread; a data: URL loads it now, offline.
    fetch('data:,').catch(() => {});
    const q = queue;
    metrics.queueDepthFrom(() => q.depth());
    appOptions?.addHandler?.(metrics.handler());
    appOptions?.addHandler?.(docsHandler());
    appOptions?.addHandler?.(rootWebhookHandler(app));

    const deps: HandlerDeps = {
      enqueue: (job) => q.enqueue(jobKey(job), { ...job, enqueuedAt: Date.now() }),
      background: (task, what = 'command') => tasks.run(task, (err) => app.log.error({ err }, `${what} failed`)),
    };
    /** Redeliveries (same X-GitHub-Delivery) are no-ops; a failed handler releases its claim. */
    const once =
      <C extends AnyContext>(handler: (context: C) => unknown) =>
      async (context: C) => {
        if (!(await dedupe.claim(context.id))) {
          metrics.webhooks.inc({ event: context.name, outcome: 'duplicate' });
          context.log.info({ delivery: context.id, event: context.name }, 'webhook redelivery ignored');
          return;
        }
        metrics.webhooks.inc({ event: context.name, outcome: 'accepted' });
        try {
          await handler(context);
        } catch (err) {
          await dedupe.release(context.id).catch(() => {});
          throw err;
        }
      };

    app.on(['pull_request.opened', 'pull_request.reopened', 'pull_request.synchronize', 'pull_request.ready_for_review', 'pull_request.edited'], once((context) => onPullRequest(context, deps)));
    app.on('issue_comment.created', once((context) => onIssueComment(context, deps)));
    app.on(['check_run.rerequested', 'check_run.requested_action'], once((context) => onCheckRun(context, deps)));
    app.on('check_suite.rerequested', once((context) => onCheckSuite(context, deps)));

    const orphanMode = options.recoverOrphans ?? envOrphans();
    if (orphanMode && !redisUrl && !options.createQueue) {
      const limits = typeof orphanMode === 'object' ? orphanMode : {};
      const mode = typeof orphanMode === 'object' ? (orphanMode.mode ?? 'requeue') : orphanMode;
      const startedBefore = new Date();
      deps.background(async () => {
        const scan = await findOrphans((await app.auth()) as GitHub, jobDeps.octokitFor, { startedBefore, ...limits });
        const reviewed = new Set<string>();
        for (const o of scan.orphans) {
          if (mode === 'mark' || !o.current) await markOrphan(await jobDeps.octokitFor(o.installationId), o);
          else {
            reviewed.add(jobKey(o.pr));
            await deps.enqueue({ installationId: o.installationId, owner: o.pr.owner, repo: o.pr.repo, number: o.pr.number, pull: o.pr, trigger: 'rerun', full: false, deliveryId: `orphan-${o.checkRunId}`, checkRunId: o.checkRunId });
          }
        }
        // Pushed to while the App was down (the orphan is on an older head): the push's webhook was
        // lost with the process, so the current head is reviewed now.
        for (const o of scan.orphans) {
          if (o.current || reviewed.has(jobKey(o.pr))) continue;
          reviewed.add(jobKey(o.pr));
          await deps.enqueue({ installationId: o.installationId, owner: o.pr.owner, repo: o.pr.repo, number: o.pr.number, pull: o.pr, trigger: 'rerun', full: false, deliveryId: `orphan-head-${o.checkRunId}` });
        }
        app.log.info({ orphans: scan.orphans.length, requests: scan.requests, truncated: scan.truncated, mode }, 'start-up: check runs left in progress by a previous process');
      }, 'start-up scan for check runs left in progress');
    }

    if (options.handleSignals) {
      const shutdown = (signal: string) => {
        app.log.info(`${signal}: finishing the reviews in flight before exiting`);
        void close().finally(() => process.exit(0));
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    }
  };

  const idle = async () => {
    // A command task may enqueue a review and a review never starts a task: tasks first, then the queue.
    await tasks.idle();
    await queue?.idle();
    await tasks.idle();
  };
  const close = (opts: { graceMs?: number } = {}) =>
    (closing ??= (async () => {
      // One grace period for everything: background tasks (commands, the start-up orphan scan, which
      // may be waiting on an unreachable GitHub) must not hold the process past it.
      const grace = opts.graceMs ?? graceMs;
      const deadline = Date.now() + grace;
      if (!(await tasks.idle(grace))) appLog?.warn({ tasks: tasks.size }, 'shutdown: background tasks still running after the grace period; leaving them');
      await queue?.close({ graceMs: Math.max(0, deadline - Date.now()) });
    })());
  return { appFn, metrics, idle, close, queue: () => queue };
}

function envOrphans(): false | 'requeue' | 'mark' | undefined {
  const v = process.env.ORPHANS;
  if (v === 'off') return false;
  if (v === 'mark' || v === 'requeue') return v;
  return undefined;
}

/** `probot run ./dist/app.js` (without the retry of secondary rate limits: `npm start` runs dist/main.js). */
export default createApp({ handleSignals: true, recoverOrphans: envOrphans() ?? 'requeue', createLlmPass: createLlmPassFactory() }).appFn;
