/**
 * `pull_request` opened / reopened / synchronize / ready_for_review, and `edited` when the base branch
 * changed (a new base means a new diff and a new config): queue a review of the current head.
 */
import type { Context } from 'probot';
import { pullInfo } from '../github/octokit.js';
import type { HandlerDeps } from './deps.js';

type PullRequestEvent = 'pull_request.opened' | 'pull_request.reopened' | 'pull_request.synchronize' | 'pull_request.ready_for_review' | 'pull_request.edited';

export function onPullRequest(context: Context<PullRequestEvent>, deps: HandlerDeps): Promise<void> | undefined {
  const { pull_request: pr, installation } = context.payload;
  if (context.payload.action === 'edited' && !(context.payload as { changes?: { base?: unknown } }).changes?.base) return undefined; // title or body only
  if (!installation || typeof pr?.number !== 'number' || !pr.head?.sha || !pr.base?.sha) {
    context.log.warn({ delivery: context.id }, 'pull_request delivery without an installation or a usable pull request: ignored');
    return undefined;
  }
  const { owner, repo: name } = context.repo();
  const repo = { owner, repo: name };
  return deps.enqueue({
    installationId: installation.id,
    ...repo,
    number: pr.number,
    pull: pullInfo(repo, pr),
    trigger: 'pull_request',
    full: false,
    deliveryId: context.id,
  });
}
