/**
 * The GraphQL operations the App sends, answered from the fake's state. Operations are recognised by
 * name and their aliases read from the document; anything else gets GitHub's error shape.
 */
import { BOT_LOGIN, blobSha as gitBlobSha, isBinaryText, type FakeGitHub, type ReviewCommentState } from './server.js';

type Result = { status: number; data: unknown };

const err = (message: string): Result => ({ status: 200, data: { data: null, errors: [{ type: 'INVALID', message }] } });

export function handleGraphql(fake: FakeGitHub, body: { query?: string; variables?: Record<string, any> }): Result {
  const query = body?.query ?? '';
  const vars = body?.variables ?? {};
  const op = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
  const repo = vars.owner && vars.name ? fake.repos.get(`${vars.owner}/${vars.name}`.toLowerCase()) : undefined;

  if (op === 'RustReviewBlobs') {
    if (!repo) return err(`Could not resolve to a Repository with the name '${vars.owner}/${vars.name}'.`);
    const out: Record<string, unknown> = {};
    for (const m of query.matchAll(/(\w+):\s*object\(expression:\s*\$(\w+)\)/g)) {
      const [sha, ...rest] = String(vars[m[2]!] ?? '').split(':');
      const text = repo.commits.get(sha!)?.files.get(rest.join(':'));
      // GitHub gives no text for a blob git calls binary; the oid is the git blob sha (git.getBlob reads it).
      out[m[1]!] = text === undefined ? null : isBinaryText(text) ? { text: null, byteSize: Buffer.byteLength(text), isBinary: true, isTruncated: false, oid: gitBlobSha(text) } : { text, byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, oid: `blob-${sha}-${rest.join(':')}` };
    }
    return { status: 200, data: { data: { repository: out } } };
  }

  if (op === 'RustReviewConfig') {
    const read = (r: typeof repo, expression: string) => {
      if (!r) return null;
      const [ref, ...rest] = expression.split(':');
      const sha = ref === 'HEAD' ? r.branches.get(r.defaultBranch) : (r.branches.get(ref!) ?? ref);
      const text = r.commits.get(sha!)?.files.get(rest.join(':'));
      return { object: text === undefined ? null : { text } };
    };
    const org = fake.repos.get(`${vars.owner}/.github`.toLowerCase());
    const data = { own: read(repo, vars.own), org: read(org, vars.org) };
    const errors = [
      ...(repo ? [] : [{ type: 'NOT_FOUND', path: ['own'], message: `Could not resolve to a Repository with the name '${vars.owner}/${vars.name}'.` }]),
      ...(org ? [] : [{ type: 'NOT_FOUND', path: ['org'], message: `Could not resolve to a Repository with the name '${vars.owner}/.github'.` }]),
    ];
    return { status: 200, data: errors.length ? { data, errors } : { data } };
  }

  if (op === 'RustReviewThreads') {
    const pull = repo?.pulls.get(vars.number);
    if (!repo || !pull) return { status: 200, data: { data: { repository: repo ? { pullRequest: null } : null } } };
    const page = 100;
    const start = vars.cursor ? Number(vars.cursor) : 0;
    const slice = pull.threads.slice(start, start + page);
    const author = (c: ReviewCommentState) => (c.user.type === 'Bot' ? { __typename: 'Bot', login: c.user.login.replace(/\[bot\]$/, '') } : { __typename: 'User', login: c.user.login });
    return {
      status: 200,
      data: {
        data: {
          repository: {
            pullRequest: {
              reviewThreads: {
                pageInfo: { hasNextPage: start + page < pull.threads.length, endCursor: String(start + page) },
                nodes: slice.map((t) => ({
                  id: t.id,
                  isResolved: t.isResolved,
                  isOutdated: fake.isOutdated(repo, pull, t),
                  path: t.path,
                  resolvedBy: t.resolvedBy,
                  comments: { nodes: t.comments.slice(0, 20).map((c) => ({ body: c.body, author: author(c), reactions: { totalCount: c.reactions.filter((r) => r.content === '-1').length } })) },
                })),
              },
            },
          },
        },
      },
    };
  }

  if (op === 'RustReviewResolve') {
    const data: Record<string, unknown> = {};
    const threads = [...fake.repos.values()].flatMap((r) => [...r.pulls.values()].flatMap((p) => p.threads));
    for (const m of query.matchAll(/(\w+):\s*addPullRequestReviewThreadReply\(input:\s*\{\s*pullRequestReviewThreadId:\s*\$(\w+),\s*body:\s*\$(\w+)\s*\}\)/g)) {
      const t = threads.find((x) => x.id === vars[m[2]!]);
      if (!t) return err(`Could not resolve to a node with the global id of '${vars[m[2]!]}'`);
      const id = Math.floor(Math.random() * 1e9);
      t.comments.push({ id, nodeId: `PRRC_${id}`, threadId: t.id, body: vars[m[3]!], path: t.path, commitId: t.commitId, user: { login: BOT_LOGIN, type: 'Bot' }, reactions: [] });
      data[m[1]!] = { comment: { id: `PRRC_${id}` } };
    }
    for (const m of query.matchAll(/(\w+):\s*resolveReviewThread\(input:\s*\{\s*threadId:\s*\$(\w+)\s*\}\)/g)) {
      const t = threads.find((x) => x.id === vars[m[2]!]);
      if (!t) return err(`Could not resolve to a node with the global id of '${vars[m[2]!]}'`);
      t.isResolved = true;
      t.resolvedBy = null; // an App is not a User
      data[m[1]!] = { thread: { id: t.id, isResolved: true } };
    }
    return { status: 200, data: { data } };
  }

  return err(`the fake GitHub does not implement the operation ${op ?? '(anonymous)'}`);
}
