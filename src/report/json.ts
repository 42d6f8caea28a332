/** `--format json`: the CLI contract (`findings` are the inline ones, every place; the rest are counted). */
import type { ReviewResult } from '../review/result.js';
import { markSameCause, type MarkedSameCause } from './same-cause.js';

export function renderJson(result: ReviewResult): string {
  const { inline, alreadyPresent, migrationsAsHistory, outsideFilter, suppressed, reviewedFiles, skippedFiles, ruleErrors, coverage, notes, llm, conclusion, conclusionReason, durationMs } = result;
  const strip = ({ mark: _mark, snippet: _snippet, scope: _scope, rootCause: _rootCause, mirrors: _mirrors, ...f }: MarkedSameCause<(typeof inline)[number]>) => f;
  return JSON.stringify(
    {
      // Every place (the CLI contract: a finding per place); one comment per root cause is shown by
      // `sameCause` on the kept finding and `sameCauseAs` on the places its comment lists.
      findings: markSameCause(inline).map(strip),
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
