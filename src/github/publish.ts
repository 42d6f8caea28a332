/**
 * Step 9 for the App, in two stages so that the gate never waits for the model:
 *
 *  - `publishReview`: the rule review (new inline comments, deduplicated against the PR's threads),
 *    then the check run completed with the summary, the annotations and the conclusion. When LLM
 *    passes follow, old threads are left alone until they are in (a finding of theirs is not
 *    "fixed" yet), and with `llm.affects_conclusion` the check run stays in progress saying it waits.
 *  - `publishLlmReview`: the LLM findings the merge kept, as a review of their own (deduplicated the
 *    same way), old threads resolved against rule and LLM findings together, and the check run's
 *    summary amended (or, when it waited, completed).
 */
import type { FileDiff } from '../diff/model.js';
import { renderAnnotations } from '../report/annotations.js';
import { WAITING_FOR_LLM_NOTE, waitingForLlmTitle } from '../report/check-text.js';
import { renderReviewBody } from '../report/review-body.js';
import { renderSummary, summaryTitle } from '../report/summary.js';
import { pullScope, type MarkerSigner } from '../review/marker.js';
import type { MarkedFinding, ReviewResult } from '../review/result.js';
import type { CheckRun } from './check-run.js';
import { MAX_ANNOTATIONS_TOTAL } from './limits.js';
import type { GitHub, PullInfo } from './octokit.js';
import { postReview } from './review-reporter.js';
import { planReview, type ReviewPlan } from './review-plan.js';
import { resolveThreads, type OurThread } from './threads.js';
import { yieldToEventLoop } from '../util/event-loop.js';

interface CommonInput {
  files: FileDiff[];
  threads: Promise<OurThread[]>;
  full: boolean;
  signal?: AbortSignal;
  /** Backoff unit of review POST retries (default 1 s). */
  retryBaseMs?: number;
  /** Signs the fingerprint markers of new comments (src/review/marker.ts). */
  signer?: MarkerSigner;
}

export interface PublishInput extends CommonInput {
  result: ReviewResult;
  sourceNotes: string[];
  /** LLM passes run after this: `amend` the completed check run then, or `wait` (in progress) for them. */
  llmFollows?: 'amend' | 'wait';
}

/** What was published, and what the summary said: the LLM stage builds on it. */
export interface Published {
  result: ReviewResult;
  posted: number;
  notPosted: MarkedFinding[];
  alreadyPosted: number;
  silenced: number;
  resolved: number;
  /** Notes of the summary (limits, dedupe counts), kept when the summary is rendered again. */
  notes: string[];
  annotations: number;
  blobUrl?: string;
}

export async function publishReview(octokit: GitHub, pr: PullInfo, check: CheckRun, input: PublishInput): Promise<Published> {
  const { result } = input;
  const threads = await input.threads;
  const marker = markerOf(pr, input);
  const plan = planReview(result, input.files, threads, { full: input.full, maxComments: result.config.limits.max_comments, marker });
  await yieldToEventLoop();
  const event = result.config.review.event === 'REQUEST_CHANGES' && result.conclusion === 'failure' ? 'REQUEST_CHANGES' : 'COMMENT';
  const { posted, refused } = await post(octokit, pr, plan, event, (n) => renderReviewBody({ result, newComments: n, alreadyPosted: plan.alreadyPosted.length, checkRunUrl: check.htmlUrl, headSha: pr.headSha }), input, `${check.id}-${pr.headSha.slice(0, 12)}`);
  // With LLM passes to come, resolving now would call their earlier findings fixed.
  const resolve = input.llmFollows ? [] : plan.resolve;
  if (resolve.length) await resolveThreads(octokit, resolve.map((t) => t.id), pr.headSha);

  const notPosted = [...plan.notPosted, ...refused];
  const notes = [...input.sourceNotes, ...result.notes, ...planNotes(plan, resolve.length, refused.length, pr.headSha)];
  await yieldToEventLoop();
  const { annotations, omitted } = renderAnnotations([...result.inline, ...result.outsideFilter], MAX_ANNOTATIONS_TOTAL);
  if (omitted) notes.push(omittedNote(omitted));
  await yieldToEventLoop();
  const blobUrl = pr.htmlUrl ? pr.htmlUrl.replace(/\/pull\/\d+$/, `/blob/${pr.headSha}/`) : undefined;
  const summary = renderSummary({ ...result, notes }, { blobUrl, notPosted });
  if (input.llmFollows === 'wait') await check.note({ title: waitingForLlmTitle(summaryTitle(result)), summary: `${WAITING_FOR_LLM_NOTE}\n\n${summary}`, annotations });
  else await check.complete({ conclusion: result.conclusion, title: summaryTitle(result), summary, annotations });
  return { result, posted, notPosted, alreadyPosted: plan.alreadyPosted.length, silenced: plan.silenced.length, resolved: resolve.length, notes, annotations: annotations.length, blobUrl };
}

export interface LlmPublishInput extends CommonInput {
  /** The whole result: rule and LLM findings merged (rule beats LLM on the same line and role). */
  result: ReviewResult;
  gate: Published;
}

