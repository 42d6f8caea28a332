/** The pull request conversation: reactions, replies and who may start a review. */
import { MAX_COMMENT_BODY } from './limits.js';
import { httpStatus, type GitHub, type PullRef, type RepoRef } from './octokit.js';

export async function reactEyes(octokit: GitHub, repo: RepoRef, commentId: number): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({ owner: repo.owner, repo: repo.repo, comment_id: commentId, content: 'eyes' });
}

export async function reply(octokit: GitHub, pr: PullRef, body: string): Promise<void> {
  const text = body.length <= MAX_COMMENT_BODY ? body : `${body.slice(0, MAX_COMMENT_BODY - 20)}\n\n_…trimmed_`;
  await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body: text });
}

/** write, maintain or admin on the repository (GitHub maps maintain to write in `permission`). */
export async function canWrite(octokit: GitHub, repo: RepoRef, username: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: repo.owner, repo: repo.repo, username });
    return ['admin', 'maintain', 'write'].includes(data.permission) || ['admin', 'maintain', 'write'].includes(data.role_name ?? '');
  } catch (err) {
    if (httpStatus(err) === 404) return false; // not a collaborator
    throw err;
  }
}

/** The PR number kept in a check run's external_id by this App (fork PRs' check events have no pull_requests). */
export async function prNumberFromSuite(octokit: GitHub, repo: RepoRef, checkSuiteId: number, checkName: string): Promise<number | undefined> {
  const { data } = await octokit.rest.checks.listForSuite({ owner: repo.owner, repo: repo.repo, check_suite_id: checkSuiteId, check_name: checkName, per_page: 10 });
  for (const run of data.check_runs) {
    const n = Number(run.external_id);
    if (Number.isInteger(n) && n > 0) return n;
  }
  return undefined;
}
