/**
 * `issue_comment.created` on a pull request: `/rust-review`, `/rust-review full`,
 * `/rust-review explain <rule-id>`, `/rust-review help`. Bots (the App itself included) are ignored;
 * a review may be started by the PR author or someone with write access; others get one reply.
 */
import type { Context } from 'probot';
import { canWrite, reactEyes, reply } from '../github/conversation.js';
import { explainRule } from '../report/explain.js';
import { helpText, notAllowedText, parseCommand, unknownRuleText } from './commands.js';
import type { HandlerDeps } from './deps.js';
import { isBot } from './skip.js';

export function onIssueComment(context: Context<'issue_comment.created'>, deps: HandlerDeps): void {
  const { comment, issue, sender, installation } = context.payload;
  if (!issue?.pull_request || !installation || !comment || !sender) return;
  if (isBot(comment.user ?? { login: '' }) || isBot(sender) || comment.performed_via_github_app) return;
  const command = parseCommand(comment.body ?? '');
  if (!command) return;

  const octokit = context.octokit;
  const { owner, repo: name } = context.repo();
  const repo = { owner, repo: name };
  const pr = { ...repo, number: issue.number };
  const login = comment.user?.login ?? sender.login;
  deps.background(async () => {
    if (command.kind === 'help') {
      await reactEyes(octokit, repo, comment.id);
      await reply(octokit, pr, helpText(command.unknown));
      return;
    }
    if (command.kind === 'explain') {
      await reactEyes(octokit, repo, comment.id);
      await reply(octokit, pr, explainRule(command.ruleId) ?? unknownRuleText(command.ruleId));
      return;
    }
    const allowed = login === issue.user?.login || (await canWrite(octokit, repo, login));
    if (!allowed) {
      await reply(octokit, pr, notAllowedText(login));
      return;
    }
    await reactEyes(octokit, repo, comment.id);
    await deps.enqueue({ installationId: installation.id, ...pr, trigger: 'command', full: command.full, deliveryId: context.id });
  });
}
