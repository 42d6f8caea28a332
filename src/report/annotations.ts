/** Check run annotations for findings, within GitHub's field limits. Pure. */
import type { Finding, Severity } from '../review/finding.js';
import { ROLE_TITLES } from './labels.js';

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
  raw_details?: string;
}

const LEVEL: Record<Severity, Annotation['annotation_level']> = { error: 'failure', warning: 'warning', info: 'notice' };
const MAX_MESSAGE = 64 * 1024 - 1;
const MAX_TITLE = 255;

export function renderAnnotation(f: Finding): Annotation {
  const message = f.help ? `${f.message}\n\nFix: ${f.help}` : f.message;
  const a: Annotation = {
    path: f.path,
    start_line: f.line,
    end_line: f.endLine && f.endLine >= f.line ? f.endLine : f.line,
    annotation_level: LEVEL[f.severity],
    title: cut(`${f.ruleId} (${ROLE_TITLES[f.role]}${f.source === 'llm' ? ', LLM' : ''})`, MAX_TITLE),
    message: cut(message, MAX_MESSAGE),
  };
  if (f.suggestion !== undefined) a.raw_details = cut(`Suggested replacement:\n${f.suggestion}`, MAX_MESSAGE);
  return a;
}

/** Annotations for findings, most severe first, at most `max`. */
export function renderAnnotations(findings: readonly Finding[], max: number): { annotations: Annotation[]; omitted: number } {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const sorted = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
  return { annotations: sorted.slice(0, max).map(renderAnnotation), omitted: Math.max(0, sorted.length - max) };
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
