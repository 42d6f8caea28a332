/**
 * A stateful fake GitHub (REST + the GraphQL operations the App uses) on node:http. Probot is pointed
 * at it with `baseUrl`, so real Probot and real Octokit code runs. It keeps repositories, commits,
 * pull requests (files and patches computed from base and head), reviews, review comments, threads,
 * reactions, check runs and issue comments; it rejects what GitHub rejects (a review comment outside
 * the diff or a start_line in another hunk: 422 for the whole review; 51 annotations, text over
 * 65,535 characters: 422 from the OpenAPI schema) and it can inject faults (a status for the first N
 * matching calls, latency). Every request is logged for counting.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { diffFiles, type FakeFileDiff } from './diff.js';
import { handleGraphql } from './graphql.js';
import { validateRequestBody } from './openapi.js';

export const APP_SLUG = 'rust-review';
export const BOT_LOGIN = `${APP_SLUG}[bot]`;

/** What git (and so GitHub) calls binary: a NUL byte in the first 8,000 bytes. */
export function isBinaryText(text: string): boolean {
  return text.slice(0, 8000).includes('\0');
}

export interface User {
  login: string;
  type: 'User' | 'Bot';
}

export interface Commit {
  sha: string;
  files: Map<string, string>;
  parent?: string;
}

export interface ReviewCommentState {
  id: number;
  nodeId: string;
  threadId: string;
  reviewId?: number;
  body: string;
  path: string;
  line?: number;
  startLine?: number;
  commitId: string;
  user: User;
  reactions: { content: string; user: User }[];
}

export interface ThreadState {
  id: string;
  path: string;
  line: number;
  commitId: string;
  comments: ReviewCommentState[];
  isResolved: boolean;
  resolvedBy: { login: string } | null;
}

export interface ReviewState {
  id: number;
  body: string;
  event: string;
  commitId: string;
  user: User;
  commentIds: number[];
}

export interface PullState {
  number: number;
  title: string;
  /** The description (null: none, as GitHub says). */
  body?: string | null;
  user: User;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  /** Owner of the head repository when the PR comes from a fork. */
  forkOwner?: string;
  draft: boolean;
  state: 'open' | 'closed';
  reviews: ReviewState[];
  threads: ThreadState[];
}

export interface CheckRunState {
  id: number;
  name: string;
  headSha: string;
  externalId?: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string };
  annotations: any[];
  actions: any[];
  checkSuiteId: number;
  updates: number;
  startedAt: string;
}

export interface IssueCommentState {
  id: number;
  issueNumber: number;
  body: string;
  user: User;
  reactions: { content: string; user: User }[];
}

export interface RepoState {
  owner: string;
  name: string;
  id: number;
  defaultBranch: string;
  branches: Map<string, string>;
  commits: Map<string, Commit>;
  pulls: Map<number, PullState>;
  checkRuns: CheckRunState[];
  issueComments: IssueCommentState[];
  collaborators: Map<string, 'admin' | 'maintain' | 'write' | 'triage' | 'read'>;
  installationId: number;
  pushedAt: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  /** GraphQL operation name. */
  operation?: string;
  body?: any;
  ms: number;
}

export interface Fault {
  method?: string;
  path?: RegExp;
  operation?: string;
  /** How many matching calls fail (then the fault is used up). */
  times: number;
  status: number;
  message?: string;
  /** Response headers (e.g. `retry-after`, `x-ratelimit-remaining`/`x-ratelimit-reset`). */
  headers?: Record<string, string>;
  /**
   * A hang. With `drop: true` the request is held this long, not handled, and its connection destroyed
   * (GitHub never answered). With `status: 0` the request is handled at once but its response held
   * this long (GitHub did the work; the client may have given up waiting).
   */
  hangMs?: number;
  drop?: boolean;
  /** GitHub is slow to start: the request is handled only after this long (the client may have given up and retried meanwhile). */
  lateMs?: number;
}

