/** `pull_request` opened / reopened / synchronize / ready_for_review: queue a review of the head. */
import type { Context } from 'probot';
import { pullInfo } from '../github/octokit.js';
import type { HandlerDeps } from './deps.js';

export function onPullRequest(context: Context<'pull_request.opened' | 'pull_request.reopened' | 'pull_request.synchronize' | 'pull_request.ready_for_review'>, deps: HandlerDeps): void {
  const { pull_request: pr, installation } = context.payload;
  if (!installation) return;
  const { owner, repo: name } = context.repo();
  const repo = { owner, repo: name };
  deps.enqueue({
    installationId: installation.id,
    ...repo,
    number: pr.number,
    pull: pullInfo(repo, pr),
    trigger: 'pull_request',
    full: false,
    deliveryId: context.id,
  });
}
