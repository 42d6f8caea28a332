/**
 * GitHub's bad days, against the fake GitHub with a real Probot: 502s, secondary and primary rate
 * limits, a 422 on one comment, hangs, malformed and badly signed webhooks, redeliveries, a restart
 * mid-review. Each ends with every check run completed and no comment posted twice.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { FINGERPRINT_MARKER } from '../../src/review/fingerprint.js';
import { CLEAN, rustFile } from '../e2e/fixtures.js';
import { startHarness, type Harness } from '../e2e/harness.js';
import { FakeGitHub, primaryRateLimit, secondaryRateLimit, type PullState, type RepoState } from '../fakes/github/server.js';
import { pullRequestPayload } from '../fakes/github/webhooks.js';

const logLines: any[] = [];
const logStream = new Writable({
  write(chunk, _enc, cb) {
    for (const line of String(chunk).split('\n')) if (line.trim()) logLines.push(JSON.parse(line));
    cb();
  },
});

let h: Harness;
let n = 0;
beforeAll(async () => {
  h = await startHarness({ throttle: 'fast', timeoutMs: 400, logStream, resilience: { maxRateLimitWaitSeconds: 2 } });
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => {
  h.fake.faults = [];
  h.fake.latencyMs = 0;
  h.fake.refuseComment = () => false;
});

function newRepo(fake: FakeGitHub = h.fake): RepoState {
  return fake.addRepo('acme', `faults-${++n}`, { 'src/lib.rs': CLEAN });
}

function openTodoPull(repo: RepoState, fake: FakeGitHub = h.fake): PullState {
  return fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }, { name: 'b' }, { name: 'c' }]) } });
}

async function open(repo: RepoState, pull: PullState, harness: Harness = h) {
  return harness.sendAndWait('pull_request', pullRequestPayload(harness.fake, repo, pull, 'opened'));
}

/** Every check run completed, no fingerprint posted twice. */
function expectSettled(repo: RepoState, pull: PullState) {
  expect(repo.checkRuns.length).toBeGreaterThan(0);
  expect(repo.checkRuns.every((r) => r.status === 'completed')).toBe(true);
  const fps = pull.threads.map((t) => FINGERPRINT_MARKER.exec(t.comments[0]!.body)![1]);
  expect(new Set(fps).size).toBe(fps.length);
}

