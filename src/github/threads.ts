/**
 * What earlier runs left on the pull request, read from review threads (GraphQL: thread ids and
 * resolution exist only there), and resolving the threads whose finding disappeared.
 */
import { pullScope, type MarkerSigner } from '../review/marker.js';
import { COMMENTS_PER_THREAD, MAX_RESOLUTIONS_PER_MUTATION, THREADS_PER_PAGE } from './limits.js';
import type { GitHub, PullRef } from './octokit.js';

/** Marks our "fixed in" replies, so a thread we resolved is told apart from one a human resolved. */
export const RESOLVED_MARKER = '<!-- rust-review:resolved -->';

export interface OurThread {
  id: string;
  fingerprint: string;
  path: string;
  isResolved: boolean;
  isOutdated: boolean;
  /** Resolved by a person (not by this App). */
  resolvedByHuman: boolean;
  /** Someone reacted 👎 to our comment or answered with 👎. */
  thumbsDown: boolean;
}

interface ThreadNode {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  resolvedBy: { login: string } | null;
  comments: { nodes: { body: string; author: { __typename: string; login: string } | null; reactions: { totalCount: number } }[] };
}

export const THREADS_QUERY = `query RustReviewThreads($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: ${THREADS_PER_PAGE}, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id isResolved isOutdated path
          resolvedBy { login }
          comments(first: ${COMMENTS_PER_THREAD}) {
            nodes { body author { __typename login } reactions(content: THUMBS_DOWN) { totalCount } }
          }
        }
      }
    }
  }
}`;

const THUMBS_DOWN_REPLY = /^\s*(👎|:-1:|:thumbsdown:)/;

/** Who the App is on GitHub, and the key of its markers: what tells our comments from anyone else's. */
export interface AppIdentity {
  /** The App's slug: its bot's login is `<slug>[bot]` (REST), `<slug>` (GraphQL). */
  slug: string;
  signer: MarkerSigner;
}

/** Whether a comment's author is this App's bot (not any bot: another App can post what it likes). */
export function isOurBot(author: { __typename?: string; login: string } | null | undefined, slug: string): boolean {
  if (!author || (author.__typename !== undefined && author.__typename !== 'Bot')) return false;
  const login = author.login.toLowerCase();
  return login === slug.toLowerCase() || login === `${slug.toLowerCase()}[bot]`;
}

/**
 * Our threads on the pull request: the first comment is by the App's own bot and ends with a marker
 * signed for this pull request. A marker anywhere else (code quoted in the comment, a suggestion, a
 * comment by a person or another bot) is not a fingerprint.
 */
export async function fetchOurThreads(octokit: GitHub, pr: PullRef, app: AppIdentity): Promise<OurThread[]> {
  const scope = pullScope(pr);
  const out: OurThread[] = [];
  let cursor: string | null = null;
  do {
    const data: { repository: { pullRequest: { reviewThreads: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ThreadNode[] } } | null } } =
      await octokit.graphql(THREADS_QUERY, { owner: pr.owner, name: pr.repo, number: pr.number, cursor });
    const threads = data.repository.pullRequest?.reviewThreads;
    if (!threads) break;
    for (const t of threads.nodes) {
      const [first, ...replies] = t.comments.nodes;
      if (!first || !isOurBot(first.author, app.slug)) continue;
      const fp = app.signer.read(scope, first.body);
      if (!fp) continue;
      const resolvedByUs = replies.some((c) => isOurBot(c.author, app.slug) && c.body.trimEnd().endsWith(RESOLVED_MARKER));
      out.push({
        id: t.id,
        fingerprint: fp,
        path: t.path,
        isResolved: t.isResolved,
        isOutdated: t.isOutdated,
        // A bot cannot be `resolvedBy` (a User), so a resolved thread with a person's login is a person's.
        resolvedByHuman: t.isResolved && !resolvedByUs && t.resolvedBy !== null,
        thumbsDown: first.reactions.totalCount > 0 || replies.some((c) => c.author?.__typename !== 'Bot' && THUMBS_DOWN_REPLY.test(c.body)),
      });
    }
    cursor = threads.pageInfo.hasNextPage ? threads.pageInfo.endCursor : null;
  } while (cursor);
  return out;
}

export function resolveMutation(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$t${i}: ID!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) =>
      `  r${i}: addPullRequestReviewThreadReply(input: { pullRequestReviewThreadId: $t${i}, body: $body }) { comment { id } }\n` +
      `  s${i}: resolveReviewThread(input: { threadId: $t${i} }) { thread { id isResolved } }`,
  ).join('\n');
  return `mutation RustReviewResolve($body: String!, ${vars}) {\n${fields}\n}`;
}

/** Replies "fixed in <sha>" and resolves each thread; several threads per request. */
export async function resolveThreads(octokit: GitHub, threadIds: string[], headSha: string): Promise<void> {
  const body = `Fixed in ${headSha.slice(0, 12)}: this finding is gone. ${RESOLVED_MARKER}`;
  for (let i = 0; i < threadIds.length; i += MAX_RESOLUTIONS_PER_MUTATION) {
    const chunk = threadIds.slice(i, i + MAX_RESOLUTIONS_PER_MUTATION);
    const variables: Record<string, string> = { body };
    chunk.forEach((id, j) => (variables[`t${j}`] = id));
    await octokit.graphql(resolveMutation(chunk.length), variables);
  }
}
