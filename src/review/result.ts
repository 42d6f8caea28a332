/** What one review produced: findings as plain data plus everything the summary reports. */
import type { Config } from '../config/schema.js';
import type { LineMark } from '../diff/line-map.js';
import type { Finding } from './finding.js';
import type { SkippedFile } from './skip.js';
import type { BaselineOutcome } from './baseline-file.js';

export interface MarkedFinding extends Finding {
  /** Where it sits relative to the diff. */
  mark: LineMark;
}

/** One row of the summary's "coverage of this change" table (computed by the tests pass). */
export type { CoverageRow } from '../rules/tests/support/coverage.js';
import type { CoverageRow } from '../rules/tests/support/coverage.js';

export interface LlmStatus {
  /** `pending`: the rule result is published first; the LLM passes run after it (see review/pipeline.ts). */
  state: 'off' | 'pending' | 'ran' | 'unavailable' | 'partial';
  reason?: string;
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  costUsd?: number;
  filesNotReviewed?: string[];
}

export type Conclusion = 'success' | 'failure' | 'neutral' | 'skipped';

export interface ReviewResult {
  /** Findings reported inline under the configured filter mode, sorted. */
  inline: MarkedFinding[];
  /**
   * Findings on lines under the filter that the base already had (matched by fingerprint, not line):
   * a rustfmt run, a rename or a moved function. Counted in the summary, not posted, never blocking.
   */
  alreadyPresent: MarkedFinding[];
  /** Migration files a whole-tree review treated as applied history (not judged as new migrations). */
  migrationsAsHistory: number;
  /** Findings outside the filter mode (counted in the summary, never silently dropped). */
  outsideFilter: MarkedFinding[];
  suppressed: Finding[];
  reviewedFiles: string[];
  skippedFiles: SkippedFile[];
  ruleErrors: { ruleId: string; path: string; error: string }[];
  coverage: CoverageRow[];
  /** Notes for the summary: limits hit, a linter unavailable, ... */
  notes: string[];
  llm: LlmStatus;
  conclusion: Conclusion;
  /** Why the conclusion is what it is (one line). */
  conclusionReason: string;
  config: Config;
  durationMs: number;
  /** What a baseline file hid (the CLI's `review` with `.rust-review-baseline.json`). */
  baseline?: BaselineOutcome;
}
