/** The Octokit every GitHub call goes through: Probot's (throttling, retry, pagination, REST methods). */
import type { ProbotOctokit } from 'probot';

export type GitHub = InstanceType<typeof ProbotOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRef extends RepoRef {
  number: number;
}

/** What a review needs to know about the pull request. */
export interface PullInfo extends PullRef {
  headSha: string;
  baseSha: string;
  baseRef: string;
  draft: boolean;
  state: 'open' | 'closed';
  author: { login: string; type: string };
  /** `pull_request.changed_files`, when known (over 3,000 files GitHub lists only the first 3,000). */
  changedFiles?: number;
  htmlUrl?: string;
  /** The title and description as the author wrote them (untrusted; the LLM passes see them as data). */
  title?: string;
  /** Capped at PULL_BODY_MAX characters: a job carries it, and the LLM passes use less. */
  body?: string;
}

/** The most of a pull request description a review job keeps (GitHub allows 65,536 characters). */
export const PULL_BODY_MAX = 8_000;

/** Status of a failed GitHub request, when it is one. */
export function httpStatus(err: unknown): number | undefined {
  const s = (err as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** Reads `pulls.get` into PullInfo (commands and re-runs carry no head sha). */
export async function getPull(octokit: GitHub, ref: PullRef): Promise<PullInfo> {
  const { data } = await octokit.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.number });
  return pullInfo(ref, data);
}

export function pullInfo(ref: RepoRef, pr: {
  number: number;
  head: { sha: string };
  base: { sha: string; ref: string };
  draft?: boolean;
  state: string;
  user: { login: string; type?: string } | null;
  changed_files?: number;
  html_url?: string;
  title?: string;
  body?: string | null;
}): PullInfo {
  return {
    owner: ref.owner,
    repo: ref.repo,
    number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref,
    draft: pr.draft ?? false,
    state: pr.state === 'closed' ? 'closed' : 'open',
    author: { login: pr.user?.login ?? 'ghost', type: pr.user?.type ?? 'User' },
    changedFiles: pr.changed_files,
    htmlUrl: pr.html_url,
    title: pr.title,
    body: pr.body ? pr.body.slice(0, PULL_BODY_MAX) : undefined,
  };
}
