/** The check run's summary (markdown), kept under GitHub's 65,535-character limit. Pure. */
import { ROLES, SEVERITIES, type Finding, type Role } from '../review/finding.js';
import type { MarkedFinding, ReviewResult } from '../review/result.js';
import { mdCode, mdMessage, mdText, mdUrlPath } from './markdown.js';
import { ROLE_TITLES, SEVERITY_MARK } from './labels.js';
import { withSameCause } from './same-cause.js';

export const GITHUB_TEXT_LIMIT = 65_535;

export interface SummaryOptions {
  /** Links findings to the PR's files (`https://github.com/o/r/blob/<sha>/`). */
  blobUrl?: string;
  /** Findings that could not be posted inline (422, over the comment cap). */
  notPosted?: Finding[];
  maxLength?: number;
}

export function summaryTitle(r: ReviewResult): string {
  const n = r.inline.length;
  if (r.conclusion === 'skipped') return 'rust-review: nothing to review';
  const counts = SEVERITIES.map((s) => [s, r.inline.filter((f) => f.severity === s).length] as const).filter(([, c]) => c);
  const detail = counts.length ? counts.map(([s, c]) => `${c} ${s}${c > 1 && s !== 'info' ? 's' : ''}`).join(', ') : 'no findings';
  return `rust-review: ${detail}${n && r.conclusion === 'success' ? ' (none blocking)' : ''}`;
}

/**
 * Rendered only as far as GitHub's limit reaches: `trimToLimit` cuts what follows, so the lines past
 * it (thousands of findings of a hostile pull request) are never rendered. The text is the same.
 */
export function renderSummary(r: ReviewResult, opts: SummaryOptions = {}): string {
  const limit = opts.maxLength ?? GITHUB_TEXT_LIMIT;
  const out = new BoundedLines(limit);
  out.push(`**${mdMessage(r.conclusionReason)}**`, '');
  out.push(countsTable(r.inline), '');
  for (const role of ROLES) {
    const mine = r.inline.filter((f) => f.role === role);
    out.push(`### ${ROLE_TITLES[role]}: ${mine.length ? `${mine.length} finding${mine.length > 1 ? 's' : ''}` : 'no findings'}`);
    out.pushEach(withSameCause(mine), (f) => findingLine(f, opts.blobUrl) + (f.sameCause?.length ? ` and ${f.sameCause.length} more of the same cause (listed in its comment)` : ''));
    out.push('');
  }
  if (opts.notPosted?.length) {
    out.push(`### Not posted inline (${opts.notPosted.length})`, '_GitHub refused these positions or the comment cap was reached:_');
    out.pushEach(opts.notPosted, (f) => findingLine(f, opts.blobUrl));
    out.push('');
  }
  if (r.alreadyPresent.length) {
    const n = r.alreadyPresent.length;
    out.push(
      `### Already present: ${n}`,
      `${n === 1 ? 'One finding' : `${n} findings`} on lines this change touched ${n === 1 ? 'was' : 'were'} already in the base (moved, reformatted or renamed code): not commented on, not counted for the conclusion.`,
      '<details><summary>List</summary>',
      '',
    );
    out.pushEach(r.alreadyPresent, (f) => findingLine(f, opts.blobUrl));
    out.push('</details>', '');
  }
  if (r.outsideFilter.length) {
    const byMark = countBy(r.outsideFilter, (f) => f.mark);
    out.push(
      `### Outside the diff filter (\`${r.config.filter}\`): ${r.outsideFilter.length}`,
      [...byMark].map(([m, c]) => `${c} ${MARK_TEXT[m as MarkedFinding['mark']]}`).join(', '),
      '<details><summary>List</summary>',
      '',
    );
    out.pushEach(r.outsideFilter, (f) => findingLine(f, opts.blobUrl));
    out.push('</details>', '');
  }
  if (r.coverage.length) {
    out.push('### Coverage of this change', '| function | file | test |', '|---|---|---|');
    out.pushEach(r.coverage, (c) => `| ${mdCode(c.name, { table: true })} | ${mdText(`${c.path}:${c.line}`)} | ${c.covered ? `✅ ${c.coveredBy ? mdCode(c.coveredBy, { table: true }) : 'covered'}` : '❌ no test mentions it'} |`);
    out.push('');
  }
  const blocking = r.skippedFiles.filter((s) => s.blocking);
  const skipped = r.skippedFiles.filter((s) => !s.blocking);
  const rows = (list: typeof r.skippedFiles) => {
    out.push('| file | reason |', '|---|---|');
    out.pushEach(list, (s) => `| ${mdCode(s.path, { table: true })} | ${mdMessage(s.reason, { table: true })} |`);
  };
  out.push('### Files', `${r.reviewedFiles.length} reviewed, ${blocking.length ? `${blocking.length} not reviewed, ` : ''}${skipped.length} skipped.`);
  if (blocking.length) {
    out.push('', `**Not reviewed (${blocking.length}):** the pull request kept ${blocking.length > 1 ? 'these files' : 'this file'} from review, so this check does not pass.`, '');
    rows(blocking);
    out.push('');
  }
  if (skipped.length) {
    out.push('<details><summary>Skipped files</summary>', '');
    rows(skipped);
    out.push('</details>');
  }
  out.push('');
  if (r.suppressed.length) {
    // Listed one by one: a suppression the pull request adds itself is visible to its reviewers.
    out.push(`**Suppressed:** ${r.suppressed.length} finding${r.suppressed.length > 1 ? 's' : ''} (by \`rust-review: allow\` comments or \`#[allow(clippy::..)]\`).`, '');
    out.push('<details><summary>Suppressed findings</summary>', '');
    out.pushEach(r.suppressed, (f) => findingLine(f, opts.blobUrl));
    out.push('</details>', '');
  }
  for (const n of [...historyNotes(r), ...r.notes]) out.push(`> ${mdMessage(n)}`, '');
  out.pushEach(r.ruleErrors, (e) => [`> Rule ${mdCode(e.ruleId)} failed on ${mdCode(e.path)} and was skipped there: ${mdText(e.error)}`, '']);
  out.push(`**LLM passes:** ${llmLine(r)}`, '', `<sub>Reviewed in ${(r.durationMs / 1000).toFixed(1)} s.</sub>`);
  return trimToLimit(out.text(), limit);
}

