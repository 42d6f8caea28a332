/**
 * Step 8's first half: a finding whose own line the change did not touch moves to the first of its
 * `alsoLines` that the change added (a reviewer comments where the PR changed the code: the new
 * `.await` under an old guard, the `begin()` of a transaction whose unchanged `Ok(..)` drops it).
 */
import type { LineMap } from '../diff/line-map.js';
import { lineOfText } from '../diff/line-set.js';
import { normaliseSnippet, type Finding } from './finding.js';

export function placeOnChange(finding: Finding, lines: LineMap | undefined, text: string | undefined): Finding {
  if (!lines || !finding.alsoLines?.length || lines.mark(finding.line, finding.endLine) === 'added') return finding;
  const to = finding.alsoLines.find((l) => lines.added.has(l));
  if (to === undefined) return finding;
  // Columns, the range and any suggestion belonged to the original line.
  const { endLine: _endLine, column: _column, endColumn: _endColumn, suggestion: _suggestion, ...rest } = finding;
  const code = text === undefined ? undefined : lineOfText(text, to);
  return { ...rest, line: to, alsoLines: [finding.line, ...finding.alsoLines.filter((l) => l !== to)], ...(code !== undefined ? { snippet: normaliseSnippet(code) } : {}) };
}
