/**
 * Grounding: the line number is the model's claim, the quote is the evidence. A finding whose quote is
 * on its added line stays; one whose quote is on another added line nearby moves there; anything else
 * (unknown path, context or deleted line, a quote that does not exist) is dropped.
 */
import type { FileView } from './diff-view.js';
import { stripHidden } from './untrusted.js';

/** How far (in lines) a finding may be moved to the line its quote is on. */
export const NEAR_LINES = 10;

export type Grounded = { line: number; moved: boolean } | { dropped: 'unknown path' | 'quote not on an added line nearby' | 'quote too short' };

const norm = (s: string): string => stripHidden(s).replace(/\s+/g, ' ').trim();

/** The first non-empty line of a quote, without a copied `12 +` / `+` prefix. */
export function normaliseQuote(quote: string): string {
  const first = quote.split('\n').map((l) => l.replace(/^\s*\d+\s+\+/, '').replace(/^\+/, '')).find((l) => l.trim()) ?? '';
  return norm(first);
}

export function ground(f: { path: string; line: number; quote: string }, views: ReadonlyMap<string, FileView>): Grounded {
  const view = views.get(f.path);
  if (!view) return { dropped: 'unknown path' };
  const q = normaliseQuote(f.quote);
  if (q.replace(/[\s{}();,]/g, '').length < 3) return { dropped: 'quote too short' };
  const on = (line: number): boolean => {
    const text = view.added.get(line);
    return text !== undefined && norm(text).includes(q);
  };
  if (on(f.line)) return { line: f.line, moved: false };
  for (let d = 1; d <= NEAR_LINES; d++) {
    if (on(f.line - d)) return { line: f.line - d, moved: true };
    if (on(f.line + d)) return { line: f.line + d, moved: true };
  }
  return { dropped: 'quote not on an added line nearby' };
}
