/** `--format json`: the CLI contract (`findings` are the inline ones; the rest are counted). */
import type { ReviewResult } from '../review/result.js';

export function renderJson(result: ReviewResult): string {
  const { inline, alreadyPresent, migrationsAsHistory, outsideFilter, suppressed, reviewedFiles, skippedFiles, ruleErrors, coverage, notes, llm, conclusion, conclusionReason, durationMs } = result;
  const strip = ({ mark: _mark, snippet: _snippet, scope: _scope, ...f }: (typeof inline)[number]) => f;
  return JSON.stringify(
    {
      findings: inline.map(strip),
      alreadyPresent: alreadyPresent.map((f) => ({ ...strip(f), mark: f.mark })),
      migrationsAsHistory,
      outsideFilter: outsideFilter.map((f) => ({ ...strip(f), mark: f.mark })),
      suppressed: suppressed.length,
      reviewedFiles,
      skippedFiles,
      ruleErrors,
      coverage,
      notes,
      llm,
      conclusion,
      conclusionReason,
      durationMs,
      ...(result.baseline ? { baseline: result.baseline } : {}),
    },
    null,
    2,
  );
}
