/** The body of the App's pull request review: short, the check run holds the details. Pure. */
import type { ReviewResult } from '../review/result.js';
import { SEVERITIES } from '../review/finding.js';
import { SEVERITY_MARK } from './labels.js';
import { mdMessage } from './markdown.js';

export interface ReviewBodyInput {
  result: ReviewResult;
  /** New inline comments in this review (all requests together). */
  newComments: number;
  alreadyPosted: number;
  checkRunUrl?: string;
  headSha: string;
  /** The review of the LLM passes, posted after the rule review (its result holds only their findings). */
  llm?: boolean;
}

export function renderReviewBody(i: ReviewBodyInput): string {
  const r = i.result;
  const counts = SEVERITIES.map((s) => [s, r.inline.filter((f) => f.severity === s).length] as const)
    .filter(([, c]) => c)
    .map(([s, c]) => `${SEVERITY_MARK[s]} ${c} ${s}`)
    .join(' · ');
  const lines = [
    `**rust-review${i.llm ? ' LLM passes' : ''}** on ${i.headSha.slice(0, 12)}: ${counts || 'no findings'}.`,
    '',
    `${i.newComments} new inline comment${i.newComments === 1 ? '' : 's'}${i.alreadyPosted ? `; ${i.alreadyPosted} finding${i.alreadyPosted === 1 ? ' was' : 's were'} already commented on earlier pushes and ${i.alreadyPosted === 1 ? 'is' : 'are'} not repeated` : ''}.`,
    '',
    `${i.llm && !r.config.llm.affects_conclusion ? 'These findings do not change the check run’s conclusion (`llm.affects_conclusion: false`).' : mdMessage(r.conclusionReason)}${i.checkRunUrl ? ` Summary, findings outside the diff and skipped files: [check run](${i.checkRunUrl}).` : ''}`,
    '',
    '<sub>Commands: `/rust-review` (review again) · `/rust-review full` · `/rust-review explain <rule-id>` · `/rust-review help`</sub>',
  ];
  return lines.join('\n');
}
