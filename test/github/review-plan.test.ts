import { describe, expect, test } from 'vitest';
import { LineMap } from '../../src/diff/line-map.js';
import { parsePatch } from '../../src/diff/parse.js';
import type { FileDiff } from '../../src/diff/model.js';
import { configSchema } from '../../src/config/schema.js';
import { fingerprintAll, placeComment, planReview } from '../../src/github/review-plan.js';
import type { MarkedFinding, ReviewResult } from '../../src/review/result.js';
import type { OurThread } from '../../src/github/threads.js';

// Head lines 1-6 in hunk 1 (3, 4 added), head lines 20-24 in hunk 2 (22 added).
const patch = ['@@ -1,4 +1,6 @@', ' a', ' b', '+c', '+d', ' e', ' f', '@@ -18,4 +20,5 @@', ' p', ' q', '+r', ' s', ' t'].join('\n');
const file: FileDiff = { path: 'src/a.rs', status: 'modified', binary: false, hunks: parsePatch(patch) };
const map = LineMap.ofFile(file);

function finding(line: number, extra: Partial<MarkedFinding> = {}): MarkedFinding {
  return { ruleId: 'x/y', role: 'async', severity: 'warning', path: 'src/a.rs', line, message: `m${line}`, source: 'rule', mark: 'added', snippet: `s${line}`, ...extra };
}

describe('placeComment', () => {
  test('single line: line + side RIGHT, no start_line', () => {
    expect(placeComment(finding(3), 'fp', map)).toMatchObject({ path: 'src/a.rs', line: 3, side: 'RIGHT' });
    expect(placeComment(finding(3), 'fp', map)).not.toHaveProperty('start_line');
  });
  test('a range inside one hunk: start_line and line, suggestion kept', () => {
    const c = placeComment(finding(3, { endLine: 5, suggestion: 'X' }), 'fp', map)!;
    expect(c).toMatchObject({ start_line: 3, start_side: 'RIGHT', line: 5 });
    expect(c.body).toContain('```suggestion');
  });
  test('a range across hunks: first commentable line, no suggestion', () => {
    const c = placeComment(finding(5, { endLine: 21, suggestion: 'X' }), 'fp', map)!;
    expect(c).toMatchObject({ line: 5 });
    expect(c).not.toHaveProperty('start_line');
    expect(c.body).not.toContain('```suggestion');
  });
  test('outside the diff: nowhere', () => {
    expect(placeComment(finding(10), 'fp', map)).toBeUndefined();
    expect(placeComment(finding(3), 'fp', undefined)).toBeUndefined();
  });
});

describe('planReview', () => {
  const config = configSchema.parse({ limits: { max_comments: 2 } });
  const result = (inline: MarkedFinding[], extra: Partial<ReviewResult> = {}): ReviewResult => ({
    inline, alreadyPresent: [], migrationsAsHistory: 0, outsideFilter: [], suppressed: [], reviewedFiles: ['src/a.rs'], skippedFiles: [], ruleErrors: [], coverage: [], notes: [], llm: { state: 'off' }, conclusion: 'success', conclusionReason: '', config, durationMs: 1, ...extra,
  });
  const thread = (fingerprint: string, t: Partial<OurThread> = {}): OurThread => ({ id: `T-${fingerprint}`, fingerprint, path: 'src/a.rs', isResolved: false, isOutdated: false, resolvedByHuman: false, thumbsDown: false, ...t });

  test('dedupe, silence, cap, unplaceable, and resolution of vanished findings', () => {
    const fs = [finding(3), finding(4), finding(22), finding(10, { mark: 'file' }), finding(21)];
    const r = result(fs);
    const fp = fingerprintAll(r);
    const threads = [thread(fp.get(fs[0]!)!), thread(fp.get(fs[1]!)!, { isResolved: true, resolvedByHuman: true }), thread('gone'), thread('gone-elsewhere', { path: 'src/other.rs' })];
    const plan = planReview(r, [file], threads, { full: false, maxComments: 2 });
    expect(plan.alreadyPosted).toEqual([fs[0]]);
    expect(plan.silenced).toEqual([fs[1]]);
    expect(plan.comments.map((c) => c.finding)).toEqual([fs[2], fs[4]]);
    expect(plan.notPosted).toEqual([fs[3]]);
    // 'gone' was on a reviewed file; 'gone-elsewhere' is on a file no longer in the PR: both resolved.
    expect(plan.resolve.map((t) => t.id)).toEqual(['T-gone', 'T-gone-elsewhere']);
  });

  test('full reposts a finding whose thread is outdated; a rule error keeps its threads open', () => {
    const fs = [finding(3)];
    const r = result(fs, { ruleErrors: [{ ruleId: 'x/y', path: 'src/a.rs', error: 'boom' }] });
    const fp = fingerprintAll(r);
    const threads = [thread(fp.get(fs[0]!)!, { isOutdated: true }), thread('gone')];
    expect(planReview(r, [file], threads, { full: false, maxComments: 5 }).comments).toHaveLength(0);
    const full = planReview(r, [file], threads, { full: true, maxComments: 5 });
    expect(full.comments).toHaveLength(1);
    expect(full.resolve).toEqual([]);
  });

  test('a finding over the comment cap is listed as not posted without its comment being rendered', () => {
    // Thousands of findings (a hostile pull request): only the comments posted are rendered.
    const fs = Array.from({ length: 3000 }, (_, i) => finding(3 + (i % 2), { message: `m${i}`, snippet: `s${i}` }));
    const rendered: string[] = [];
    const plan = planReview(result(fs), [file], [], { full: false, maxComments: 5, marker: (fp) => (rendered.push(fp), fp) });
    expect(plan.comments).toHaveLength(5);
    expect(plan.notPosted).toHaveLength(2995);
    expect(rendered).toHaveLength(5);
  });
});
