/**
 * One review job, run off the webhook by the queue: the pull request, its config (base branch), skip
 * reasons, the pipeline, then publishing. The check run is completed on every path (try/finally):
 * success / failure / skipped from the review, failure (or neutral, `review.on_error`) with the
 * reason and a "Re-run review" button when the review cannot complete, neutral when superseded.
 */
import type { Logger } from 'probot';
import { ConfigError, parseConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { CheckRun } from '../github/check-run.js';
import { createGitHubSource } from '../github/change-source.js';
import { loadConfigText } from '../github/config.js';
import { getPull, type GitHub, type PullInfo } from '../github/octokit.js';
import { publishReview } from '../github/publish.js';
import { fetchOurThreads, type OurThread } from '../github/threads.js';
import { runReview, type LlmPass } from '../review/pipeline.js';
import { Superseded } from '../queue/review-queue.js';
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
}

export function jobKey(job: Pick<ReviewJob, 'owner' | 'repo' | 'number'>): string {
  return `${job.owner}/${job.repo}#${job.number}`.toLowerCase();
}

export async function runReviewJob(job: ReviewJob, deps: ReviewJobDeps, signal: AbortSignal): Promise<void> {
  const log = deps.log.child({ pr: jobKey(job), trigger: job.trigger, delivery: job.deliveryId });
  const octokit = await deps.octokitFor(job.installationId);
  const pr = job.pull ?? (await getPull(octokit, job));
  if (pr.state === 'closed') {
    log.info('pull request is closed: not reviewed');
    return;
  }
  signal.throwIfAborted();

  const check = await CheckRun.start(octokit, pr);
  let config: Config | undefined;
  try {
    const configText = await loadConfigText(octokit, pr);
    try {
      config = parseConfig(configText.text, configText.file);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
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
      await check.complete({ conclusion: 'skipped', title: 'rust-review: skipped', summary: skip });
      return;
    }

    const source = createGitHubSource(octokit, pr, configText.text);
    let threads: Promise<OurThread[]> | undefined;
    const startThreads = () => {
      threads ??= fetchOurThreads(octokit, pr);
      threads.catch(() => {}); // awaited (and reported) in publish
    };
    const result = await runReview(source, {
      configText: configText.text,
      llm: deps.createLlmPass?.({ pr, config, log }),
      signal,
      // Once the file list shows something to review, read the old threads in parallel with the passes.
      onProgress: (step) => {
        if (step === 'rules' && source.files?.some((f) => /\.rs$|\.sql$|(^|\/)Cargo\.toml$/.test(f.path))) startThreads();
      },
    });
    signal.throwIfAborted();
    if (result.conclusion !== 'skipped') startThreads();
    await publishReview(octokit, pr, check, { result, files: source.files ?? [], sourceNotes: source.notes, threads: threads ?? Promise.resolve([]), full: job.full, signal });
    log.info({ conclusion: result.conclusion, findings: result.inline.length, ms: result.durationMs }, 'review published');
  } catch (err) {
    if (signal.aborted && signal.reason instanceof Superseded) {
      log.info('review superseded by a newer one');
      await check.complete({ conclusion: 'neutral', title: 'rust-review: superseded', summary: 'A newer review of this pull request replaced this one (a new push or command).' });
      return;
    }
    log.error({ err }, 'review failed');
    await check.complete(failureOutput(err, config));
  } finally {
    if (!check.completed) {
      // Never leave the check in progress, whatever happened above (even completing failed once).
      await check.complete(failureOutput(new Error('the review stopped before it completed'), config)).catch((e) => log.error({ err: e }, 'could not complete the check run'));
    }
  }
}

function failureOutput(err: unknown, config: Config | undefined) {
  const neutral = config?.review.on_error === 'neutral';
  const reason = describeError(err);
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
