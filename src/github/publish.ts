/**
 * Step 9 for the App: one review with the new inline comments (deduplicated against the PR's
 * threads), old threads resolved when their finding is gone, then the check run completed with the
 * summary, the annotations and the conclusion.
 */
import type { FileDiff } from '../diff/model.js';
import { renderAnnotations } from '../report/annotations.js';
import { renderReviewBody } from '../report/review-body.js';
import { renderSummary, summaryTitle } from '../report/summary.js';
import { pullScope, type MarkerSigner } from '../review/marker.js';
import type { ReviewResult } from '../review/result.js';
import type { CheckRun } from './check-run.js';
import { MAX_ANNOTATIONS_TOTAL } from './limits.js';
import type { GitHub, PullInfo } from './octokit.js';
import { postReview } from './review-reporter.js';
import { planReview } from './review-plan.js';
import { resolveThreads, type OurThread } from './threads.js';

export interface PublishInput {
  result: ReviewResult;
  files: FileDiff[];
  sourceNotes: string[];
  threads: Promise<OurThread[]>;
  full: boolean;
  signal?: AbortSignal;
  /** Backoff unit of review POST retries (default 1 s). */
  retryBaseMs?: number;
  /** Signs the fingerprint markers of new comments (src/review/marker.ts). */
  signer?: MarkerSigner;
}

export interface PublishOutcome {
  posted: number;
  notPosted: number;
  alreadyPosted: number;
  silenced: number;
  resolved: number;
}

export async function publishReview(octokit: GitHub, pr: PullInfo, check: CheckRun, input: PublishInput): Promise<PublishOutcome> {
  const { result } = input;
  const threads = await input.threads;
  const scope = pullScope(pr);
  const marker = input.signer ? (fp: string) => input.signer!.sign(scope, fp) : undefined;
  const plan = planReview(result, input.files, threads, { full: input.full, maxComments: result.config.limits.max_comments, marker });

  let refused: typeof plan.comments = [];
  let posted = 0;
  if (plan.comments.length) {
    const event = result.config.review.event === 'REQUEST_CHANGES' && result.conclusion === 'failure' ? 'REQUEST_CHANGES' : 'COMMENT';
    const body = renderReviewBody({ result, newComments: plan.comments.length, alreadyPosted: plan.alreadyPosted.length, checkRunUrl: check.htmlUrl, headSha: pr.headSha });
    const out = await postReview(octokit, pr, plan.comments, { body, event, signal: input.signal, retryBaseMs: input.retryBaseMs });
    refused = out.refused;
    posted = out.posted.length;
  }
  input.signal?.throwIfAborted();
  if (plan.resolve.length) await resolveThreads(octokit, plan.resolve.map((t) => t.id), pr.headSha);

  const notPosted = [...plan.notPosted, ...refused.map((c) => c.finding)];
  const notes = [...input.sourceNotes, ...result.notes];
  if (plan.alreadyPosted.length) notes.push(`${plan.alreadyPosted.length} finding${plan.alreadyPosted.length > 1 ? 's are' : ' is'} already commented on this pull request and ${plan.alreadyPosted.length > 1 ? 'were' : 'was'} not repeated.`);
  if (plan.silenced.length) notes.push(`${plan.silenced.length} finding${plan.silenced.length > 1 ? 's stay' : ' stays'} quiet: a reviewer resolved or 👎'd ${plan.silenced.length > 1 ? 'their threads' : 'its thread'} earlier.`);
  if (plan.resolve.length) notes.push(`${plan.resolve.length} earlier thread${plan.resolve.length > 1 ? 's were' : ' was'} resolved: the finding is gone in ${pr.headSha.slice(0, 12)}.`);
  if (refused.length) notes.push(`GitHub refused ${refused.length} comment position${refused.length > 1 ? 's' : ''}; ${refused.length > 1 ? 'they are' : 'it is'} listed under "Not posted inline".`);

  const { annotations, omitted } = renderAnnotations([...result.inline, ...result.outsideFilter], MAX_ANNOTATIONS_TOTAL);
  if (omitted) notes.push(`${omitted} more finding${omitted > 1 ? 's are' : ' is'} not shown as annotations (GitHub shows at most ${MAX_ANNOTATIONS_TOTAL} usefully); all are listed above.`);

  const summarised: ReviewResult = { ...result, notes };
  const blobUrl = pr.htmlUrl ? pr.htmlUrl.replace(/\/pull\/\d+$/, `/blob/${pr.headSha}/`) : undefined;
  await check.complete({
    conclusion: result.conclusion,
    title: summaryTitle(result),
    summary: renderSummary(summarised, { blobUrl, notPosted }),
    annotations,
  });
  return { posted, notPosted: notPosted.length, alreadyPosted: plan.alreadyPosted.length, silenced: plan.silenced.length, resolved: plan.resolve.length };
}
