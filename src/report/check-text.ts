/**
 * Every title and summary the `rust-review` check run shows outside a finished review's own summary
 * (report/summary.ts): started, waiting for the model, skipped, superseded, interrupted, retrying,
 * failed, a broken config. Pure; `github/check-run.ts` writes them.
 */
import type { ConfigError } from '../config/load.js';

export interface CheckText {
  title: string;
  summary: string;
}

export function reviewingText(number: number, headSha: string): CheckText {
  return { title: 'rust-review: reviewing…', summary: `Reviewing pull request #${number} at ${headSha.slice(0, 12)}.` };
}

export const CLOSED_TEXT: CheckText = {
  title: 'rust-review: pull request closed',
  summary: 'The pull request was closed before its review could complete.',
};

export function skippedText(reason: string): CheckText {
  return { title: 'rust-review: skipped', summary: reason };
}

/** One wording (and one conclusion, `cancelled`) for every review replaced by a newer one. */
export const SUPERSEDED_TEXT: CheckText = {
  title: 'rust-review: superseded',
  summary: 'A newer review of this pull request replaced this one (a new push or command).',
};

export const INTERRUPTED_TEXT: CheckText = {
  title: 'rust-review: interrupted by a restart',
  summary: 'The App restarted while reviewing; the review resumes automatically.',
};

/** An orphan found at start-up on a head the pull request has moved past (completed with a Re-run button). */
export const ORPHAN_TEXT: CheckText = {
  title: 'rust-review: interrupted by a restart',
  summary: 'The App restarted while this review was running and the pull request has moved on. Press **Re-run review** to review this commit.',
};

export function retryingText(reason: string, at: Date, nextAttempt: number, attempts: number): CheckText {
  const when = at.toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    title: 'rust-review: GitHub is failing, retrying',
    summary: [`**GitHub failed during this review:** ${reason}`, '', `The review runs again at ${when} (attempt ${nextAttempt} of ${attempts}).`].join('\n'),
  };
}

export function failedText(reason: string, neutral: boolean): CheckText {
  return {
    title: 'rust-review: the review could not complete',
    summary: [
      `**The review could not complete:** ${reason}`,
      '',
      neutral ? 'This check is neutral (`review.on_error: neutral`), so it does not block merging.' : 'Nothing was reviewed, so this check does not pass. Press **Re-run review** to try again.',
    ].join('\n'),
  };
}

/**
 * A config that cannot be used. No Re-run button: running the same file again cannot help. The fix
 * is a commit to the base branch, and the next push or `/rust-review` reviews with it.
 */
export function configErrorText(err: Pick<ConfigError, 'file' | 'problems'>): CheckText {
  return {
    title: 'rust-review: the config file is invalid',
    summary: [
      `\`${err.file}\` could not be used, so nothing was reviewed:`,
      '',
      ...err.problems.map((p) => `- ${p.line ? `line ${p.line}: ` : ''}${p.key ? `\`${p.key}\`: ` : ''}${p.message}`),
      '',
      'The config is read from the pull request’s base branch (a pull request cannot change the gate that judges it). Fix the file there; the next push or a `/rust-review` comment reviews with the fixed file.',
    ].join('\n'),
  };
}

/** `llm.affects_conclusion: true`: the check stays in progress until the model has answered. */
export function waitingForLlmTitle(ruleTitle: string): string {
  return `${ruleTitle} · waiting for the LLM passes`;
}

export const WAITING_FOR_LLM_NOTE =
  'The rule findings are posted. This check waits for the LLM passes before it concludes, because the config sets `llm.affects_conclusion: true`; it concludes within `llm.timeout_seconds` whatever the model does.';