/** A 403 secondary rate limit as GitHub sends it. */
export function secondaryRateLimit(times: number, retryAfterSeconds = 1, where: Pick<Fault, 'method' | 'path' | 'operation'> = {}): Fault {
  return { ...where, times, status: 403, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.', headers: { 'retry-after': String(retryAfterSeconds) } };
}

/** A 403 primary rate limit (remaining 0, reset in `resetInSeconds`). */
export function primaryRateLimit(times: number, resetInSeconds = 1, where: Pick<Fault, 'method' | 'path' | 'operation'> = {}): Fault {
  return { ...where, times, status: 403, message: 'API rate limit exceeded for installation ID 1.', headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + resetInSeconds) } };
}

let nextId = 1000;
const newId = () => nextId++;

export function blobSha(text: string): string {
  const buf = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex');
}

export class FakeGitHub {
  readonly repos = new Map<string, RepoState>();
  readonly requests: LoggedRequest[] = [];
  readonly schemaViolations: { operation?: string; errors: string[] }[] = [];
  faults: Fault[] = [];
  /** Files whose patch `pulls.listFiles` omits, as GitHub does for large diffs (files with a NUL byte: always, git calls them binary). */
  omitPatch: (path: string) => boolean = () => false;
  latencyMs = 0;
  /** A hook to make GitHub refuse review comments the App thinks are valid (e.g. a file GitHub cannot resolve). */
  refuseComment: (c: { path: string; line?: number; body: string }) => boolean = () => false;
  url = '';
  readonly #server = http.createServer((req, res) => void this.#handle(req, res));
  readonly #suites = new Map<string, number>();

