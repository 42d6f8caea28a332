/** `--format json`: the CLI contract (`findings` are the inline ones, one per root cause; the rest are counted). */
import type { ReviewResult } from '../review/result.js';
import { withSameCause, type WithSameCause } from './same-cause.js';

export function renderJson(result: ReviewResult): string {
  const { inline, alreadyPresent, migrationsAsHistory, outsideFilter, suppressed, reviewedFiles, skippedFiles, ruleErrors, coverage, notes, llm, conclusion, conclusionReason, durationMs } = result;
  const strip = ({ mark: _mark, snippet: _snippet, scope: _scope, rootCause: _rootCause, ...f }: WithSameCause<(typeof inline)[number]>) => f;
  return JSON.stringify(
    {
      // One entry per root cause, as the review comments: the other places are its `sameCause`.
      findings: withSameCause(inline).map(strip),
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
