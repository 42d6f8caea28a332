/**
 * One review job, run off the webhook by the queue: the pull request, its config (base branch, read
 * and validated once), skip reasons, the rule passes, publishing, then the LLM passes. The gate never
 * waits for the model: the rule review is posted and the check run completed first; the LLM findings
 * follow as a review of their own and amend the check run's summary (with `llm.affects_conclusion:
 * true` the check run stays in progress, saying so, until they are in). The check run is completed
 * on every path (try/finally): success / failure / skipped from the review, failure with the file,
 * line and key for a config that cannot be used (no Re-run button: only a fix on the base branch
 * helps), failure (or neutral, `review.on_error`) with the reason and a "Re-run review" button when
 * the review cannot complete, cancelled when superseded.
 * When GitHub keeps failing (5xx, timeouts, rate limits) the job asks the queue to run it again later
 * and the check run, still in progress, says so; the retry resumes the same check run. Every job
 * ends with one structured log line (delivery, repo, PR, head, outcome, duration).
 */
import type { Logger } from 'probot';
import { ConfigError, loadReviewConfig, type ReviewConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { CheckRun, type CheckConclusion } from '../github/check-run.js';
import { createGitHubSource } from '../github/change-source.js';
import { loadConfigText } from '../github/config.js';
import { getPull, type GitHub, type PullInfo } from '../github/octokit.js';
import { amendWithLlmStatus, publishLlmReview, publishReview, type Published } from '../github/publish.js';
import { fetchOurThreads, type AppIdentity, type OurThread } from '../github/threads.js';
import { CLOSED_TEXT, configErrorText, failedText, INTERRUPTED_TEXT, retryingText, skippedText, SUPERSEDED_TEXT } from '../report/check-text.js';
import { reviewInStages, type AnalysisSettings, type LlmPass } from '../review/pipeline.js';
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
  /** The analysis cache and where rules run (the App: off the thread that answers webhooks). */
  analysis?: AnalysisSettings;
}

export const DEFAULT_RETRY_DELAYS_MS = [30_000, 120_000, 600_000];

export function jobKey(job: Pick<ReviewJob, 'owner' | 'repo' | 'number'>): string {
  return `${job.owner}/${job.repo}#${job.number}`.toLowerCase();
}

type Outcome = CheckConclusion | 'config-error' | 'superseded' | 'retry' | 'handed-back' | 'closed' | 'error';

