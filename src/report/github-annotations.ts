/**
 * `--format github`: GitHub Actions workflow commands (`::error file=..,line=..::message`), which
 * the runner turns into annotations on the pull request's files. Pure.
 * Escaping as the runner's toolkit does (@actions/core `command.ts`): in the message `%`, CR and LF;
 * in property values also `:` and `,`.
 */
import type { Severity } from '../review/finding.js';
import type { ReviewResult } from '../review/result.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderGithubAnnotations(result: ReviewResult): string {
  const lines = result.inline.map((f) => {
    const props: [string, string | number | undefined][] = [
      ['file', f.path],
      ['line', f.line],
      ['endLine', f.endLine],
      // A column range only means something on one line.
      ['col', f.endLine && f.endLine !== f.line ? undefined : f.column],
      ['endColumn', f.endLine && f.endLine !== f.line ? undefined : f.endColumn],
      ['title', `rust-review ${f.ruleId}`],
    ];
    const p = props.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
    const body = [f.message, f.help, f.suggestion !== undefined ? `Suggested replacement:\n${f.suggestion}` : undefined].filter((s) => s !== undefined).join('\n');
    return `::${COMMAND[f.severity]} ${p}::${escapeData(body)}`;
  });
  const n = result.inline.length;
  lines.push(`rust-review: ${n} finding${n === 1 ? '' : 's'}, ${result.reviewedFiles.length} file${result.reviewedFiles.length === 1 ? '' : 's'} reviewed${result.baseline?.hidden ? `, ${result.baseline.hidden} hidden by the baseline` : ''}`);
  return `${lines.join('\n')}\n`;
}
