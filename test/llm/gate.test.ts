/**
 * The gate never waits for the model (DESIGN.md "LLM passes"): real Probot on the fake GitHub, the real
 * Anthropic SDK on the fake Anthropic API. The order of writes at the fake GitHub is the assertion:
 * the rule review and the completed check run come before anything the model says.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLlmPassFactory, MemoryCache } from '../../src/llm/index.js';
import { pullRequestPayload } from '../fakes/github/webhooks.js';
import type { FakeGitHub, RepoState } from '../fakes/github/server.js';
import { findingsReply, hang, startFakeAnthropic, type FakeAnthropic, type Handler } from '../fakes/anthropic/server.js';
import { CLEAN, rustFile } from '../e2e/fixtures.js';
import { startHarness, type Harness } from '../e2e/harness.js';

let h: Harness;
let api: FakeAnthropic;
let handler: Handler = () => findingsReply([]);
let n = 0;
beforeAll(async () => {
  api = await startFakeAnthropic((req) => handler(req));
  // A per-attempt timeout far below the review's LLM deadline: a hung connection is given up on and retried.
  const createLlmPass = createLlmPassFactory({ apiKey: 'gate-key', baseURL: api.baseURL, cache: new MemoryCache(), deadlineMs: 6_000, attemptTimeoutMs: 600, retryBaseMs: 5, concurrency: 1 });
  h = await startHarness({ appOptions: { createLlmPass } });
});
afterAll(async () => {
  await h?.stop();
  await api?.close();
});

/** The writes the App made to one repository, in order: what a user watching the PR would see happen. */
function writes(fake: FakeGitHub, repo: RepoState): string[] {
  return fake.requests
    .filter((r) => r.method !== 'GET' && r.path.startsWith(`/repos/${repo.owner}/${repo.name}/`))
    .map((r) => {
      if (r.path.endsWith('/check-runs')) return 'check:create';
      if (/\/check-runs\/\d+$/.test(r.path)) return r.body?.status === 'completed' ? `check:complete:${r.body.conclusion}` : r.body?.status === 'in_progress' ? `check:progress` : 'check:amend';
      if (r.path.endsWith('/reviews')) return String(r.body?.body ?? '').includes('LLM passes**') ? 'review:llm' : 'review:rules';
      return `${r.method} ${r.path}`;
    });
}

const lastRun = (repo: RepoState) => repo.checkRuns[repo.checkRuns.length - 1]!;

