/**
 * The `rust-review` check run, and every write to it (the App has no other `checks.create` /
 * `checks.update` call): created `in_progress` on the head sha with the PR number in `external_id`
 * (check events of fork PRs carry no `pull_requests`), completed exactly once, its summary amended
 * afterwards when the LLM passes finish. Annotations go 50 per request: all but the last batch
 * through in-progress updates, the last batch with the completion. The words are report/check-text.ts's.
 */
import type { Annotation } from '../report/annotations.js';
import { reviewingText, type CheckText } from '../report/check-text.js';
import { trimToLimit } from '../report/summary.js';
import { CHECK_NAME, MAX_ANNOTATIONS_PER_REQUEST, MAX_CHECK_TEXT, RERUN_ACTION } from './limits.js';
import type { GitHub, PullInfo, RepoRef } from './octokit.js';

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'skipped' | 'cancelled';

export interface CheckOutput {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
  annotations?: Annotation[];
  /** Offer the "Re-run review" button. */
  rerun?: boolean;
}

export class CheckRun {
  completed = false;
  /** checks.create / checks.update requests made. */
  requests = 0;

  private constructor(
    private readonly octokit: GitHub,
    private readonly pr: RepoRef,
    readonly id: number,
    readonly htmlUrl: string | undefined,
  ) {}

  static async start(octokit: GitHub, pr: PullInfo, detailsUrl?: string): Promise<CheckRun> {
    const { data } = await octokit.rest.checks.create({
      owner: pr.owner,
      repo: pr.repo,
      name: CHECK_NAME,
      head_sha: pr.headSha,
      external_id: String(pr.number),
      status: 'in_progress',
      started_at: new Date().toISOString(),
      ...(detailsUrl ? { details_url: detailsUrl } : {}),
      output: reviewingText(pr.number, pr.headSha),
    });
    const run = new CheckRun(octokit, pr, data.id, data.html_url ?? undefined);
    run.requests++;
    return run;
  }

  /** The check run of an earlier attempt of the same review (a retry, a job resumed after a crash, an orphan, a dropped job). */
  static resume(octokit: GitHub, pr: RepoRef & { htmlUrl?: string }, id: number): CheckRun {
    return new CheckRun(octokit, { owner: pr.owner, repo: pr.repo }, id, pr.htmlUrl ? `${pr.htmlUrl.replace(/\/pull\/\d+$/, '')}/runs/${id}` : undefined);
  }

  /**
   * Our newest in-progress check run on the PR's head, if any: a job resumed after a crash may have
   * created one without having saved its id.
   */
  static async findInProgress(octokit: GitHub, pr: PullInfo): Promise<CheckRun | undefined> {
    const { data } = await octokit.rest.checks.listForRef({ owner: pr.owner, repo: pr.repo, ref: pr.headSha, check_name: CHECK_NAME, status: 'in_progress', filter: 'latest', per_page: 20 });
    const run = data.check_runs.filter((r) => !r.external_id || r.external_id === String(pr.number)).sort((a, b) => b.id - a.id)[0];
    return run ? new CheckRun(octokit, pr, run.id, run.html_url ?? undefined) : undefined;
  }

  /** Says what is happening while the run stays in progress (a retry is scheduled, the App restarts, the model is awaited). */
  async note(out: CheckText & { annotations?: Annotation[] }): Promise<void> {
    if (this.completed) return;
    const title = out.title.slice(0, 255);
    const summary = trimToLimit(out.summary, MAX_CHECK_TEXT);
    for (const batch of batchesOf(out.annotations ?? [])) {
      this.requests++;
      await this.octokit.rest.checks.update({ ...this.ref(), status: 'in_progress', output: { title, summary, annotations: batch } });
    }
    if (out.annotations?.length) return;
    this.requests++;
    await this.octokit.rest.checks.update({ ...this.ref(), status: 'in_progress', output: { title, summary } });
  }

  /**
   * A completed run's output, updated after the fact (the LLM passes finished after the gate): a new
   * title and summary, and the annotations to add (GitHub appends them). The conclusion stays.
   */
  async amend(out: CheckText & { annotations?: Annotation[] }): Promise<void> {
    const title = out.title.slice(0, 255);
    const summary = trimToLimit(out.summary, MAX_CHECK_TEXT);
    const batches = batchesOf(out.annotations ?? []);
    if (!batches.length) batches.push([]);
    for (const batch of batches) {
      this.requests++;
      await this.octokit.rest.checks.update({ ...this.ref(), output: { title, summary, ...(batch.length ? { annotations: batch } : {}) } });
    }
  }

  private ref() {
    return { owner: this.pr.owner, repo: this.pr.repo, check_run_id: this.id };
  }

  async complete(out: CheckOutput): Promise<void> {
    if (this.completed) return;
    const title = out.title.slice(0, 255);
    const summary = trimToLimit(out.summary, MAX_CHECK_TEXT);
    const text = out.text === undefined ? undefined : trimToLimit(out.text, MAX_CHECK_TEXT);
    const batches = batchesOf(out.annotations ?? []);
    const base = this.ref();
    for (const batch of batches.slice(0, -1)) {
      this.requests++;
      await this.octokit.rest.checks.update({ ...base, output: { title, summary, ...(text ? { text } : {}), annotations: batch } });
    }
    this.requests++;
    await this.octokit.rest.checks.update({
      ...base,
      status: 'completed',
      conclusion: out.conclusion,
      completed_at: new Date().toISOString(),
      output: { title, summary, ...(text ? { text } : {}), ...(batches.length ? { annotations: batches[batches.length - 1] } : {}) },
      ...(out.rerun ? { actions: [{ ...RERUN_ACTION }] } : {}),
    });
    this.completed = true;
  }
}

function batchesOf(annotations: Annotation[]): Annotation[][] {
  const batches: Annotation[][] = [];
  for (let i = 0; i < annotations.length; i += MAX_ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(i, i + MAX_ANNOTATIONS_PER_REQUEST));
  return batches;
}