describe('GitHub faults', () => {
  test('502 on the first calls of every step: retried with backoff, one review', async () => {
    const repo = newRepo();
    const pull = openTodoPull(repo);
    h.fake.faults = [
      { method: 'POST', path: /check-runs$/, times: 2, status: 502 },
      { path: /\/pulls\/\d+\/files$/, times: 2, status: 502 },
      { operation: 'RustReviewConfig', times: 1, status: 502 },
      { operation: 'RustReviewBlobs', times: 2, status: 502 },
      { method: 'PATCH', path: /check-runs\/\d+$/, times: 2, status: 502 },
    ];
    await open(repo, pull);
    expect(h.fake.faults.every((f) => f.times === 0)).toBe(true);
    expect(repo.checkRuns).toHaveLength(1);
    expect(repo.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(pull.reviews).toHaveLength(1);
    expect(pull.threads).toHaveLength(4);
    expectSettled(repo, pull);
  });

  test('502 on the review POST that GitHub did post: looked up, not posted twice', async () => {
    const repo = newRepo();
    const pull = openTodoPull(repo);
    // The first POST is handled but its answer is lost (a 502 after the work / a hang past the timeout).
    h.fake.faults = [{ method: 'POST', path: /\/reviews$/, times: 1, status: 0, hangMs: 2_000 }];
    await open(repo, pull);
    expect(pull.reviews).toHaveLength(1);
    expect(pull.threads).toHaveLength(4);
    expect(h.fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/reviews') && r.path.includes(repo.name))).toHaveLength(1);
    expect(repo.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expectSettled(repo, pull);
  });

  test('a secondary rate limit on the review POST is waited out (retry-after) and retried: one review', async () => {
    const repo = newRepo();
    const pull = openTodoPull(repo);
    h.fake.faults = [secondaryRateLimit(1, 1, { method: 'POST', path: /\/reviews$/ })];
    const started = Date.now();
    await open(repo, pull);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(h.fake.faults[0]!.times).toBe(0);
    expect(pull.reviews).toHaveLength(1);
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reviews') && r.path.includes(repo.name)).map((r) => r.status)).toEqual([403, 200]);
    expect(repo.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expectSettled(repo, pull);
  });

  test('a rate limit that outlasts the in-request waits: the review is retried later from the queue and the check run says so', async () => {
    const repo = newRepo();
    const pull = openTodoPull(repo);
    // Reset in 3 s: longer than the 2 s the App waits in a request, so the job is retried after the reset.
    h.fake.faults = [primaryRateLimit(1, 3, { method: 'POST', path: /\/reviews$/ })];
    await open(repo, pull);
    const notes = h.fake.requests.filter((r) => r.method === 'PATCH' && r.path.includes(repo.name) && r.body?.status === 'in_progress');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body.output.title).toMatch(/retrying/);
    expect(notes[0]!.body.output.summary).toMatch(/GitHub answered 403.*\n\nThe review runs again at .* \(attempt 2 of 3\)/s);
    expect(repo.checkRuns).toHaveLength(1);
    expect(repo.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(pull.reviews).toHaveLength(1);
    expectSettled(repo, pull);
  });

  test('a 422 on one comment: the others land once, the refused one is in the summary', async () => {
    const repo = newRepo();
    const pull = openTodoPull(repo);
    h.fake.refuseComment = (c) => c.line === 6;
    await open(repo, pull);
    expect(pull.threads.map((t) => t.line).sort((a, b) => a - b)).toEqual([2, 3, 10]);
    expect(repo.checkRuns[0]!.output.summary).toMatch(/### Not posted inline \(1\)/);
    expectSettled(repo, pull);
  });

  test('a hang: the request times out, is retried, and the review completes', async () => {
    const repo = newRepo();
    const pull = openTodoPull(repo);
    h.fake.faults = [
      { path: /\/pulls\/\d+\/files$/, times: 1, status: 0, hangMs: 5_000, drop: true },
      { operation: 'RustReviewBlobs', times: 1, status: 0, hangMs: 5_000, drop: true },
    ];
    const started = Date.now();
    await open(repo, pull);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(h.fake.requests.filter((r) => r.status === -1)).toHaveLength(2);
    expect(repo.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(pull.reviews).toHaveLength(1);
    expectSettled(repo, pull);
  });

  test('GitHub hangs for good: the check run fails with the reason and a Re-run button after the retries', async () => {
    const repo = newRepo();
    const pull = openTodoPull(repo);
    h.fake.faults = [{ path: /\/pulls\/\d+\/files$/, times: 100, status: 0, hangMs: 5_000, drop: true }];
    await open(repo, pull);
    const run = repo.checkRuns[0]!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.output.summary).toMatch(/did not answer within 400 ms.*after 3 attempts/);
    expect(run.actions[0]).toMatchObject({ identifier: 'rerun' });
    expect(pull.reviews).toHaveLength(0);
  }, 30_000);
});

describe('webhooks', () => {
  test('bad signatures, malformed JSON, wrong content type and payloads without a pull request are rejected or ignored: nothing happens', async () => {
    const repo = newRepo();
    const pull = openTodoPull(repo);
    h.fake.resetLog();
    const good = pullRequestPayload(h.fake, repo, pull, 'opened');
    const answers = [
      await h.send('pull_request', good, { badSignature: true }),
      await h.send('pull_request', '{"action": "opened", "pull_request": {'),
      await h.send('pull_request', 'not json at all'),
      await h.send('pull_request', JSON.stringify(good), { contentType: 'text/plain' }),
      await h.send('pull_request', { action: 'opened' }),
      await h.send('pull_request', { action: 'opened', installation: { id: 1 }, repository: good.repository, pull_request: { number: 'x' } }),
      await h.send('issue_comment', { action: 'created', installation: { id: 1 }, repository: good.repository }),
      await h.send('check_run', { action: 'rerequested', installation: { id: 1 }, repository: good.repository }),
    ].map((r) => r.status);
    await h.app.idle();
    expect(answers.slice(0, 4).every((s) => s >= 400 && s < 500)).toBe(true);
    expect(answers.slice(4)).toEqual([200, 200, 200, 200]);
    expect(h.fake.requests).toEqual([]);
    expect(repo.checkRuns).toEqual([]);
  });

  test('a redelivery (same X-GitHub-Delivery) is a no-op', async () => {
    const repo = newRepo();
    const pull = openTodoPull(repo);
    const payload = pullRequestPayload(h.fake, repo, pull, 'opened');
    await h.send('pull_request', payload, { deliveryId: 'delivery-1' });
    await h.send('pull_request', payload, { deliveryId: 'delivery-1' });
    await h.app.idle();
    expect(repo.checkRuns).toHaveLength(1);
    expect(pull.reviews).toHaveLength(1);
    const metrics = await fetch(`${h.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/rust_review_webhooks_total\{event="pull_request",outcome="duplicate"\} [1-9]/);
  });
});

describe('observability', () => {
  test('one structured log line per review (delivery, repo, PR, head, outcome, duration) and /metrics', async () => {
    const repo = newRepo();
    const pull = openTodoPull(repo);
    logLines.length = 0;
    await h.send('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'), { deliveryId: 'log-delivery' });
    await h.app.idle();
    const done = logLines.filter((l) => l.msg === 'review finished' && l.repo === `acme/${repo.name}`);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ delivery: 'log-delivery', pr: pull.number, head: pull.headSha, outcome: 'success', trigger: 'pull_request', attempt: 1 });
    expect(done[0].durationMs).toBeGreaterThan(0);

    const res = await fetch(`${h.baseUrl}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/rust_review_reviews_total\{outcome="success"\} [1-9]/);
    expect(text).toMatch(/rust_review_review_duration_seconds_count\{outcome="success"\} [1-9]/);
    expect(text).toMatch(/rust_review_github_requests_total\{method="POST",route="\/repos\/:owner\/:repo\/pulls\/:n\/reviews",status="200"\} [1-9]/);
    expect(text).toMatch(/rust_review_github_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/repos\/:owner\/:repo\/pulls\/:n\/files"\}/);
    expect(text).toMatch(/rust_review_github_requests_total\{method="POST",route="graphql:RustReviewBlobs",status="200"\}/);
    expect(text).toMatch(/rust_review_findings_total\{rule="architecture\/unfinished-code",severity="warning"\} [1-9]/);
    expect(text).toMatch(/rust_review_queue_depth\{state="waiting"\} 0/);
    expect(text).toMatch(/# TYPE rust_review_llm_requests_total counter/);
  });
});

describe('restarts without Redis', () => {
  test('shutdown is bounded by its grace period even while the start-up orphan scan waits on GitHub', async () => {
    const fake = new FakeGitHub();
    await fake.start();
    // GitHub never answers the scan's first request (the process cannot reach it, or it hangs).
    fake.faults = [{ method: 'GET', path: /\/app\/installations/, times: 1, status: 500, hangMs: 60_000, drop: true }];
    const h = await startHarness({ fake, appOptions: { recoverOrphans: 'requeue' } });
    try {
      for (let i = 0; i < 100 && !fake.requests.some((r) => /\/app\/installations/.test(r.path)); i++) await new Promise((r) => setTimeout(r, 20));
      // Without a bound, close() waits for the scan (a minute here) and the test times out.
      await h.app.close({ graceMs: 100 });
    } finally {
      await h.stop();
      await fake.stop();
    }
  }, 10_000);

  test('SIGTERM mid-review hands the review back; the next start resumes its check run', async () => {
    const fake = new FakeGitHub();
    await fake.start();
    const repo = newRepo(fake);
    const pull = openTodoPull(repo, fake);
    const first = await startHarness({ fake, appOptions: { concurrency: 1 } });
    fake.latencyMs = 150;
    await first.send('pull_request', pullRequestPayload(fake, repo, pull, 'opened'));
    for (let i = 0; i < 100 && !repo.checkRuns.length; i++) await new Promise((r) => setTimeout(r, 20));
    await first.app.close({ graceMs: 50 });
    expect(repo.checkRuns).toHaveLength(1);
    expect(repo.checkRuns[0]).toMatchObject({ status: 'in_progress' });
    expect(repo.checkRuns[0]!.output.title).toMatch(/interrupted by a restart/);
    expect(pull.reviews).toHaveLength(0);
    await first.stop();

    fake.latencyMs = 0;
    const fake2 = fake; // same GitHub, a new process
    const second = await startHarness({ fake: fake2, appOptions: { recoverOrphans: 'requeue' } });
    try {
      await second.app.idle();
      expect(repo.checkRuns).toHaveLength(1);
      expect(repo.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
      expect(pull.reviews).toHaveLength(1);
      expectSettled(repo, pull);
    } finally {
      await second.stop();
      await fake.stop();
    }
  });

  test("a crashed process's in-progress check run is found through the Checks API and marked for a re-run (mode: mark)", async () => {
    const fake = new FakeGitHub();
    await fake.start();
    const repo = newRepo(fake);
    const pull = openTodoPull(repo, fake);
    fake.repo('acme', repo.name).checkRuns.push({ id: 77, name: 'rust-review', headSha: pull.headSha, externalId: String(pull.number), status: 'in_progress', conclusion: null, output: { title: 'rust-review: reviewing…' }, annotations: [], actions: [], checkSuiteId: 1, updates: 0, startedAt: new Date(Date.now() - 60_000).toISOString() });
    const other = newRepo(fake);
    other.installationId = 2;
    const h2 = await startHarness({ fake, appOptions: { recoverOrphans: { mode: 'mark', reposPerInstallation: 5 } } });
    try {
      await h2.app.idle();
      expect(repo.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
      expect(repo.checkRuns[0]!.output.title).toMatch(/interrupted by a restart/);
      expect(repo.checkRuns[0]!.actions[0]).toMatchObject({ identifier: 'rerun' });
      // Bounded: installations, repositories, open PRs, one check-run listing per PR head.
      const scan = fake.requests.filter((r) => r.method === 'GET' && r.path !== '/app'); // GET /app: the App's identity, read once at start-up
      expect(scan.map((r) => r.path.replace(/\/repos\/[^/]+\/[^/]+/, '').replace(/[0-9a-f]{40}/, ':sha').replace(/\/pulls\/\d+/, '/pulls/:n'))).toEqual(['/app/installations', '/installation/repositories', '/pulls', '/pulls/:n/commits', '/commits/:sha/check-runs', '/installation/repositories', '/pulls']);
    } finally {
      await h2.stop();
      await fake.stop();
    }
  });

  test('SIGKILL, a push while down, a restart: the check run left on the older head is completed (cancelled, Re-run) and the new head is reviewed', async () => {
    const fake = new FakeGitHub();
    await fake.start();
    const repo = newRepo(fake);
    const pull = openTodoPull(repo, fake);
    const oldHead = pull.headSha;
    fake.repo('acme', repo.name).checkRuns.push({ id: 78, name: 'rust-review', headSha: oldHead, externalId: String(pull.number), status: 'in_progress', conclusion: null, output: { title: 'rust-review: reviewing…' }, annotations: [], actions: [], checkSuiteId: 1, updates: 0, startedAt: new Date(Date.now() - 60_000).toISOString() });
    fake.push(repo, pull, { 'src/extra.rs': 'pub fn extra() -> u32 {\n    1\n}\n' }); // its webhook was lost with the process
    const h2 = await startHarness({ fake, appOptions: { recoverOrphans: 'requeue' } });
    try {
      await h2.app.idle();
      expect(repo.checkRuns.find((r) => r.id === 78)).toMatchObject({ status: 'completed', conclusion: 'cancelled' }) // blocks protection (not neutral);
      expect(repo.checkRuns.find((r) => r.id === 78)!.actions[0]).toMatchObject({ identifier: 'rerun' });
      expect(repo.checkRuns.filter((r) => r.status !== 'completed')).toEqual([]);
      expect(repo.checkRuns.filter((r) => r.headSha === pull.headSha)).toEqual([expect.objectContaining({ status: 'completed' })]);
      expect(pull.reviews.map((r) => r.commitId)).toEqual([pull.headSha]);
    } finally {
      await h2.stop();
      await fake.stop();
    }
  });
});
