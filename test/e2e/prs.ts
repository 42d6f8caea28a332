/** Pull requests of a given shape, for the request-count test and the benchmark. */
import type { FakeGitHub, PullState, RepoState } from '../fakes/github/server.js';
import { CLEAN, rustFile } from './fixtures.js';

/** 30 changed Rust files with 50 findings (20 files with two, 10 with one) on added lines. */
export function thirtyFilePull(fake: FakeGitHub, name = 'bench'): { repo: RepoState; pull: PullState } {
  const base: Record<string, string> = { 'src/lib.rs': CLEAN };
  for (let i = 0; i < 30; i++) base[`src/svc/m${i}.rs`] = CLEAN;
  const repo = fake.addRepo('acme', name, base);
  const changes: Record<string, string> = {};
  for (let i = 0; i < 30; i++) changes[`src/svc/m${i}.rs`] = `${CLEAN}\n${rustFile([{ name: `f${i}`, todo: i < 20 }])}`;
  return { repo, pull: fake.openPull(repo, { changes }) };
}