export async function publishLlmReview(octokit: GitHub, pr: PullInfo, check: CheckRun, input: LlmPublishInput): Promise<Published> {
  const { result, gate } = input;
  const threads = await input.threads;
  const llmOnly = (fs: MarkedFinding[]) => fs.filter((f) => f.source === 'llm');
  const ofModel: ReviewResult = { ...result, inline: llmOnly(result.inline), outsideFilter: llmOnly(result.outsideFilter) };
  const maxComments = Math.max(0, result.config.limits.max_comments - gate.posted);
  const marker = markerOf(pr, input);
  const plan = planReview(ofModel, input.files, threads, { full: input.full, maxComments, marker });
  await yieldToEventLoop();
  const affects = result.config.llm.affects_conclusion;
  const event = affects && result.config.review.event === 'REQUEST_CHANGES' && result.conclusion === 'failure' ? 'REQUEST_CHANGES' : 'COMMENT';
  const { posted, refused } = await post(octokit, pr, plan, event, (n) => renderReviewBody({ result: ofModel, newComments: n, alreadyPosted: plan.alreadyPosted.length, checkRunUrl: check.htmlUrl, headSha: pr.headSha, llm: true }), input, `${check.id}-${pr.headSha.slice(0, 12)}-llm`);
  // Now every current finding is known: threads whose finding is gone are resolved.
  const resolve = planReview(result, input.files, threads, { full: input.full, maxComments: 0, marker }).resolve;
  await yieldToEventLoop();
  if (resolve.length) await resolveThreads(octokit, resolve.map((t) => t.id), pr.headSha);

  const notPosted = [...gate.notPosted, ...plan.notPosted, ...refused];
  const notes = [...gate.notes, ...planNotes({ ...plan, resolve }, resolve.length, refused.length, pr.headSha).map((n) => `LLM passes: ${n}`)];
  const { annotations, omitted } = renderAnnotations([...ofModel.inline, ...ofModel.outsideFilter], Math.max(0, MAX_ANNOTATIONS_TOTAL - gate.annotations));
  if (omitted) notes.push(omittedNote(omitted));
  await yieldToEventLoop();
  const out = { title: summaryTitle(result), summary: renderSummary({ ...result, notes }, { blobUrl: gate.blobUrl, notPosted }), annotations };
  if (affects) await check.complete({ conclusion: result.conclusion, ...out });
  else await check.amend(out);
  return {
    result,
    posted: gate.posted + posted,
    notPosted,
    alreadyPosted: gate.alreadyPosted + plan.alreadyPosted.length,
    silenced: gate.silenced + plan.silenced.length,
    resolved: resolve.length,
    notes,
    annotations: gate.annotations + annotations.length,
    blobUrl: gate.blobUrl,
  };
}

/**
 * The LLM stage ended without findings to publish (superseded, interrupted, failed): the completed
 * check run's summary says so instead of "running".
 */
export async function amendWithLlmStatus(check: CheckRun, gate: Published, reason: string): Promise<void> {
  const result: ReviewResult = { ...gate.result, llm: { state: 'unavailable', reason }, notes: gate.notes };
  await check.amend({ title: summaryTitle(result), summary: renderSummary(result, { blobUrl: gate.blobUrl, notPosted: gate.notPosted }) });
}

/** `runKey`: unique to this check run and stage; review bodies end with a marker made from it (idempotent retries). */
async function post(octokit: GitHub, pr: PullInfo, plan: ReviewPlan, event: 'COMMENT' | 'REQUEST_CHANGES', body: (newComments: number) => string, input: CommonInput, runKey: string) {
  let refused: MarkedFinding[] = [];
  let posted = 0;
  if (plan.comments.length) {
    const out = await postReview(octokit, pr, plan.comments, { body: body(plan.comments.length), event, signal: input.signal, retryBaseMs: input.retryBaseMs, runKey });
    refused = out.refused.map((c) => c.finding);
    posted = out.posted.length;
  }
  input.signal?.throwIfAborted();
  return { posted, refused };
}

function markerOf(pr: PullInfo, input: CommonInput): ((fp: string) => string) | undefined {
  const scope = pullScope(pr);
  return input.signer ? (fp: string) => input.signer!.sign(scope, fp) : undefined;
}

function planNotes(plan: ReviewPlan, resolved: number, refused: number, headSha: string): string[] {
  const notes: string[] = [];
  const n = plan.alreadyPosted.length;
  if (n) notes.push(`${n} finding${n > 1 ? 's are' : ' is'} already commented on this pull request and ${n > 1 ? 'were' : 'was'} not repeated.`);
  if (plan.silenced.length) notes.push(`${plan.silenced.length} finding${plan.silenced.length > 1 ? 's stay' : ' stays'} quiet: a reviewer resolved or 👎'd ${plan.silenced.length > 1 ? 'their threads' : 'its thread'} earlier.`);
  if (resolved) notes.push(`${resolved} earlier thread${resolved > 1 ? 's were' : ' was'} resolved: the finding is gone in ${headSha.slice(0, 12)}.`);
  if (refused) notes.push(`GitHub refused ${refused} comment position${refused > 1 ? 's' : ''}; ${refused > 1 ? 'they are' : 'it is'} listed under "Not posted inline".`);
  return notes;
}

function omittedNote(omitted: number): string {
  return `${omitted} more finding${omitted > 1 ? 's are' : ' is'} not shown as annotations (GitHub shows at most ${MAX_ANNOTATIONS_TOTAL} usefully); all are listed above.`;
}
