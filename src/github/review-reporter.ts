/**
 * Posts the planned comments as pull request reviews: at most 30 comments per request; the first
 * request carries the review body. `pulls.createReview` is all-or-nothing and a 422 does not say
 * which comment GitHub refused, so a refused batch is split in halves and retried until the good
 * comments have landed; the refused ones are returned for the summary.
 *
 * A review POST is not idempotent: a 502 or a timeout may come after GitHub created the review. So the
 * retry plugin is off for it; on a 5xx or timeout the reporter first looks whether the review landed
 * (same commit, same body) and only posts again when it did not.
 */
import { MAX_COMMENTS_PER_REVIEW } from './limits.js';
import { httpStatus, type GitHub, type PullInfo } from './octokit.js';
import { isTransient } from './resilience.js';
import type { PlannedComment } from './review-plan.js';

export interface PostOptions {
  body: string;
  event: 'COMMENT' | 'REQUEST_CHANGES';
  /** Checked before each request: a superseded review stops posting. */
  signal?: AbortSignal;
  /** Retries of a review POST that failed with a 5xx or timeout and did not land (default 3). */
  retries?: number;
  /** Backoff unit between them: unit × 1, 4, 9 (default 1,000 ms). */
  retryBaseMs?: number;
}

export interface PostOutcome {
  posted: PlannedComment[];
  refused: PlannedComment[];
  /** createReview requests made (including refused ones). */
  requests: number;
}

export async function postReview(octokit: GitHub, pr: PullInfo, comments: PlannedComment[], opts: PostOptions): Promise<PostOutcome> {
  const out: PostOutcome = { posted: [], refused: [], requests: 0 };
  let bodyPending = true;
  const send = async (batch: PlannedComment[]): Promise<void> => {
    opts.signal?.throwIfAborted();
    out.requests++;
    try {
      const body = bodyPending ? opts.body : continuationBody(out.posted.length + 1, out.posted.length + batch.length);
      await createOnce(octokit, pr, { event: bodyPending ? opts.event : 'COMMENT', body, comments: batch.map((c) => c.comment) }, opts);
      bodyPending = false;
      out.posted.push(...batch);
    } catch (err) {
      if (httpStatus(err) !== 422 || batch.length === 0) throw err;
      if (batch.length === 1) {
        out.refused.push(batch[0]!);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await send(batch.slice(0, half));
      await send(batch.slice(half));
    }
  };
  for (let i = 0; i < comments.length; i += MAX_COMMENTS_PER_REVIEW) await send(comments.slice(i, i + MAX_COMMENTS_PER_REVIEW));
  return out;
}

type ReviewParams = { event: 'COMMENT' | 'REQUEST_CHANGES'; body: string; comments: PlannedComment['comment'][] };

async function createOnce(octokit: GitHub, pr: PullInfo, params: ReviewParams, opts: PostOptions): Promise<void> {
  const retries = opts.retries ?? 3;
  const base = opts.retryBaseMs ?? 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      await octokit.rest.pulls.createReview({ owner: pr.owner, repo: pr.repo, pull_number: pr.number, commit_id: pr.headSha, ...params, request: { retries: 0 } });
      return;
    } catch (err) {
      const status = httpStatus(err);
      const serverSide = isTransient(err) && status !== 403 && status !== 429; // rate limits: the throttle plugin waited already
      if (!serverSide || attempt >= retries) throw err;
      if (await landed(octokit, pr, params.body)) return;
      await new Promise((r) => setTimeout(r, base * (attempt + 1) ** 2));
      opts.signal?.throwIfAborted();
    }
  }
}

/** Whether a review with this body is on the pull request's head already. */
async function landed(octokit: GitHub, pr: PullInfo, body: string): Promise<boolean> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner: pr.owner, repo: pr.repo, pull_number: pr.number, per_page: 100 });
  return reviews.some((r) => r.commit_id === pr.headSha && r.body === body);
}

function continuationBody(from: number, to: number): string {
  return `rust-review, continued: comments ${from}–${to}.`;
}