  async start(): Promise<string> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }

  // ---- test set-up helpers ----

  addRepo(owner: string, name: string, files: Record<string, string> = {}): RepoState {
    const repo: RepoState = { owner, name, id: newId(), defaultBranch: 'main', branches: new Map(), commits: new Map(), pulls: new Map(), checkRuns: [], issueComments: [], collaborators: new Map(), installationId: 1, pushedAt: new Date().toISOString() };
    this.repos.set(`${owner}/${name}`.toLowerCase(), repo);
    repo.branches.set('main', this.commit(repo, undefined, files));
    return repo;
  }

  repo(owner: string, name: string): RepoState {
    const r = this.repos.get(`${owner}/${name}`.toLowerCase());
    if (!r) throw new Error(`no repo ${owner}/${name}`);
    return r;
  }

  /** A new commit on top of `parent` (undefined values delete files); returns its sha. */
  commit(repo: RepoState, parent: string | undefined, changes: Record<string, string | undefined>): string {
    const files = new Map(parent ? repo.commits.get(parent)!.files : []);
    for (const [p, t] of Object.entries(changes)) {
      if (t === undefined) files.delete(p);
      else files.set(p, t);
    }
    const sha = createHash('sha1').update(`commit ${newId()} ${parent ?? ''}`).digest('hex');
    repo.commits.set(sha, { sha, files, parent });
    return sha;
  }

  openPull(repo: RepoState, opts: { changes: Record<string, string | undefined>; user?: User; draft?: boolean; forkOwner?: string; base?: string; title?: string; body?: string | null }): PullState {
    const baseRef = opts.base ?? repo.defaultBranch;
    const baseSha = repo.branches.get(baseRef)!;
    const number = repo.pulls.size + 1;
    const pull: PullState = {
      number,
      title: opts.title ?? `PR ${number}`,
      body: opts.body ?? null,
      user: opts.user ?? { login: 'alice', type: 'User' },
      baseRef,
      baseSha,
      headRef: `feature-${number}`,
      headSha: this.commit(repo, baseSha, opts.changes),
      forkOwner: opts.forkOwner,
      draft: opts.draft ?? false,
      state: 'open',
      reviews: [],
      threads: [],
    };
    repo.pulls.set(number, pull);
    return pull;
  }

  push(repo: RepoState, pull: PullState, changes: Record<string, string | undefined>): string {
    pull.headSha = this.commit(repo, pull.headSha, changes);
    return pull.headSha;
  }

  /** The PR's files as GitHub lists them, with patches. */
  pullFiles(repo: RepoState, pull: PullState): { path: string; status: string; diff: FakeFileDiff; sha: string | null }[] {
    const base = repo.commits.get(pull.baseSha)!.files;
    const head = repo.commits.get(pull.headSha)!.files;
    const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
    const out = [];
    for (const p of paths) {
      const b = base.get(p);
      const h = head.get(p);
      if (b === h) continue;
      out.push({ path: p, status: b === undefined ? 'added' : h === undefined ? 'removed' : 'modified', diff: diffFiles(b, h), sha: h === undefined ? null : blobSha(h) });
    }
    return out;
  }

  allReviewComments(pull: PullState): ReviewCommentState[] {
    return pull.threads.flatMap((t) => t.comments);
  }

  /** A person resolves a thread in the UI. */
  resolveThreadAs(pull: PullState, threadId: string, login: string): void {
    const t = pull.threads.find((x) => x.id === threadId)!;
    t.isResolved = true;
    t.resolvedBy = { login };
  }

  isOutdated(repo: RepoState, pull: PullState, t: ThreadState): boolean {
    if (t.commitId === pull.headSha) return false;
    const then = repo.commits.get(t.commitId)?.files.get(t.path)?.split('\n')[t.line - 1];
    const now = repo.commits.get(pull.headSha)?.files.get(t.path)?.split('\n')[t.line - 1];
    const inDiff = this.pullFiles(repo, pull).find((f) => f.path === t.path)?.diff.hunks.some((h) => h.rightLines.has(t.line));
    return then !== now || !inDiff;
  }

  /** Requests to GitHub beyond the installation-token exchange. */
  apiRequests(): LoggedRequest[] {
    return this.requests.filter((r) => !/^\/app\/installations\/\d+\/access_tokens$/.test(r.path));
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  // ---- HTTP ----

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/api\/v3/, '').replace(/^\/api\/graphql$/, '/graphql'); // GHE: /api/v3 for REST, /api/graphql
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const method = req.method ?? 'GET';
    const operation = path === '/graphql' ? /^\s*(?:query|mutation)\s+(\w+)/.exec(body?.query ?? '')?.[1] : undefined;
    const entry: LoggedRequest = { method, path, query: url.search, status: 0, operation, body, ms: 0 };
    this.requests.push(entry);
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));

    let send = (status: number, data?: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      entry.ms = Date.now() - started;
      const text = data === undefined ? '' : typeof data === 'string' ? data : JSON.stringify(data);
      res.writeHead(status, { 'content-type': typeof data === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...headers });
      res.end(text);
    };

    const fault = this.faults.find((f) => f.times > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)) && (!f.operation || f.operation === operation));
    let holdResponse = 0;
    if (fault) {
      fault.times--;
      if (fault.hangMs && fault.drop) {
        // GitHub never answers (and does nothing): the connection is dropped after the hang.
        await Promise.race([new Promise((r) => setTimeout(r, fault.hangMs)), new Promise<void>((r) => res.once('close', () => r()))]);
        entry.status = -1;
        if (!res.destroyed) res.destroy();
        return;
      }
      if (fault.lateMs) await new Promise((r) => setTimeout(r, fault.lateMs)); // then does the work, whoever still listens
      if (fault.lateMs && !fault.status) {
        // handled below
      } else if (fault.hangMs && !fault.status) holdResponse = fault.hangMs; // does the work, answers late (or never, if the client gave up)
      else return send(fault.status, { message: fault.message ?? 'Server Error', documentation_url: 'https://docs.github.com/rest' }, fault.headers);
    }
    if (holdResponse) {
      const realSend = send;
      send = (status, data, headers) => {
        entry.status = status;
        const t = setTimeout(() => {
          if (!res.destroyed) realSend(status, data, headers);
        }, holdResponse);
        res.once('close', () => clearTimeout(t));
      };
    }
    const violations = validateRequestBody(method, path, body);
    if (violations.errors.length) {
      this.schemaViolations.push(violations);
      return send(422, { message: 'Invalid request.', errors: violations.errors, documentation_url: 'https://docs.github.com/rest' });
    }
    try {
      const origin = `http://${req.headers.host}`;
      const out = await this.#route(method, path, url.searchParams, body, req.headers, origin);
      send(out.status, out.data, out.headers);
    } catch (err) {
      send(500, { message: `fake GitHub error: ${(err as Error).stack}` });
    }
  }

  async #route(method: string, path: string, q: URLSearchParams, body: any, headers: http.IncomingHttpHeaders, origin: string): Promise<{ status: number; data?: unknown; headers?: Record<string, string> }> {
    let m: RegExpMatchArray | null;
    const notFound = { status: 404, data: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
    const unprocessable = (message: string, errors: unknown[] = []) => ({ status: 422, data: { message, errors, documentation_url: 'https://docs.github.com/rest', status: '422' } });

    if (method === 'POST' && (m = path.match(/^\/app\/installations\/(\d+)\/access_tokens$/))) {
      return { status: 201, data: { token: `ghs_fake_${m[1]}`, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: { checks: 'write', pull_requests: 'write', contents: 'read', issues: 'write', metadata: 'read' }, repository_selection: 'all' } };
    }
    if (method === 'POST' && path === '/graphql') return handleGraphql(this, body);
    if (method === 'GET' && path === '/app') {
      return { status: 200, data: { id: 1, slug: APP_SLUG, name: 'rust-review', owner: { login: 'acme', type: 'Organization' }, permissions: {}, events: [] } };
    }
    if (method === 'GET' && path === '/app/installations') {
      const ids = [...new Set([...this.repos.values()].map((r) => r.installationId))].sort((a, b) => a - b);
      return { status: 200, data: ids.map((id) => ({ id, account: { login: 'acme', type: 'Organization' }, app_id: 1, app_slug: APP_SLUG, target_type: 'Organization', suspended_at: null, permissions: {}, events: [] })) };
    }
    if (method === 'GET' && path === '/installation/repositories') {
      const id = Number(/ghs_fake_(\d+)/.exec(String(headers.authorization ?? ''))?.[1]);
      const repos = [...this.repos.values()].filter((r) => r.installationId === id);
      return { status: 200, data: { total_count: repos.length, repositories: repos.map((r) => ({ id: r.id, name: r.name, full_name: `${r.owner}/${r.name}`, owner: { login: r.owner, type: 'Organization' }, archived: false, pushed_at: r.pushedAt, private: false })) } };
    }

    if (!(m = path.match(/^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/))) return notFound;
    const repo = this.repos.get(`${m[1]}/${m[2]}`.toLowerCase());
    if (!repo) return notFound;
    const rest = m[3] ?? '';

    if (method === 'GET' && (m = rest.match(/^\/contents\/(.+)$/))) {
      const p = decodeURIComponent(m[1]!);
      const ref = q.get('ref') ?? repo.defaultBranch;
      const sha = repo.branches.get(ref) ?? (repo.commits.has(ref) ? ref : undefined);
      const text = sha ? repo.commits.get(sha)!.files.get(p) : undefined;
      if (text === undefined) return notFound;
      if (String(headers.accept ?? '').includes('raw')) return { status: 200, data: text };
      return { status: 200, data: { type: 'file', path: p, name: p.split('/').pop(), sha: blobSha(text), size: Buffer.byteLength(text), encoding: 'base64', content: Buffer.from(text).toString('base64') } };
    }
    if (method === 'GET' && (m = rest.match(/^\/git\/trees\/([0-9a-f]+)$/))) {
      const commit = repo.commits.get(m[1]!);
      if (!commit) return notFound;
      const tree = [...commit.files.entries()].map(([p, t]) => ({ path: p, mode: '100644', type: 'blob', sha: blobSha(t), size: Buffer.byteLength(t) }));
      return { status: 200, data: { sha: m[1], url: `${origin}/repos/${repo.owner}/${repo.name}/git/trees/${m[1]}`, tree, truncated: false } };
    }
    if (method === 'GET' && (m = rest.match(/^\/git\/blobs\/([0-9a-f]+)$/))) {
      for (const c of repo.commits.values()) for (const t of c.files.values()) if (blobSha(t) === m[1]) return { status: 200, data: { sha: m[1], size: Buffer.byteLength(t), encoding: 'base64', content: Buffer.from(t).toString('base64') } };
      return notFound;
    }
    if (method === 'GET' && rest === '/pulls') {
      const state = q.get('state') ?? 'open';
      const perPage = Math.min(100, Number(q.get('per_page') ?? 30));
      const pulls = [...repo.pulls.values()].filter((p) => state === 'all' || p.state === state).reverse().slice(0, perPage);
      return { status: 200, data: pulls.map((p) => this.pullJson(repo, p)) };
    }
    if (method === 'GET' && (m = rest.match(/^\/commits\/([^/]+)\/check-runs$/))) {
      const runs = repo.checkRuns.filter((r) => r.headSha === m![1] && (!q.get('check_name') || r.name === q.get('check_name')) && (!q.get('status') || r.status === q.get('status')));
      return { status: 200, data: { total_count: runs.length, check_runs: runs.map((r) => this.checkRunJson(repo, r)) } };
    }
    if ((m = rest.match(/^\/pulls\/(\d+)(\/.*)?$/))) {
      const pull = repo.pulls.get(Number(m[1]));
      if (!pull) return notFound;
      const sub = m[2] ?? '';
      if (method === 'GET' && sub === '') return { status: 200, data: this.pullJson(repo, pull) };
      if (method === 'GET' && sub === '/commits') {
        // The pull request's commits, oldest first: from the head back to the base.
        const chain: string[] = [];
        for (let sha: string | undefined = pull.headSha; sha && sha !== pull.baseSha && chain.length < 250; sha = repo.commits.get(sha)?.parent) chain.unshift(sha);
        const perPage = Math.min(100, Number(q.get('per_page') ?? 30));
        return { status: 200, data: chain.slice(0, perPage).map((sha) => ({ sha, commit: { message: 'commit', author: { name: 'alice', email: 'a@example.com', date: new Date().toISOString() } }, parents: [] })) };
      }
      if (method === 'GET' && sub === '/files') {
        const all = this.pullFiles(repo, pull).slice(0, 3000);
        const headText = (path: string) => repo.commits.get(pull.headSha)!.files.get(path);
        const perPage = Math.min(100, Number(q.get('per_page') ?? 30));
        const page = Number(q.get('page') ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const lastPage = Math.max(1, Math.ceil(all.length / perPage));
        const link: string[] = [];
        const at = (p: number) => `<${origin}/repos/${repo.owner}/${repo.name}/pulls/${pull.number}/files?per_page=${perPage}&page=${p}>`;
        if (page < lastPage) link.push(`${at(page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`);
        const data = slice.map((f) => ({
          sha: f.sha,
          filename: f.path,
          status: f.status,
          additions: f.diff.additions,
          deletions: f.diff.deletions,
          changes: f.diff.additions + f.diff.deletions,
          blob_url: `https://github.com/${repo.owner}/${repo.name}/blob/${pull.headSha}/${f.path}`,
          raw_url: `https://github.com/${repo.owner}/${repo.name}/raw/${pull.headSha}/${f.path}`,
          contents_url: `${origin}/repos/${repo.owner}/${repo.name}/contents/${encodeURIComponent(f.path)}?ref=${pull.headSha}`,
          ...(f.diff.patch && !this.omitPatch(f.path) && !isBinaryText(headText(f.path) ?? '') ? { patch: f.diff.patch } : {}),
        }));
        return { status: 200, data, headers: link.length ? { link: link.join(', ') } : {} };
      }
      if (method === 'POST' && sub === '/reviews') return this.#createReview(repo, pull, body, unprocessable);
      if (method === 'GET' && sub === '/reviews') {
        const perPage = Math.min(100, Number(q.get('per_page') ?? 30));
        const page = Number(q.get('page') ?? 1);
        const data = pull.reviews.slice((page - 1) * perPage, page * perPage).map((r) => ({ id: r.id, body: r.body, state: r.event === 'COMMENT' ? 'COMMENTED' : r.event, commit_id: r.commitId, user: { login: r.user.login, type: r.user.type } }));
        return { status: 200, data };
      }
      return notFound;
    }
    if (method === 'POST' && rest === '/check-runs') {
      if (body.status === 'completed' && !body.conclusion) return unprocessable('Invalid request.', ['conclusion is required when status is completed']);
      const run: CheckRunState = {
        id: newId(),
        name: body.name,
        headSha: body.head_sha,
        externalId: body.external_id,
        status: body.conclusion ? 'completed' : (body.status ?? 'queued'),
        conclusion: body.conclusion ?? null,
        output: { title: body.output?.title, summary: body.output?.summary, text: body.output?.text },
        annotations: [...(body.output?.annotations ?? [])],
        actions: body.actions ?? [],
        checkSuiteId: this.#suiteFor(repo, body.head_sha),
        updates: 0,
        startedAt: body.started_at ?? new Date().toISOString(),
      };
      repo.checkRuns.push(run);
      return { status: 201, data: this.checkRunJson(repo, run) };
    }
    if (method === 'PATCH' && (m = rest.match(/^\/check-runs\/(\d+)$/))) {
      const run = repo.checkRuns.find((r) => r.id === Number(m![1]));
      if (!run) return notFound;
      if (body.status === 'completed' && !body.conclusion) return unprocessable('Invalid request.', ['conclusion is required when status is completed']);
      run.updates++;
      if (body.conclusion) {
        run.status = 'completed';
        run.conclusion = body.conclusion;
      } else if (body.status) run.status = body.status;
      if (body.output) {
        run.output = { title: body.output.title, summary: body.output.summary, text: body.output.text };
        run.annotations.push(...(body.output.annotations ?? []));
      }
      if (body.actions) run.actions = body.actions;
      return { status: 200, data: this.checkRunJson(repo, run) };
    }
    if (method === 'GET' && (m = rest.match(/^\/check-suites\/(\d+)\/check-runs$/))) {
      const runs = repo.checkRuns.filter((r) => r.checkSuiteId === Number(m![1]) && (!q.get('check_name') || r.name === q.get('check_name')));
      return { status: 200, data: { total_count: runs.length, check_runs: runs.map((r) => this.checkRunJson(repo, r)) } };
    }
    if (method === 'GET' && (m = rest.match(/^\/collaborators\/([^/]+)\/permission$/))) {
      const perm = repo.collaborators.get(decodeURIComponent(m[1]!));
      if (!perm) return notFound;
      const legacy = perm === 'maintain' ? 'write' : perm === 'triage' ? 'read' : perm;
      return { status: 200, data: { permission: legacy, role_name: perm, user: { login: m[1], type: 'User' } } };
    }
    if (method === 'POST' && (m = rest.match(/^\/issues\/comments\/(\d+)\/reactions$/))) {
      const c = repo.issueComments.find((x) => x.id === Number(m![1]));
      if (!c) return notFound;
      const existing = c.reactions.find((r) => r.content === body.content && r.user.login === BOT_LOGIN);
      if (existing) return { status: 200, data: { id: 1, content: body.content } };
      c.reactions.push({ content: body.content, user: { login: BOT_LOGIN, type: 'Bot' } });
      return { status: 201, data: { id: newId(), content: body.content } };
    }
    if (method === 'POST' && (m = rest.match(/^\/issues\/(\d+)\/comments$/))) {
      const c: IssueCommentState = { id: newId(), issueNumber: Number(m[1]), body: body.body, user: { login: BOT_LOGIN, type: 'Bot' }, reactions: [] };
      repo.issueComments.push(c);
      return { status: 201, data: { id: c.id, body: c.body, user: { login: c.user.login, type: 'Bot' } } };
    }
    return notFound;
  }

  /** A comment written by a person (as the webhook will describe it). */
  addIssueComment(repo: RepoState, issueNumber: number, body: string, user: User): IssueCommentState {
    const c: IssueCommentState = { id: newId(), issueNumber, body, user, reactions: [] };
    repo.issueComments.push(c);
    return c;
  }

  #suiteFor(repo: RepoState, sha: string): number {
    const key = `${repo.owner}/${repo.name}@${sha}`;
    if (!this.#suites.has(key)) this.#suites.set(key, newId());
    return this.#suites.get(key)!;
  }

  #createReview(repo: RepoState, pull: PullState, body: any, unprocessable: (m: string, e?: unknown[]) => { status: number; data: unknown }) {
    if ((body.event === 'COMMENT' || body.event === 'REQUEST_CHANGES') && !body.body) return unprocessable('Unprocessable Entity', ['Body is required for COMMENT and REQUEST_CHANGES']);
    const files = new Map(this.pullFiles(repo, pull).map((f) => [f.path, f]));
    const commitId: string = body.commit_id ?? pull.headSha;
    for (const c of (body.comments ?? []) as any[]) {
      const f = files.get(c.path);
      if (!f) return unprocessable('Unprocessable Entity', ['Path could not be resolved']);
      if (c.side && c.side !== 'RIGHT') return unprocessable('Unprocessable Entity', ['Only RIGHT-side comments are modelled by the fake']);
      if (typeof c.line !== 'number') return unprocessable('Unprocessable Entity', ['Line could not be resolved']);
      const hunk = f.diff.hunks.find((h) => h.rightLines.has(c.line));
      if (!hunk) return unprocessable('Unprocessable Entity', ['Pull request review thread line must be part of the diff']);
      if (c.start_line !== undefined) {
        if (c.start_line >= c.line) return unprocessable('Unprocessable Entity', ['Pull request review thread start line must precede the end line.']);
        if (!hunk.rightLines.has(c.start_line)) return unprocessable('Unprocessable Entity', ['Pull request review thread start line must be part of the same hunk as the line.']);
      }
      if (typeof c.body !== 'string' || c.body.length > 65536) return unprocessable('Unprocessable Entity', ['body is too long (maximum is 65536 characters)']);
      if (this.refuseComment(c)) return unprocessable('Unprocessable Entity', ['Line could not be resolved']);
    }
    const review: ReviewState = { id: newId(), body: body.body ?? '', event: body.event ?? 'PENDING', commitId, user: { login: BOT_LOGIN, type: 'Bot' }, commentIds: [] };
    for (const c of (body.comments ?? []) as any[]) {
      const id = newId();
      const thread: ThreadState = { id: `PRRT_${id}`, path: c.path, line: c.line, commitId, comments: [], isResolved: false, resolvedBy: null };
      thread.comments.push({ id, nodeId: `PRRC_${id}`, threadId: thread.id, reviewId: review.id, body: c.body, path: c.path, line: c.line, startLine: c.start_line, commitId, user: { login: BOT_LOGIN, type: 'Bot' }, reactions: [] });
      pull.threads.push(thread);
      review.commentIds.push(id);
    }
    pull.reviews.push(review);
    return { status: 200, data: { id: review.id, body: review.body, state: review.event === 'COMMENT' ? 'COMMENTED' : review.event, commit_id: commitId, user: { login: BOT_LOGIN, type: 'Bot' } } };
  }

  pullJson(repo: RepoState, pull: PullState) {
    const owner = { login: repo.owner, type: 'Organization' };
    const headOwner = pull.forkOwner ?? repo.owner;
    return {
      number: pull.number,
      id: pull.number + 5000,
      state: pull.state,
      draft: pull.draft,
      title: pull.title,
      body: pull.body ?? null,
      user: { login: pull.user.login, type: pull.user.type },
      html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${pull.number}`,
      changed_files: this.pullFiles(repo, pull).length,
      head: { ref: pull.headRef, sha: pull.headSha, label: `${headOwner}:${pull.headRef}`, repo: { name: repo.name, full_name: `${headOwner}/${repo.name}`, fork: !!pull.forkOwner, owner: { login: headOwner, type: 'User' } } },
      base: { ref: pull.baseRef, sha: pull.baseSha, label: `${repo.owner}:${pull.baseRef}`, repo: { name: repo.name, full_name: `${repo.owner}/${repo.name}`, fork: false, owner } },
    };
  }

  checkRunJson(repo: RepoState, r: CheckRunState) {
    return {
      id: r.id,
      name: r.name,
      head_sha: r.headSha,
      external_id: r.externalId ?? '',
      status: r.status,
      conclusion: r.conclusion,
      html_url: `https://github.com/${repo.owner}/${repo.name}/runs/${r.id}`,
      output: { title: r.output.title ?? null, summary: r.output.summary ?? null, text: r.output.text ?? null, annotations_count: r.annotations.length },
      check_suite: { id: r.checkSuiteId },
      started_at: r.startedAt,
      app: { id: 1, slug: APP_SLUG },
      pull_requests: [],
    };
  }
}
