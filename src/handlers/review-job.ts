/**
 * One review job, run off the webhook by the queue: the pull request, its config (base branch), skip
 * reasons, the pipeline, then publishing. The check run is completed on every path (try/finally):
 * success / failure / skipped from the review, failure (or neutral, `review.on_error`) with the
 * reason and a "Re-run review" button when the review cannot complete, cancelled when superseded.
 * When GitHub keeps failing (5xx, timeouts, rate limits) the job asks the queue to run it again later
 * and the check run, still in progress, says so; the retry resumes the same check run. Every job
 * ends with one structured log line (delivery, repo, PR, head, outcome, duration).
 */
import type { Logger } from 'probot';
import { ConfigError, parseConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { CheckRun, type CheckConclusion } from '../github/check-run.js';
import { createGitHubSource } from '../github/change-source.js';
import { loadConfigText } from '../github/config.js';
import { getPull, type GitHub, type PullInfo } from '../github/octokit.js';
import { publishReview } from '../github/publish.js';
import { fetchOurThreads, type AppIdentity, type OurThread } from '../github/threads.js';
import { runReview, type LlmPass } from '../review/pipeline.js';
import { isTransient, retryAfterMs } from '../github/resilience.js';
import { reviewLogFields } from '../log/fields.js';
import type { Metrics } from '../metrics/index.js';
import { ShuttingDown, Superseded, type JobContext, type ProcessorResult } from '../queue/review-queue.js';
import { skipReason, type Trigger } from './skip.js';

export interface ReviewJob {
  installationId: number;
  owner: string;
  repo: string;
  number: number;
  /** From a `pull_request` payload; commands and re-runs read the pull request first. */
  pull?: PullInfo;
  trigger: Trigger;
  /** `/rust-review full`. */
  full: boolean;
  deliveryId: string;
  /** The check run an earlier attempt created (a retry, a job resumed after a crash or restart). */
  checkRunId?: number;
  /** 1 for the first attempt; retries after GitHub failures count up. */
  attempt?: number;
  /** When the webhook was taken (ms since the epoch): the log reports the time spent queued. */
  enqueuedAt?: number;
}

export interface LlmContext {
  pr: PullInfo;
  config: Config;
  log: Logger;
}

/**
 * Issue 9 plugs the LLM passes in here: a factory returning the pass for one review (or undefined
 * when there is no API key). The App passes it to `runReview` as `llm`.
 */
export type CreateLlmPass = (ctx: LlmContext) => LlmPass | undefined;

export interface ReviewJobDeps {
  octokitFor(installationId: number): Promise<GitHub>;
  log: Logger;
  createLlmPass?: CreateLlmPass;
  metrics?: Metrics;
  /**
   * Waits before attempts 2, 3, ... when GitHub keeps failing (5xx, timeouts, rate limits) after the
   * in-request retries; a rate limit's own reset time is used when it is later. Default 30 s, 2 min,
   * 10 min (4 attempts in all).
   */
  retryDelaysMs?: number[];
  /** Backoff unit of the review POST's own retries (default 1 s). */
  githubRetryBaseMs?: number;
  /** The App's bot and marker key: only its own signed comments count as earlier findings. */
  identity(): Promise<AppIdentity>;
}

export const DEFAULT_RETRY_DELAYS_MS = [30_000, 120_000, 600_000];

export function jobKey(job: Pick<ReviewJob, 'owner' | 'repo' | 'number'>): string {
  return `${job.owner}/${job.repo}#${job.number}`.toLowerCase();
}

type Outcome = CheckConclusion | 'superseded' | 'retry' | 'handed-back' | 'closed' | 'error';

export async function runReviewJob(job: ReviewJob, deps: ReviewJobDeps, signal: AbortSignal, ctx?: JobContext<ReviewJob>): Promise<ProcessorResult<ReviewJob>> {
  const started = performance.now();
  const attempt = job.attempt ?? 1;
  const delays = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let log = deps.log.child(reviewLogFields(job));
  let outcome: Outcome = 'error';
  let findings = 0;
  let check: CheckRun | undefined;
  let config: Config | undefined;
  let retry: ProcessorResult<ReviewJob> = undefined;
  try {
    const octokit = await deps.octokitFor(job.installationId);
    const pr = job.pull ?? (await getPull(octokit, job));
    log = log.child({ head: pr.headSha });
    if (pr.state === 'closed') {
      outcome = 'closed';
      if (job.checkRunId) await CheckRun.resume(octokit, pr, job.checkRunId).complete({ conclusion: 'skipped', title: 'rust-review: pull request closed', summary: 'The pull request was closed before its review could complete.' });
      return;
    }
    signal.throwIfAborted();

    if (job.checkRunId) check = CheckRun.resume(octokit, pr, job.checkRunId);
    else {
      // A job picked up after a crash may have created its check run without saving the id.
      check = (ctx?.resumed ? await CheckRun.findInProgress(octokit, pr) : undefined) ?? (await CheckRun.start(octokit, pr));
      job = { ...job, checkRunId: check.id };
      await ctx?.save(job);
    }
    const configText = await loadConfigText(octokit, pr);
    try {
      config = parseConfig(configText.text, configText.file);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      outcome = 'failure';
      await check.complete({
        conclusion: 'failure',
        title: 'rust-review: the config file is invalid',
        summary: [`\`${err.file}\` could not be used:`, '', ...err.problems.map((p) => `- ${p.line ? `line ${p.line}: ` : ''}${p.key ? `\`${p.key}\`: ` : ''}${p.message}`), '', 'Fix the file on the base branch, then press **Re-run review**.'].join('\n'),
        rerun: true,
      });
      return;
    }

    const skip = skipReason(pr, config, job.trigger);
    if (skip) {
      outcome = 'skipped';
      await check.complete({ conclusion: 'skipped', title: 'rust-review: skipped', summary: skip });
      return;
    }

    const source = createGitHubSource(octokit, pr, configText.text);
    const identity = await deps.identity();
    let threads: Promise<OurThread[]> | undefined;
    const startThreads = () => {
      threads ??= fetchOurThreads(octokit, pr, identity);
      threads.catch(() => {}); // awaited (and reported) in publish
    };
    const result = await runReview(source, {
      configText: configText.text,
      llm: deps.createLlmPass?.({ pr, config, log }),
      pullRequest: { title: pr.title, body: pr.body },
      signal,
      // Once the file list shows something to review, read the old threads in parallel with the passes.
      onProgress: (step) => {
        if (step === 'rules' && source.files?.some((f) => /\.rs$|\.sql$|(^|\/)Cargo\.toml$/.test(f.path))) startThreads();
      },
    });
    signal.throwIfAborted();
    if (result.conclusion !== 'skipped') startThreads();
    const published = await publishReview(octokit, pr, check, { result, files: source.files ?? [], sourceNotes: source.notes, threads: threads ?? Promise.resolve([]), full: job.full, signal, retryBaseMs: deps.githubRetryBaseMs, signer: identity.signer });
    outcome = result.conclusion;
    findings = result.inline.length + result.outsideFilter.length;
    for (const f of [...result.inline, ...result.outsideFilter]) deps.metrics?.finding(f.ruleId, f.severity);
    log = log.child({ posted: published.posted, notPosted: published.notPosted, alreadyPosted: published.alreadyPosted });
  } catch (err) {
    const reason = signal.aborted ? signal.reason : undefined;
    if (reason instanceof Superseded) {
      outcome = 'superseded';
      await check?.complete({ conclusion: 'cancelled', title: 'rust-review: superseded', summary: 'A newer review of this pull request replaced this one (a new push or command).' });
      return;
    }
    if (reason instanceof ShuttingDown) {
      // Handed back: the check run stays in progress; the queue (or the next start-up) resumes it.
      outcome = 'handed-back';
      await check?.note('rust-review: interrupted by a restart', 'The App restarted while reviewing; the review resumes automatically.').catch(() => {});
      return;
    }
    if (isTransient(err) && attempt <= delays.length) {
      const waitMs = Math.max(delays[attempt - 1]!, retryAfterMs(err) ?? 0);
      outcome = 'retry';
      const at = new Date(Date.now() + waitMs).toISOString().replace(/\.\d+Z$/, 'Z');
      log.warn({ err, retryInMs: waitMs }, 'GitHub failed: the review is retried later');
      await check
        ?.note('rust-review: GitHub is failing, retrying', [`**GitHub failed during this review:** ${describeError(err)}`, '', `The review runs again at ${at} (attempt ${attempt + 1} of ${delays.length + 1}).`].join('\n'))
        .catch((e) => log.warn({ err: e }, 'could not update the check run'));
      retry = { retryInMs: waitMs, job: { ...job, attempt: attempt + 1 } };
      return retry;
    }
    log.error({ err }, 'review failed');
    outcome = 'error';
    await check?.complete(failureOutput(err, config, attempt));
  } finally {
    if (check && !check.completed && outcome !== 'retry' && outcome !== 'handed-back') {
      // Never leave the check in progress, whatever happened above (even completing failed once).
      await check.complete(failureOutput(new Error('the review stopped before it completed'), config, attempt)).catch((e) => log.error({ err: e }, 'could not complete the check run'));
    }
    const durationMs = Math.round(performance.now() - started);
    deps.metrics?.review(outcome, durationMs / 1000);
    log.info({ outcome, durationMs, queuedMs: job.enqueuedAt ? Math.max(0, Date.now() - job.enqueuedAt - durationMs) : undefined, findings, checkRun: check?.id }, 'review finished');
  }
  return retry;
}

/** A queued retry (or resumed job) replaced by a newer one before it ran: complete its check run. */
export async function completeDropped(job: ReviewJob, deps: Pick<ReviewJobDeps, 'octokitFor' | 'log' | 'metrics'>): Promise<void> {
  deps.metrics?.review('superseded');
  if (!job.checkRunId) return;
  const octokit = await deps.octokitFor(job.installationId);
  await octokit.rest.checks.update({
    owner: job.owner,
    repo: job.repo,
    check_run_id: job.checkRunId,
    status: 'completed',
    conclusion: 'neutral',
    completed_at: new Date().toISOString(),
    output: { title: 'rust-review: superseded', summary: 'A newer review of this pull request replaced this one (a new push or command).' },
  });
}

function failureOutput(err: unknown, config: Config | undefined, attempts = 1) {
  const neutral = config?.review.on_error === 'neutral';
  const reason = describeError(err) + (attempts > 1 ? ` (after ${attempts} attempts)` : '');
  return {
    conclusion: neutral ? ('neutral' as const) : ('failure' as const),
    title: 'rust-review: the review could not complete',
    summary: [
      `**The review could not complete:** ${reason}`,
      '',
      neutral ? 'This check is neutral (`review.on_error: neutral`), so it does not block merging.' : 'Nothing was reviewed, so this check does not pass. Press **Re-run review** to try again.',
    ].join('\n'),
    rerun: true,
  };
}

function describeError(err: unknown): string {
  const e = err as { status?: number; message?: string; request?: { method?: string; url?: string } };
  const where = e?.request?.method && e.request.url ? ` (${e.request.method} ${e.request.url.replace(/^https?:\/\/[^/]+/, '')})` : '';
  if (typeof e?.status === 'number') return `GitHub answered ${e.status}${where}: ${String(e.message ?? '').slice(0, 300)}`;
  return String(e?.message ?? err).slice(0, 500);
}
