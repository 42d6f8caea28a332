/**
 * Webhook deliveries for the fake's state: payloads from `@octokit/webhooks-examples` adapted to the
 * repository, pull request and users at hand, signed with the webhook secret (X-Hub-Signature-256)
 * and POSTed to the App's webhook path.
 */
import { createHmac, randomUUID } from 'node:crypto';
import examples from '@octokit/webhooks-examples' with { type: 'json' };
import type { FakeGitHub, PullState, RepoState, User } from './server.js';

type Payload = Record<string, any>;

function example(name: string, action: string, withInstallation = true): Payload {
  const def = (examples as unknown as any[]).find((e) => e.name === name);
  const ex = def?.examples.find((p: Payload) => p.action === action && (!withInstallation || p.installation)) ?? def?.examples.find((p: Payload) => p.action === action);
  if (!ex) throw new Error(`no ${name}.${action} example`);
  return structuredClone(ex);
}

function repository(ex: Payload, repo: RepoState): Payload {
  return {
    ...ex,
    id: repo.id,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}`,
    default_branch: repo.defaultBranch,
    owner: { ...ex.owner, login: repo.owner },
  };
}

function user(ex: Payload, u: User): Payload {
  return { ...ex, login: u.login, type: u.type };
}

export function pullRequestPayload(fake: FakeGitHub, repo: RepoState, pull: PullState, action: string, installationId = 1): Payload {
  const p = example('pull_request', action);
  const json = fake.pullJson(repo, pull);
  p.number = pull.number;
  p.pull_request = {
    ...p.pull_request,
    ...json,
    user: user(p.pull_request.user, pull.user),
    head: { ...p.pull_request.head, ...json.head, repo: { ...p.pull_request.head.repo, ...json.head.repo, owner: { ...p.pull_request.head.repo.owner, ...json.head.repo.owner } } },
    base: { ...p.pull_request.base, ...json.base, repo: repository(p.pull_request.base.repo, repo) },
  };
  p.repository = repository(p.repository, repo);
  p.installation = { id: installationId, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  p.sender = user(p.sender, pull.user);
  return p;
}

export function issueCommentPayload(repo: RepoState, pull: PullState, comment: { id: number; body: string; user: User }, installationId = 1): Payload {
  const p = example('issue_comment', 'created');
  p.issue = {
    ...p.issue,
    number: pull.number,
    user: user(p.issue.user, pull.user),
    pull_request: { url: `https://api.github.com/repos/${repo.owner}/${repo.name}/pulls/${pull.number}`, html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${pull.number}`, diff_url: '', patch_url: '', merged_at: null },
  };
  p.comment = { ...p.comment, id: comment.id, body: comment.body, user: user(p.comment.user, comment.user), performed_via_github_app: null };
  p.repository = repository(p.repository, repo);
  p.installation = { id: installationId, node_id: 'x' };
  p.sender = user(p.sender, comment.user);
  return p;
}

export function checkRunPayload(repo: RepoState, run: { id: number; headSha: string; externalId?: string }, action: 'rerequested' | 'requested_action', opts: { identifier?: string; pullRequests?: number[] } = {}, installationId = 1): Payload {
  const p = example('check_run', action);
  p.check_run = {
    ...p.check_run,
    id: run.id,
    name: 'rust-review',
    head_sha: run.headSha,
    external_id: run.externalId ?? '',
    pull_requests: (opts.pullRequests ?? []).map((n) => ({ number: n, id: n, url: '', head: { ref: 'x', sha: run.headSha, repo: { id: repo.id, name: repo.name, url: '' } }, base: { ref: 'main', sha: 'x', repo: { id: repo.id, name: repo.name, url: '' } } })),
  };
  if (action === 'requested_action') p.requested_action = { identifier: opts.identifier ?? 'rerun' };
  p.repository = repository(p.repository, repo);
  p.installation = { id: installationId, node_id: 'x' };
  return p;
}

export function checkSuitePayload(repo: RepoState, suite: { id: number; headSha: string }, pullRequests: number[] = [], installationId = 1): Payload {
  const p = example('check_suite', 'rerequested');
  p.check_suite = { ...p.check_suite, id: suite.id, head_sha: suite.headSha, head_branch: pullRequests.length ? 'feature' : null, pull_requests: pullRequests.map((n) => ({ number: n, id: n, url: '', head: { ref: 'x', sha: suite.headSha, repo: { id: repo.id, name: repo.name, url: '' } }, base: { ref: 'main', sha: 'x', repo: { id: repo.id, name: repo.name, url: '' } } })) };
  p.repository = repository(p.repository, repo);
  p.installation = { id: installationId, node_id: 'x' };
  return p;
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a signed delivery (a string payload is sent as is: malformed bodies); resolves with the HTTP status and how long the App took to answer. */
export async function deliver(webhookUrl: string, secret: string, event: string, payload: Payload | string, opts: { badSignature?: boolean; deliveryId?: string; contentType?: string } = {}): Promise<{ status: number; ms: number; text: string }> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const started = performance.now();
  const res = await fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/json',
      'x-github-event': event,
      'x-github-delivery': opts.deliveryId ?? randomUUID(),
      'x-hub-signature-256': opts.badSignature ? sign('wrong', body) : sign(secret, body),
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, text };
}
