/**
 * Which findings become review comments, where exactly, and which old threads get resolved. Pure:
 * every position is validated against the patch here, before anything is posted.
 *
 * GitHub's rules (../shared/reference/probot-github.md §3.1): `line` + `side: RIGHT` on an added or
 * context line of a hunk; `start_line` only when it differs from `line` and lies in the same hunk.
 */
import { LineMap } from '../diff/line-map.js';
import type { FileDiff } from '../diff/model.js';
import { renderComment } from '../report/comment.js';
import { foldSameCause, type WithSameCause } from '../report/same-cause.js';
import { compareFindings } from '../review/finding.js';
import { fingerprints } from '../review/fingerprint.js';
import type { MarkedFinding, ReviewResult } from '../review/result.js';
import { MAX_COMMENT_BODY } from './limits.js';
import type { OurThread } from './threads.js';

export interface ReviewComment {
  path: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
  body: string;
}

export interface PlannedComment {
  finding: MarkedFinding;
  fingerprint: string;
  comment: ReviewComment;
}

export interface ReviewPlan {
  /** New comments to post, in order. */
  comments: PlannedComment[];
  /** Already commented by an earlier run: not reposted. */
  alreadyPosted: MarkedFinding[];
  /** A person resolved or 👎'd this finding's thread: never raised again on this PR. */
  silenced: MarkedFinding[];
  /** No valid position in the diff, or over the comment cap: listed in the summary instead. */
  notPosted: MarkedFinding[];
  /** Our open threads whose finding is gone: resolved with a "fixed in" reply. */
  resolve: OurThread[];
}

export interface PlanOptions {
  /** `/rust-review full`: repost findings whose earlier comment is outdated (no longer on the diff). */
  full: boolean;
  maxComments: number;
  /** The marker token of a fingerprint as posted (signed by the App: `fp.mac`); default: the bare fingerprint. */
  marker?: (fingerprint: string) => string;
}

/**
 * Fingerprints of every finding of a result, computed over one sorted list so indices are stable.
 * Already-present findings count: their thread, if an earlier review posted one, is not "fixed".
 */
export function fingerprintAll(result: ReviewResult): Map<MarkedFinding, string> {
  const all = [...result.inline, ...result.alreadyPresent, ...result.outsideFilter].sort(compareFindings);
  const fps = fingerprints(all);
  return new Map(all.map((f, i) => [f, fps[i]!]));
}

export function planReview(result: ReviewResult, files: readonly FileDiff[], threads: readonly OurThread[], opts: PlanOptions): ReviewPlan {
  const fps = fingerprintAll(result);
  // Hunks computed from the blobs (GitHub omitted the patch) are not positions GitHub accepts.
  const lineMaps = new Map(files.filter((f) => !f.synthetic).map((f) => [f.path, LineMap.ofFile(f)]));
  const silencedFps = new Set(threads.filter((t) => t.resolvedByHuman || t.thumbsDown).map((t) => t.fingerprint));
  const presentFps = new Set(threads.filter((t) => !t.isResolved && !(opts.full && t.isOutdated)).map((t) => t.fingerprint));

  const plan: ReviewPlan = { comments: [], alreadyPosted: [], silenced: [], notPosted: [], resolve: [] };
  // Errors first: when the comment cap is reached, what blocks the merge is what gets commented.
  const rank = { error: 0, warning: 1, info: 2 } as const;
  // One comment per root cause: the places of the same cause are listed in it (report/same-cause.ts).
  for (const { finding: f, sameCause } of foldSameCause(result.inline).sort((a, b) => rank[a.finding.severity] - rank[b.finding.severity])) {
    const fp = fps.get(f)!;
    if (silencedFps.has(fp)) plan.silenced.push(f);
    else if (presentFps.has(fp)) plan.alreadyPosted.push(f);
    // Over the cap nothing more is posted: its body is not rendered (thousands of findings would block the event loop).
    else if (plan.comments.length >= opts.maxComments) plan.notPosted.push(f);
    else {
      const comment = placeComment(sameCause.length ? { ...f, sameCause } : f, opts.marker ? opts.marker(fp) : fp, lineMaps.get(f.path));
      if (!comment) plan.notPosted.push(f);
      else plan.comments.push({ finding: f, fingerprint: fp, comment });
    }
  }

  const current = new Set(fps.values());
  const changed = new Set(files.map((f) => f.path));
  const reviewed = new Set(result.reviewedFiles);
  const failed = new Set(result.ruleErrors.map((e) => e.path));
  plan.resolve = threads.filter(
    (t) => !t.isResolved && !current.has(t.fingerprint) && !failed.has(t.path) && (reviewed.has(t.path) || !changed.has(t.path)),
  );
  return plan;
}

/** The comment for a finding at a position GitHub accepts, or undefined when there is none. `fingerprint`: the marker token. */
export function placeComment(f: WithSameCause<MarkedFinding>, fingerprint: string, map: LineMap | undefined): ReviewComment | undefined {
  if (!map) return undefined;
  const end = f.endLine && f.endLine > f.line ? f.endLine : f.line;
  const hunk = map.hunkOf(f.line);
  const wholeRange = map.commentable(f.line) && map.commentable(end) && hunk !== undefined && hunk === map.hunkOf(end) && allCommentable(map, f.line, end);
  if (wholeRange) {
    const body = bodyFor(f, fingerprint);
    return end > f.line ? { path: f.path, start_line: f.line, start_side: 'RIGHT', line: end, side: 'RIGHT', body } : { path: f.path, line: f.line, side: 'RIGHT', body };
  }
  // The range does not fit one hunk: comment on its first commentable line, without a suggestion
  // (a suggestion replaces the whole range and would be wrong on part of it).
  for (let l = f.line; l <= end; l++) {
    if (map.commentable(l)) return { path: f.path, line: l, side: 'RIGHT', body: bodyFor({ ...f, suggestion: undefined }, fingerprint) };
  }
  return undefined;
}

function allCommentable(map: LineMap, from: number, to: number): boolean {
  for (let l = from; l <= to; l++) if (!map.commentable(l)) return false;
  return true;
}

function bodyFor(f: WithSameCause<MarkedFinding>, fingerprint: string): string {
  const body = renderComment(f, fingerprint);
  if (body.length <= MAX_COMMENT_BODY) return body;
  return renderComment({ ...f, suggestion: undefined, help: f.help?.slice(0, 2000), message: f.message.slice(0, 2000) }, fingerprint);
}
