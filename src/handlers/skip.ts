/** Why a pull request is not reviewed, said on its check run. */
import type { Config } from '../config/schema.js';
import type { PullInfo } from '../github/octokit.js';

export type Trigger = 'pull_request' | 'command' | 'rerun';

/** A reason to skip, or null. An explicit `/rust-review` reviews drafts and bot PRs anyway. */
export function skipReason(pr: PullInfo, config: Config, trigger: Trigger): string | null {
  if (trigger === 'command') return null;
  if (pr.draft && !config.review.drafts) {
    return 'Draft pull request: it is reviewed when marked ready for review (or comment `/rust-review`; set `review.drafts: true` to review drafts automatically).';
  }
  if (isBot(pr.author) && config.review.skip_bots) {
    return `Opened by a bot (${pr.author.login}): skipped by \`review.skip_bots\` (comment \`/rust-review\` to review it anyway).`;
  }
  return null;
}

export function isBot(user: { login: string; type?: string }): boolean {
  return user.type === 'Bot' || /\[bot\]$/.test(user.login);
}