describe('the gate before the model', () => {
  test('a hung model endpoint: the rule review is posted and the check completed first; the summary says why the LLM did not run', async () => {
    handler = () => hang();
    const repo = h.fake.addRepo('acme', `gate-${++n}`, { 'src/lib.rs': CLEAN });
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true, ptr: false }]) } });
    const calls0 = api.calls.length;
    await h.send('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));
    await expect.poll(() => repo.checkRuns[0]?.status, { timeout: 20_000 }).toBe('completed');
    // Completed while the model is still being waited for.
    expect(lastRun(repo).output.summary).toMatch(/\*\*LLM passes:\*\* running: their findings follow as a review of their own/);
    expect(writes(h.fake, repo)).toEqual(['check:create', 'review:rules', 'check:complete:success']);
    await h.app.idle();

    expect(writes(h.fake, repo)).toEqual(['check:create', 'review:rules', 'check:complete:success', 'check:amend']);
    const run = lastRun(repo);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    // Each attempt hung and was given up on at its own timeout, well inside the review's deadline.
    const attempts = Number(/gave up after (\d+) attempts/.exec(run.output.summary ?? '')?.[1]);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(api.calls.length - calls0).toBeGreaterThanOrEqual(2);
    expect(run.output.summary).toMatch(/\*\*LLM passes:\*\* unavailable: .*the request timed out.*; rule findings only\./);
    expect(pull.reviews.map((r) => r.body.split('\n')[0])).toEqual([expect.stringMatching(/^\*\*rust-review\*\* on [0-9a-f]{12}: ⚠️ 1 warning\.$/)]);
  }, 30_000);

  test('LLM findings follow as their own review, deduplicated against the rule comments, and amend the summary', async () => {
    const src = rustFile([{ name: 'a', todo: true, ptr: false }, { name: 'b', ptr: false }]);
    handler = (req) =>
      findingsReply(
        req.role === 'architecture'
          ? [
              // The same line and role as the rule's finding: the rule's comment stands, this one is dropped.
              { path: 'src/a.rs', line: 3, quote: 'todo!()', severity: 'warning', message: 'unfinished code reaches production', rationale: 'It panics.', fix: 'Finish it.', confidence: 0.9 },
              { path: 'src/a.rs', line: 7, quote: 's.trim().to_string()', severity: 'warning', message: 'allocates a new String for every call', rationale: 'Hot path.', fix: 'Return a &str.', confidence: 0.9 },
            ]
          : [],
      );
    const repo = h.fake.addRepo('acme', `gate-${++n}`, { 'src/lib.rs': CLEAN });
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': src } });
    await h.sendAndWait('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));

    expect(h.fake.schemaViolations).toEqual([]);
    expect(writes(h.fake, repo)).toEqual(['check:create', 'review:rules', 'check:complete:success', 'review:llm', 'check:amend']);
    expect(pull.reviews.map((r) => r.event)).toEqual(['COMMENT', 'COMMENT']);
    const byLine = pull.threads.map((t) => [t.line, /`([a-z]+\/[a-z-]+)`/.exec(t.comments[0]!.body)?.[1]]);
    expect(byLine).toEqual([
      [3, 'architecture/unfinished-code'],
      [7, 'architecture/llm'],
    ]);
    expect(pull.reviews[1]!.body).toMatch(/do not change the check run’s conclusion/);
    const run = lastRun(repo);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(run.output.title).toBe('rust-review: 2 warnings (none blocking)');
    expect(run.output.summary).toMatch(/\*\*LLM passes:\*\* ran: /);
    expect(run.annotations.map((a) => a.start_line)).toEqual([3, 7]);

    // A push that changes nothing the model said: nothing is posted twice.
    h.fake.push(repo, pull, { 'src/a.rs': `${src}// touched\n` });
    await h.sendAndWait('pull_request', pullRequestPayload(h.fake, repo, pull, 'synchronize'));
    expect(pull.threads).toHaveLength(2);
    expect(pull.reviews).toHaveLength(2);
  }, 30_000);
});

describe('llm.affects_conclusion: true', () => {
  test('the check stays in progress and says it waits for the model, then concludes on rule and LLM findings', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    handler = async (req) => {
      await released;
      return findingsReply(req.role === 'architecture' ? [{ path: 'src/a.rs', line: 3, quote: 's.trim().to_string()', severity: 'warning', message: 'takes the whole request', rationale: 'x', fix: 'y', confidence: 0.95 }] : []);
    };
    const repo = h.fake.addRepo('acme', `gate-${++n}`, { 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'fail_on: warning\nllm:\n  affects_conclusion: true\n' });
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', ptr: false }]) } });
    await h.send('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));
    await expect.poll(() => lastRun(repo)?.output.title, { timeout: 20_000 }).toMatch(/waiting for the LLM passes/);
    expect(lastRun(repo).status).toBe('in_progress');
    expect(lastRun(repo).output.summary).toMatch(/waits for the LLM passes before it concludes, because the config sets `llm.affects_conclusion: true`/);
    release();
    await h.app.idle();

    expect(writes(h.fake, repo)).toEqual(['check:create', 'check:progress', 'review:llm', 'check:complete:failure']);
    expect(lastRun(repo).output.summary).toMatch(/1 finding at or above `warning` on changed lines/);
  }, 30_000);
});
