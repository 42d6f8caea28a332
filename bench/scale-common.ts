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

/**
 * Real Rust files for the soak (`SOAK_TREE`): every `.rs` file under `dir` (at most `maxBytes`),
 * by path relative to `dir`. Read from a local clone, never committed.
 */
export function realCrate(dir: string, maxBytes = 2_000_000): Record<string, string> {
  const files: Record<string, string> = {};
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory() && e.name !== 'target' && !e.name.startsWith('.')) walk(p);
      else if (e.isFile() && e.name.endsWith('.rs')) {
        const text = fs.readFileSync(p, 'utf8');
        if (bytes + text.length > maxBytes) continue;
        bytes += text.length;
        files[p.slice(dir.length + 1)] = text;
      }
    }
  };
  walk(dir);
  if (!Object.keys(files).length) throw new Error(`SOAK_TREE=${dir} holds no .rs file`);
  return files;
}

/**
 * A pull request on a repository holding a real crate: `files` of its files get a new function
 * (a blocking call and an unwrap in async code), different in every pull request, so each review
 * parses the changed files and reads the rest of the crate for the model (from the cache after the first).
 */
export function openRealPr(fake: FakeGitHub, name: string, crate: Record<string, string>, n: number, files = 3): { repo: RepoState; pull: PullState } {
  const repo = fake.repos.get(`acme/${name}`) ?? fake.addRepo('acme', name, crate);
  const paths = Object.keys(crate);
  const changes: Record<string, string> = {};
  for (let i = 0; i < files; i++) {
    const path = paths[(n * files + i) % paths.length]!;
    changes[path] = `${crate[path]}\npub async fn soak_${n}_${i}(p: &std::path::Path) -> usize {\n    std::fs::read_to_string(p).unwrap().len()\n}\n`;
  }
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
  if (repo.checkRuns.filter((r) => r.headSha === pull.headSha && (r.conclusion === 'success' || r.conclusion === 'failure')).length !== 1) out.push('latest head not reviewed exactly once');
  const bodies = pull.threads.map((t) => /rust-review:fp=([^ ]+)/.exec(t.comments[0]!.body)?.[1]);
  if (new Set(bodies).size !== bodies.length) out.push('a comment posted twice');
  return out;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
