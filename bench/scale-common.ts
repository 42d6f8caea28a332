/**
 * Shared by bench/load.ts and bench/soak.ts: the fake GitHub in this process, App replicas as child
 * processes (test/scale/replica.ts: the real Probot server, signed webhooks), pull requests with
 * findings, and completion tracking on the fake's state.
 */
import fs from 'node:fs';
import { CLEAN, rustFile } from '../test/e2e/fixtures.js';
import { SECRET } from '../test/e2e/harness.js';
import type { FakeGitHub, PullState, RepoState } from '../test/fakes/github/server.js';
import { deliver, pullRequestPayload } from '../test/fakes/github/webhooks.js';
import { startReplica, type Replica } from '../test/scale/replicas.js';

export { startReplica, type Replica };

/** Resident and peak resident memory of a process, in MB (Linux /proc). */
export function rssOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 102.4) / 10, peakMb: Math.round(kb('VmHWM') / 102.4) / 10 };
}

/** A repository with a pull request of `files` Rust files with findings. */
export function openPr(fake: FakeGitHub, name: string, files = 4): { repo: RepoState; pull: PullState } {
  const base: Record<string, string> = { 'src/lib.rs': CLEAN };
  const repo = fake.repos.get(`acme/${name}`) ?? fake.addRepo('acme', name, base);
  const changes: Record<string, string> = {};
  for (let i = 0; i < files; i++) changes[`src/m${i}.rs`] = rustFile([{ name: `f${i}`, todo: true }, { name: `g${i}` }]);
  return { repo, pull: fake.openPull(repo, { changes }) };
}

/** A push that adds a file with one more finding. */
export function pushTo(fake: FakeGitHub, repo: RepoState, pull: PullState, n: number): void {
  fake.push(repo, pull, { [`src/push${n}.rs`]: rustFile([{ name: `push${n}`, todo: true }]) });
}

export async function send(replica: Replica, fake: FakeGitHub, repo: RepoState, pull: PullState, action: string): Promise<number> {
  const res = await deliver(replica.webhookUrl, SECRET, 'pull_request', pullRequestPayload(fake, repo, pull, action));
  return res.status;
}

/** The completed success/failure check run on the pull request's current head, if any. */
export function doneOnHead(repo: RepoState, pull: PullState) {
  return repo.checkRuns.find((r) => r.headSha === pull.headSha && r.status === 'completed' && (r.conclusion === 'success' || r.conclusion === 'failure'));
}

/** What "exactly one review of the latest head, nothing twice, everything completed" found wrong. */
export function problems(repo: RepoState, pull: PullState): string[] {
  const out: string[] = [];
  if (repo.checkRuns.some((r) => r.status !== 'completed')) out.push('a check run is not completed');
  const heads = new Set(repo.checkRuns.map((r) => r.headSha));
  for (const head of heads) {
    if (repo.checkRuns.filter((r) => r.headSha === head && (r.conclusion === 'success' || r.conclusion === 'failure')).length > 1) out.push(`head ${head.slice(0, 8)} reviewed twice`);
    if (pull.reviews.filter((r) => r.commitId === head).length > 1) out.push(`head ${head.slice(0, 8)} has two reviews`);
  }
  if (repo.checkRuns.filter((r) => r.headSha === pull.headSha && r.conclusion === 'success').length !== 1) out.push('latest head not reviewed exactly once');
  const bodies = pull.threads.map((t) => /rust-review:fp=([^ ]+)/.exec(t.comments[0]!.body)?.[1]);
  if (new Set(bodies).size !== bodies.length) out.push('a comment posted twice');
  return out;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
