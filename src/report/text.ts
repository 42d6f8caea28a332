/** Terminal output: the code line with a caret underline, the message, the help, the rule id. */
import type { Finding, Severity } from '../review/finding.js';
import type { ReviewResult } from '../review/result.js';
import { withSameCause, type WithSameCause } from './same-cause.js';
import { historyNotes } from './summary.js';

export interface TextOptions {
  color: boolean;
  /** Head contents by path, for the code lines. */
  contents: ReadonlyMap<string, string>;
}

const COLORS: Record<Severity | 'dim' | 'bold' | 'reset', string> = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

export function renderText(result: ReviewResult, opts: TextOptions): string {
  const c = (k: keyof typeof COLORS, s: string) => (opts.color ? `${COLORS[k]}${s}${COLORS.reset}` : s);
  const out: string[] = [];
  for (const f of withSameCause(result.inline)) out.push(renderFinding(f, opts.contents.get(f.path), c), '');
  out.push(summaryLine(result, c));
  return out.join('\n') + '\n';
}

function renderFinding(f: WithSameCause<Finding>, content: string | undefined, c: (k: keyof typeof COLORS, s: string) => string): string {
  const lines = [`${c(f.severity, c('bold', f.severity))}${c('bold', `: ${f.message}`)}  ${c('dim', `[${f.ruleId}]`)}`];
  const gutter = String(f.endLine ?? f.line).length;
  lines.push(`${' '.repeat(gutter)}${c('dim', '-->')} ${f.path}:${f.line}${f.column ? `:${f.column}` : ''}`);
  const code = content?.split(/\r?\n/)[f.line - 1];
  if (code !== undefined) {
    const start = Math.max(0, (f.column ?? 1) - 1);
    const from = f.column ? start : Math.max(0, code.search(/\S/));
    const end = f.endColumn && (f.endLine ?? f.line) === f.line ? f.endColumn - 1 : code.trimEnd().length;
    const width = Math.max(1, end - from);
    // Tabs stay tabs in the padding, so the carets line up however the terminal expands them.
    const pad = code.slice(0, from).replace(/[^\t]/g, ' ');
    lines.push(`${' '.repeat(gutter)} ${c('dim', '|')}`);
    lines.push(`${c('dim', String(f.line).padStart(gutter))} ${c('dim', '|')} ${code}`);
    lines.push(`${' '.repeat(gutter)} ${c('dim', '|')} ${pad}${c(f.severity, '^'.repeat(width))}`);
  }
  if (f.sameCause?.length) lines.push(`${' '.repeat(gutter)} ${c('dim', '=')} same cause also at: ${f.sameCause.map((p) => `${p.path}:${p.line}`).join(', ')}`);
  if (f.help) lines.push(`${' '.repeat(gutter)} ${c('dim', '=')} help: ${f.help}`);
  if (f.suggestion !== undefined) lines.push(`${' '.repeat(gutter)} ${c('dim', '=')} suggestion${f.suggestionNeedsEdit ? ' (fill in the placeholder)' : ''}: ${f.suggestion.split('\n').join(`\n${' '.repeat(gutter + 15)}`)}`);
  return lines.join('\n');
}

function summaryLine(r: ReviewResult, c: (k: keyof typeof COLORS, s: string) => string): string {
  const count = (s: Severity) => r.inline.filter((f) => f.severity === s).length;
  const parts = [
    `${r.inline.length} finding${r.inline.length === 1 ? '' : 's'} (${c('error', `${count('error')} error`)}, ${c('warning', `${count('warning')} warning`)}, ${c('info', `${count('info')} info`)})`,
    `${r.reviewedFiles.length} file${r.reviewedFiles.length === 1 ? '' : 's'} reviewed`,
  ];
  if (r.skippedFiles.length) parts.push(`${r.skippedFiles.length} skipped`);
  if (r.alreadyPresent.length) parts.push(`${r.alreadyPresent.length} already present`);
  if (r.outsideFilter.length) parts.push(`${r.outsideFilter.length} outside the diff filter`);
  if (r.suppressed.length) parts.push(`${r.suppressed.length} suppressed`);
  if (r.baseline?.hidden) parts.push(`${r.baseline.hidden} hidden by the baseline`);
  const lines = [parts.join(', ') + ` in ${r.durationMs} ms`];
  for (const s of r.skippedFiles) lines.push(c('dim', `skipped ${s.path}: ${s.reason}`));
  for (const n of historyNotes(r)) lines.push(c('dim', `note: ${n}`));
  for (const n of r.notes) lines.push(c('dim', `note: ${n}`));
  if (r.baseline?.stale.length) {
    const n = r.baseline.stale.length;
    lines.push(c('dim', `baseline: ${n} entr${n === 1 ? 'y' : 'ies'} of ${r.baseline.file} no longer match${n === 1 ? 'es' : ''} a finding (fixed or moved); run \`rust-review baseline\` to shrink it:`));
    for (const e of r.baseline.stale.slice(0, 20)) lines.push(c('dim', `  ${e.path} [${e.rule}] ${e.message}`));
    if (n > 20) lines.push(c('dim', `  ... and ${n - 20} more`));
  }
  for (const e of r.ruleErrors) lines.push(c('warning', `rule ${e.ruleId} failed on ${e.path}: ${e.error}`));
  return lines.join('\n');
}
