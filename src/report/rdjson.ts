/**
 * `--format rdjson`: reviewdog's Diagnostic Format (rdjson), for `reviewdog -f=rdjson`. One
 * DiagnosticResult; each finding a Diagnostic with its location (path and range), severity, code (rule
 * id and docs URL) and, when the rule knows the replacement, a suggestion over the finding's whole
 * lines (a range without columns is line-wise in rdjson). Pure.
 * Format: github.com/reviewdog/reviewdog proto/rdf/reviewdog.proto (jsonschema/DiagnosticResult.json).
 */
import type { Finding, Severity } from '../review/finding.js';
import type { ReviewResult } from '../review/result.js';
import { ruleDocsUrl } from './labels.js';

const SEVERITY: Record<Severity, 'ERROR' | 'WARNING' | 'INFO'> = { error: 'ERROR', warning: 'WARNING', info: 'INFO' };

export function renderRdjson(result: ReviewResult): string {
  return JSON.stringify(
    {
      source: { name: 'rust-review', url: 'https://github.com/rust-review/rust-review' },
      diagnostics: result.inline.map(diagnostic),
    },
    null,
    2,
  );
}

function diagnostic(f: Finding) {
  const end = f.endLine ?? f.line;
  // The docs link when there are docs to link to (PUBLIC_URL or RUST_REVIEW_DOCS_URL, see labels.ts).
  const url = f.source === 'rule' ? ruleDocsUrl(f.ruleId) : undefined;
  return {
    message: f.help ? `${f.message}\n${f.help}` : f.message,
    location: {
      path: f.path,
      range: {
        start: { line: f.line, ...(f.column ? { column: f.column } : {}) },
        ...(f.endColumn ? { end: { line: end, column: f.endColumn } } : end !== f.line ? { end: { line: end } } : {}),
      },
    },
    severity: SEVERITY[f.severity],
    code: { value: f.ruleId, ...(url ? { url } : {}) },
    ...(f.suggestion !== undefined ? { suggestions: [{ range: { start: { line: f.line }, end: { line: end } }, text: f.suggestion }] } : {}),
  };
}
