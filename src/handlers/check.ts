/**
 * Re-runs: `check_run.rerequested`, the "Re-run review" button (`check_run.requested_action`) and
 * `check_suite.rerequested`. Fork PRs' check events carry no `pull_requests`: the PR number is read
 * from our check run's `external_id`.
 */
import type { Context } from 'probot';
import { prNumberFromSuite } from '../github/conversation.js';
import { CHECK_NAME, RERUN_ACTION } from '../github/limits.js';
import type { HandlerDeps } from './deps.js';

export async function onCheckRun(context: Context<'check_run.rerequested' | 'check_run.requested_action'>, deps: HandlerDeps): Promise<void> {
  const { check_run: run, installation } = context.payload;
  if (!installation || run?.name !== CHECK_NAME) return;
  if (context.payload.action === 'requested_action' && context.payload.requested_action?.identifier !== RERUN_ACTION.identifier) return;
  const number = Number(run.external_id) || run.pull_requests?.[0]?.number;
  if (!number) {
    context.log.warn({ checkRun: run.id }, 'check run without a pull request number: not re-run');
    return;
  }
  const { owner, repo } = context.repo();
  await deps.enqueue({ installationId: installation.id, owner, repo, number, trigger: 'rerun', full: false, deliveryId: context.id });
}

export async function onCheckSuite(context: Context<'check_suite.rerequested'>, deps: HandlerDeps): Promise<void> {
  const { check_suite: suite, installation } = context.payload;
  if (!installation || !suite) return;
  const { owner, repo: name } = context.repo();
  const repo = { owner, repo: name };
  const listed = (suite.pull_requests ?? []).map((p) => p.number);
  const enqueue = (number: number) => deps.enqueue({ installationId: installation.id, ...repo, number, trigger: 'rerun', full: false, deliveryId: context.id });
  if (listed.length) {
    for (const number of listed) await enqueue(number);
    return;
  }
  deps.background(async () => {
    const number = await prNumberFromSuite(context.octokit, repo, suite.id, CHECK_NAME);
    if (number) await enqueue(number);
  });
}