/** Lines joined by `\n` that stop growing once the text is longer than `limit`: what is cut is not rendered. */
class BoundedLines {
  private readonly lines: string[] = [];
  /** Length of the lines joined. */
  private length = -1;

  constructor(private readonly limit: number) {}

  push(...lines: string[]): void {
    for (const l of lines) {
      if (this.length > this.limit) return;
      this.lines.push(l);
      this.length += l.length + 1;
    }
  }

  /** `render` is called only while the text is within the limit. */
  pushEach<T>(items: Iterable<T>, render: (item: T) => string | string[]): void {
    for (const item of items) {
      if (this.length > this.limit) return;
      const lines = render(item);
      this.push(...(typeof lines === 'string' ? [lines] : lines));
    }
  }

  text(): string {
    return this.lines.join('\n');
  }
}

/** What a whole-tree review took as history rather than as part of the change. */
export function historyNotes(r: ReviewResult): string[] {
  const n = r.migrationsAsHistory;
  if (!n) return [];
  return [`${n} migration file${n === 1 ? ' was' : 's were'} treated as already-applied history (a whole-tree review): the deployment-safety migration rules judge only migrations new in a change.`];
}

const MARK_TEXT: Record<MarkedFinding['mark'], string> = {
  added: 'on added lines',
  context: 'on diff context lines',
  file: 'elsewhere in changed files',
  outside: 'outside the changed files',
};

function countsTable(findings: MarkedFinding[]): string {
  const rows = ['| specialist | 🛑 error | ⚠️ warning | ℹ️ info |', '|---|---:|---:|---:|'];
  for (const role of ROLES) {
    const mine = findings.filter((f) => f.role === role);
    rows.push(`| ${ROLE_TITLES[role]} | ${SEVERITIES.map((s) => mine.filter((f) => f.severity === s).length).join(' | ')} |`);
  }
  return rows.join('\n');
}

function findingLine(f: Finding, blobUrl?: string): string {
  const where = `${f.path}:${f.line}`;
  const link = blobUrl ? `[${mdText(where)}](${blobUrl}${mdUrlPath(f.path)}#L${f.line}${f.endLine ? `-L${f.endLine}` : ''})` : mdCode(where);
  return `- ${SEVERITY_MARK[f.severity]} ${link} ${mdMessage(f.message)} (${mdCode(f.ruleId)}${f.source === 'llm' ? ', LLM' : ''})`;
}

/** A repo path as a URL path: each segment escaped (spaces, `#`, `?`, `%`), the slashes kept. */
export function encodePath(path: string): string {
  return mdUrlPath(path);
}

function llmLine(r: ReviewResult): string {
  const l = r.llm;
  if (l.state === 'off') return l.reason ? mdMessage(l.reason) : 'off (no `ANTHROPIC_API_KEY`, or disabled in the config).';
  if (l.state === 'pending') return 'running: their findings follow as a review of their own, and this summary is updated when they finish.';
  if (l.state === 'unavailable') return `unavailable: ${l.reason ? mdMessage(l.reason) : 'the API did not answer'}; rule findings only.`;
  const tokens = `${l.inputTokens ?? 0} input tokens (${l.cachedTokens ?? 0} cached), ${l.outputTokens ?? 0} output tokens${l.costUsd !== undefined ? `, about $${l.costUsd.toFixed(3)}` : ''}`;
  const missed = l.filesNotReviewed?.length ? `; not reviewed by the LLM (budget): ${l.filesNotReviewed.map((p) => mdCode(p)).join(', ')}` : '';
  return `${l.state === 'partial' ? 'partly ran' : 'ran'}: ${tokens}${missed}${l.reason ? `; ${mdMessage(l.reason)}` : ''}.`;
}

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
}

/** Cuts on a line boundary and says so, so the check run is never refused for its length. */
export function trimToLimit(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = '\n\n_…trimmed to fit GitHub’s limit; run `rust-review review` locally for the full list._';
  const cut = text.lastIndexOf('\n', limit - note.length);
  return text.slice(0, cut > 0 ? cut : limit - note.length) + note;
}

export function rolesWithFindings(findings: Finding[]): Role[] {
  return ROLES.filter((r) => findings.some((f) => f.role === r));
}
