/**
 * The check's conclusion from the inline findings: its own module, so that the CLI can decide it again
 * (after a baseline or --fix) without loading the pipeline and every rule.
 */
import type { Config } from '../config/schema.js';
import { atLeast } from './finding.js';
import type { Conclusion, MarkedFinding } from './result.js';
import type { SkippedFile } from './skip.js';
import { blockingReason } from './unreviewed.js';

export function decideConclusion(inline: MarkedFinding[], config: Config, reviewedCount: number, blocking: SkippedFile[] = []): { conclusion: Conclusion; reason: string } {
  // Code the pull request kept from review fails the check, whatever was found elsewhere.
  if (blocking.length && config.fail_on !== 'never') return { conclusion: 'failure', reason: blockingReason(blocking) };
  if (reviewedCount === 0) return { conclusion: 'skipped', reason: 'No Rust, SQL migration or Cargo file could be reviewed.' };
  const counts = inline.filter((f) => f.mark === 'added' && (f.source === 'rule' || config.llm.affects_conclusion) && atLeast(f.severity, config.fail_on));
  if (counts.length) {
    return { conclusion: 'failure', reason: `${counts.length} finding${counts.length > 1 ? 's' : ''} at or above \`${config.fail_on}\` on changed lines.` };
  }
  return { conclusion: 'success', reason: config.fail_on === 'never' ? 'Reported only (`fail_on: never`).' : `No finding at or above \`${config.fail_on}\` on changed lines.` };
}
