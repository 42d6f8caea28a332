/**
 * Posts the planned comments as pull request reviews: at most 30 comments per request; the first
 * request carries the review body. `pulls.createReview` is all-or-nothing and a 422 does not say
 * which comment GitHub refused, so a refused batch is split in halves and retried until the good
 * comments have landed; the refused ones are returned for the summary.
 */
import { MAX_COMMENTS_PER_REVIEW } from './limits.js';
import { httpStatus, type GitHub, type PullInfo } from './octokit.js';
import type { PlannedComment } from './review-plan.js';

export interface PostOptions {
  body: string;
  event: 'COMMENT' | 'REQUEST_CHANGES';
  /** Checked before each request: a superseded review stops posting. */
  signal?: AbortSignal;
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
      await octokit.rest.pulls.createReview({
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.number,
        commit_id: pr.headSha,
        event: bodyPending ? opts.event : 'COMMENT',
        body: bodyPending ? opts.body : continuationBody(out.posted.length + 1, out.posted.length + batch.length),
        comments: batch.map((c) => c.comment),
      });
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

function continuationBody(from: number, to: number): string {
  return `rust-review, continued: comments ${from}–${to}.`;
}
