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
import { GitHubTimeoutError, isTransient } from './resilience.js';
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
  /** Unique to this review run (the check run id): every review request's body ends with a marker made from it. */
  runKey?: string;
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
      const text = bodyPending ? opts.body : continuationBody(out.posted.length + 1, out.posted.length + batch.length);
      const body = opts.runKey ? `${text}\n${reviewMarker(opts.runKey, out.requests)}` : text;
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
      // GitHub may still be working on a request the client stopped waiting for: give it two more
      // timeout periods (at least the backoff) before looking whether the review landed.
      const timeout = err instanceof GitHubTimeoutError ? err : (err as { cause?: unknown })?.cause instanceof GitHubTimeoutError ? ((err as { cause: GitHubTimeoutError }).cause) : undefined;
      const timedOut = timeout ? 2 * timeout.timeoutMs : 0;
      await new Promise((r) => setTimeout(r, Math.max(base * (attempt + 1) ** 2, timedOut)));
      opts.signal?.throwIfAborted();
      if (await landed(octokit, pr, params.body)) return;
    }
  }
}

/** Whether this review request landed: a review on the head whose body ends with its marker (or, without one, equals it). */
async function landed(octokit: GitHub, pr: PullInfo, body: string): Promise<boolean> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner: pr.owner, repo: pr.repo, pull_number: pr.number, per_page: 100 });
  const marker = REVIEW_MARKER.exec(body)?.[0];
  return reviews.some((r) => r.commit_id === pr.headSha && (marker ? (r.body ?? '').trimEnd().endsWith(marker) : r.body === body));
}

const REVIEW_MARKER = /<!-- rust-review:review=[\w.-]+ -->$/;

/** Ends the body of one review request: what a retry looks for. */
export function reviewMarker(runKey: string, request: number): string {
  return `<!-- rust-review:review=${runKey.replace(/[^\w.-]/g, '')}.${request} -->`;
}

function continuationBody(from: number, to: number): string {
  return `rust-review, continued: comments ${from}–${to}.`;
}