export async function runReviewJob(job: ReviewJob, deps: ReviewJobDeps, signal: AbortSignal, ctx?: JobContext<ReviewJob>): Promise<ProcessorResult<ReviewJob>> {
  const started = performance.now();
  const attempt = job.attempt ?? 1;
  const delays = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let log = deps.log.child(reviewLogFields(job));
  let outcome: Outcome = 'error';
  let findings = 0;
  let check: CheckRun | undefined;
  let config: Config | undefined;
  /** Set once the rule review is out and the check run shows it: what the LLM stage amends. */
  let gate: Published | undefined;
  let retry: ProcessorResult<ReviewJob> = undefined;
  try {
    const octokit = await deps.octokitFor(job.installationId);
    // The pull request as it is now, not as the webhook saw it: deliveries arrive out of order, and a
    // base change moves the config and the diff. The head reviewed is always the current one.
    const pr = await getPull(octokit, job);
    log = log.child({ head: pr.headSha });
    if (pr.state === 'closed') {
      outcome = 'closed';
      if (job.checkRunId) await CheckRun.resume(octokit, pr, job.checkRunId).complete({ conclusion: 'skipped', ...CLOSED_TEXT });
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
    let loaded: ReviewConfig;
    try {
      loaded = loadReviewConfig(configText.text, configText.file);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      // `failure`, not `action_required`: a required check must block until the file is fixed, and
      // `action_required` asks for a details URL we do not have; no Re-run button (the same file fails again).
      outcome = 'config-error';
      await check.complete({ conclusion: 'failure', ...configErrorText(err) });
      return;
    }
    config = loaded.config;

    const skip = skipReason(pr, config, job.trigger);
    if (skip) {
      outcome = 'skipped';
      await check.complete({ conclusion: 'skipped', ...skippedText(skip) });
      return;
    }

    const source = createGitHubSource(octokit, pr, configText.text);
    const identity = await deps.identity();
    let threads: Promise<OurThread[]> | undefined;
    const startThreads = () => {
      threads ??= fetchOurThreads(octokit, pr, identity);
      threads.catch(() => {}); // awaited (and reported) in publish
    };
    const staged = await reviewInStages(source, {
      analysis: deps.analysis,
      config: loaded,
      llm: deps.createLlmPass?.({ pr, config, log }),
      pullRequest: { title: pr.title, body: pr.body },
      signal,
      // Once the file list shows something to review, read the old threads in parallel with the passes.
      onProgress: (step) => {
        if (step === 'rules' && source.files?.some((f) => /\.rs$|\.sql$|(^|\/)Cargo\.toml$/.test(f.path))) startThreads();
      },
    });
    signal.throwIfAborted();
    const rules = staged.rules;
    if (rules.conclusion !== 'skipped') startThreads();
    const files = source.files ?? [];
    const common = { files, full: job.full, signal, retryBaseMs: deps.githubRetryBaseMs, signer: identity.signer };
    // The gate: the rule review, and the check run completed (or, with `llm.affects_conclusion`, told that it waits).
    const llmFollows = !staged.withLlm ? undefined : config.llm.affects_conclusion ? 'wait' : 'amend';
    gate = await publishReview(octokit, pr, check, { ...common, result: rules, sourceNotes: source.notes, threads: threads ?? Promise.resolve([]), llmFollows });
    outcome = rules.conclusion;
    let final = rules;
    let published = gate;
    if (staged.withLlm) {
      final = await staged.withLlm();
      signal.throwIfAborted();
      // Fresh threads: the gate's review has just added some.
      published = await publishLlmReview(octokit, pr, check, { ...common, result: final, threads: fetchOurThreads(octokit, pr, identity), gate });
      outcome = final.conclusion;
    }
    findings = final.inline.length + final.outsideFilter.length;
    for (const f of [...final.inline, ...final.outsideFilter]) deps.metrics?.finding(f.ruleId, f.severity);
    log = log.child({ posted: published.posted, notPosted: published.notPosted.length, alreadyPosted: published.alreadyPosted });
  } catch (err) {
    const reason = signal.aborted ? signal.reason : undefined;
    if (reason instanceof Superseded) {
      outcome = 'superseded';
      // After the gate the check run keeps its conclusion: the LLM stage only says it was stopped.
      if (gate && check?.completed) await amendWithLlmStatus(check, gate, 'stopped: a newer review of this pull request replaced this one').catch((e) => log.warn({ err: e }, 'could not update the check run'));
      else await check?.complete({ conclusion: 'cancelled', ...SUPERSEDED_TEXT });
      return;
    }
    if (reason instanceof ShuttingDown) {
      // Handed back: the check run stays in progress; the queue (or the next start-up) resumes it.
      outcome = 'handed-back';
      if (gate && check?.completed) await amendWithLlmStatus(check, gate, 'the App restarted before they finished; they run again when the review is resumed, on the next push, or with a /rust-review comment').catch(() => {});
      else await check?.note(INTERRUPTED_TEXT).catch(() => {});
      return;
    }
    if (gate && check?.completed) {
      // The gate stands; only the LLM stage failed (posting its review, most likely). Say so on the
      // check run; a transient failure is still retried (the rule comments are not repeated).
      const again = isTransient(err) && attempt <= delays.length;
      await amendWithLlmStatus(check, gate, `could not be posted: ${describeError(err)}${again ? '; retried later' : ''}`).catch((e) => log.warn({ err: e }, 'could not update the check run'));
    }
    if (isTransient(err) && attempt <= delays.length) {
      const waitMs = Math.max(delays[attempt - 1]!, retryAfterMs(err) ?? 0);
      outcome = 'retry';
      log.warn({ err, retryInMs: waitMs }, 'GitHub failed: the review is retried later');
      await check
        ?.note(retryingText(describeError(err), new Date(Date.now() + waitMs), attempt + 1, delays.length + 1))
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
  await CheckRun.resume(octokit, job, job.checkRunId).complete({ conclusion: 'cancelled', ...SUPERSEDED_TEXT });
}

function failureOutput(err: unknown, config: Config | undefined, attempts = 1) {
  const neutral = config?.review.on_error === 'neutral';
  const reason = describeError(err) + (attempts > 1 ? ` (after ${attempts} attempts)` : '');
  return { conclusion: neutral ? ('neutral' as const) : ('failure' as const), ...failedText(reason, neutral), rerun: true };
}

function describeError(err: unknown): string {
  const e = err as { status?: number; message?: string; request?: { method?: string; url?: string } };
  const where = e?.request?.method && e.request.url ? ` (${e.request.method} ${e.request.url.replace(/^https?:\/\/[^/]+/, '')})` : '';
  if (typeof e?.status === 'number') return `GitHub answered ${e.status}${where}: ${String(e.message ?? '').slice(0, 300)}`;
  return String(e?.message ?? err).slice(0, 500);
}
