/**
 * The App end to end: a real Probot server, signed webhooks, the fake GitHub. Assertions are on what
 * the fake holds afterwards.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { FINGERPRINT_MARKER } from '../../src/review/fingerprint.js';
import { BOT_LOGIN, type PullState, type RepoState, type User } from '../fakes/github/server.js';
import { checkRunPayload, checkSuitePayload, issueCommentPayload, pullRequestPayload } from '../fakes/github/webhooks.js';
import { CLEAN, normalise, rustFile } from './fixtures.js';
import { harnessForThisFile } from './harness.js';
import { thirtyFilePull } from './prs.js';

const h = harnessForThisFile();
let n = 0;
beforeEach(() => {
  h.fake.faults = [];
  h.fake.latencyMs = 0;
  h.fake.refuseComment = () => false;
});

function newRepo(files: Record<string, string> = { 'src/lib.rs': CLEAN }): RepoState {
  return h.fake.addRepo('acme', `shop-${++n}`, files);
}

async function open(repo: RepoState, pull: PullState, action = 'opened') {
  return h.sendAndWait('pull_request', pullRequestPayload(h.fake, repo, pull, action));
}

function lastRun(repo: RepoState) {
  return repo.checkRuns[repo.checkRuns.length - 1]!;
}

function comments(pull: PullState) {
  return pull.threads.map((t) => t.comments[0]!);
}

function fps(pull: PullState): string[] {
  return comments(pull).map((c) => FINGERPRINT_MARKER.exec(c.body)![1]!);
}

describe('a pull request is opened', () => {
  test('one review with inline comments on the exact lines, a completed check run, few requests', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/handlers.rs': rustFile([{ name: 'norm', todo: true }, { name: 'clean', ptr: false }]) } });
    h.fake.resetLog();
    const res = await open(repo, pull);

    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    expect(h.fake.schemaViolations).toEqual([]);
    const run = lastRun(repo);
    expect(run).toMatchObject({ name: 'rust-review', headSha: pull.headSha, externalId: String(pull.number), status: 'completed', conclusion: 'success' });
    expect(pull.reviews).toHaveLength(1);
    expect(pull.reviews[0]!.event).toBe('COMMENT');
    expect(pull.reviews[0]!.commitId).toBe(pull.headSha);
    const byRule = Object.fromEntries(comments(pull).map((c) => [/`([a-z]+\/[a-z-]+)`/.exec(c.body)![1], c]));
    expect(byRule['ownership/ptr-arg']).toMatchObject({ path: 'src/handlers.rs', line: 2 });
    expect(byRule['architecture/unfinished-code']).toMatchObject({ path: 'src/handlers.rs', line: 3 });
    expect(run.annotations).toHaveLength(2);
    expect(normalise(byRule['ownership/ptr-arg']!.body)).toMatchSnapshot('ptr-arg comment');
    expect(normalise(pull.reviews[0]!.body)).toMatchSnapshot('review body');
    expect(normalise(run.output.summary!)).toMatchSnapshot('check summary');
    expect(h.fake.apiRequests().length).toBeLessThanOrEqual(11); // 11: the pull request is read, not taken from the delivery (issue 20)
  });

  test('a bad signature is refused and nothing happens', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    const res = await h.send('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'), { badSignature: true });
    await h.app.idle();
    expect(res.status).toBe(400);
    expect(repo.checkRuns).toEqual([]);
  });

  test('a PR without Rust, SQL or Cargo changes gets a skipped check run saying why', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'README.md': '# hi\n', 'docs/x.txt': 'x\n' } });
    await open(repo, pull);
    expect(lastRun(repo)).toMatchObject({ status: 'completed', conclusion: 'skipped' });
    expect(lastRun(repo).output.summary).toMatch(/No Rust, SQL migration or Cargo file/);
    expect(pull.reviews).toEqual([]);
  });

  test('a draft is skipped unless the config says otherwise; ready_for_review reviews it', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { draft: true, changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    await open(repo, pull);
    expect(lastRun(repo)).toMatchObject({ conclusion: 'skipped' });
    expect(lastRun(repo).output.summary).toMatch(/Draft pull request/);
    expect(pull.reviews).toEqual([]);

    pull.draft = false;
    await open(repo, pull, 'ready_for_review');
    expect(lastRun(repo)).toMatchObject({ conclusion: 'success' });
    expect(pull.reviews).toHaveLength(1);

    const repo2 = newRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'review:\n  drafts: true\n' });
    const pull2 = h.fake.openPull(repo2, { draft: true, changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    await open(repo2, pull2);
    expect(lastRun(repo2)).toMatchObject({ conclusion: 'success' });
    expect(pull2.reviews).toHaveLength(1);
  });

  test('bot PRs are reviewed (a skipped check would pass protection); skipped only when the base config says `review.skip_bots: true`', async () => {
    const repo = newRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'fail_on: warning\n' });
    const pull = h.fake.openPull(repo, { user: { login: 'github-actions[bot]', type: 'Bot' }, changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    await open(repo, pull);
    expect(lastRun(repo)).toMatchObject({ conclusion: 'failure' });

    const repo2 = newRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'review:\n  skip_bots: true\n' });
    const pull2 = h.fake.openPull(repo2, { user: { login: 'dependabot[bot]', type: 'Bot' }, changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    await open(repo2, pull2);
    expect(lastRun(repo2)).toMatchObject({ conclusion: 'skipped' });
    expect(lastRun(repo2).output.summary).toMatch(/bot/);
  });

  test('config comes from the base branch: fail_on there fails the check, the PR cannot change it', async () => {
    const repo = newRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'fail_on: warning\nreview:\n  event: REQUEST_CHANGES\n' });
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]), '.github/rust-review.yml': 'fail_on: never\n' } });
    await open(repo, pull);
    expect(lastRun(repo)).toMatchObject({ conclusion: 'failure' });
    expect(pull.reviews[0]!.event).toBe('REQUEST_CHANGES');
  });

  test('the org .github repository is the fallback config', async () => {
    h.fake.addRepo('orgwide', '.github', { '.github/rust-review.yml': 'fail_on: warning\n' });
    const repo = h.fake.addRepo('orgwide', 'api', { 'src/lib.rs': CLEAN });
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    await open(repo, pull);
    expect(lastRun(repo)).toMatchObject({ conclusion: 'failure' });
  });
});

describe('later pushes', () => {
  test('push twice: nothing is repeated, a new finding is posted alone', async () => {
    const repo = newRepo();
    const v1 = rustFile([{ name: 'a', todo: true }, { name: 'b' }]);
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': v1 } });
    await open(repo, pull);
    expect(comments(pull)).toHaveLength(3); // ptr-arg a, todo a, ptr-arg b
    const first = fps(pull);

    // Lines shift: same findings, new line numbers.
    h.fake.push(repo, pull, { 'src/a.rs': `// a comment\n// another\n${v1}` });
    await open(repo, pull, 'synchronize');
    expect(comments(pull)).toHaveLength(3);
    expect(lastRun(repo)).toMatchObject({ conclusion: 'success', headSha: pull.headSha });
    expect(lastRun(repo).output.summary).toMatch(/3 findings are already commented/);

    // A new function with a finding: exactly one new comment.
    h.fake.push(repo, pull, { 'src/a.rs': `// a comment\n// another\n${v1}${rustFile([{ name: 'c' }], '')}` });
    await open(repo, pull, 'synchronize');
    expect(comments(pull)).toHaveLength(4);
    expect(new Set(fps(pull)).size).toBe(4);
    expect(fps(pull).slice(0, 3)).toEqual(first);
  });

  test('a fix resolves its thread with a "fixed in" reply', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true, ptr: false }]) } });
    await open(repo, pull);
    expect(pull.threads).toHaveLength(1);
    const sha = h.fake.push(repo, pull, { 'src/a.rs': rustFile([{ name: 'a', ptr: false }]) });
    await open(repo, pull, 'synchronize');
    const t = pull.threads[0]!;
    expect(t.isResolved).toBe(true);
    expect(t.comments[1]!.body).toContain(`Fixed in ${sha.slice(0, 12)}`);
    expect(lastRun(repo).output.summary).toMatch(/1 earlier thread was resolved/);
  });

  test('a thread a human resolved, or answered with 👎, stays quiet, even after /rust-review full', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true, ptr: false }, { name: 'b', ptr: true }]) } });
    await open(repo, pull);
    expect(pull.threads).toHaveLength(2);
    const [todoThread, ptrThread] = [...pull.threads].sort((x, y) => x.line - y.line).reverse();
    h.fake.resolveThreadAs(pull, todoThread!.id, 'alice');
    ptrThread!.comments[0]!.reactions.push({ content: '-1', user: { login: 'bob', type: 'User' } });

    // Shift lines so both comments are outdated, then ask for a full review.
    h.fake.push(repo, pull, { 'src/a.rs': `// moved\n\n${rustFile([{ name: 'a', todo: true, ptr: false }, { name: 'b', ptr: true }])}` });
    await open(repo, pull, 'synchronize');
    const c = h.fake.addIssueComment(repo, pull.number, '/rust-review full', pull.user);
    await h.sendAndWait('issue_comment', issueCommentPayload(repo, pull, c));
    expect(pull.threads).toHaveLength(2);
    expect(todoThread!.isResolved).toBe(true);
    expect(lastRun(repo).output.summary).toMatch(/2 findings stay quiet/);
  });

  test('a burst of pushes collapses: the superseded check run is completed, the last head is reviewed', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    h.fake.latencyMs = 30;
    await h.send('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));
    await new Promise((r) => setTimeout(r, 100)); // the first review is running
    h.fake.push(repo, pull, { 'src/a.rs': rustFile([{ name: 'a', todo: true }, { name: 'b' }]) });
    await h.send('pull_request', pullRequestPayload(h.fake, repo, pull, 'synchronize'));
    h.fake.push(repo, pull, { 'src/a.rs': rustFile([{ name: 'a', todo: true }, { name: 'b' }, { name: 'c' }]) });
    await h.send('pull_request', pullRequestPayload(h.fake, repo, pull, 'synchronize'));
    await h.app.idle();
    expect(repo.checkRuns.every((r) => r.status === 'completed')).toBe(true);
    expect(repo.checkRuns.filter((r) => r.conclusion === 'cancelled').every((r) => /superseded/.test(r.output.title ?? ''))).toBe(true);
    expect(lastRun(repo)).toMatchObject({ headSha: pull.headSha, conclusion: 'success' });
    expect(repo.checkRuns.filter((r) => r.conclusion === 'success')).toHaveLength(1);
  });
});

describe('commands', () => {
  async function comment(repo: RepoState, pull: PullState, body: string, user: User = { login: 'carol', type: 'User' }) {
    const c = h.fake.addIssueComment(repo, pull.number, body, user);
    await h.sendAndWait('issue_comment', issueCommentPayload(repo, pull, c));
    return c;
  }

  test('/rust-review by the author: 👀 and a review of the latest head', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    const c = await comment(repo, pull, 'please\n/rust-review', pull.user);
    expect(c.reactions.map((r) => r.content)).toEqual(['eyes']);
    expect(lastRun(repo)).toMatchObject({ headSha: pull.headSha, conclusion: 'success' });
    expect(pull.reviews).toHaveLength(1);
  });

  test('permission: write collaborators may, others get one polite reply, bots are ignored', async () => {
    const repo = newRepo();
    repo.collaborators.set('maya', 'maintain');
    repo.collaborators.set('rita', 'read');
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });

    const byReader = await comment(repo, pull, '/rust-review', { login: 'rita', type: 'User' });
    expect(repo.checkRuns).toEqual([]);
    expect(byReader.reactions).toEqual([]);
    const replies = repo.issueComments.filter((x) => x.user.login === BOT_LOGIN);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toMatch(/^Sorry @rita, only the author/);

    await comment(repo, pull, '/rust-review', { login: 'stranger', type: 'User' });
    expect(repo.checkRuns).toEqual([]);

    await comment(repo, pull, '/rust-review', { login: 'renovate[bot]', type: 'Bot' });
    await comment(repo, pull, '/rust-review', { login: 'rust-review[bot]', type: 'Bot' });
    expect(repo.checkRuns).toEqual([]);
    expect(repo.issueComments.filter((x) => x.user.login === BOT_LOGIN && x.body.startsWith('Sorry'))).toHaveLength(2); // rita and stranger, one each

    const byMaintainer = await comment(repo, pull, '/rust-review', { login: 'maya', type: 'User' });
    expect(byMaintainer.reactions.map((r) => r.content)).toEqual(['eyes']);
    expect(lastRun(repo)).toMatchObject({ conclusion: 'success' });
  });

  test('explain, help and unknown sub-commands reply; anyone may ask', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': CLEAN } });
    const bot = () => repo.issueComments.filter((x) => x.user.type === 'Bot');
    const c1 = await comment(repo, pull, '/rust-review explain ownership/ptr-arg', { login: 'stranger', type: 'User' });
    expect(c1.reactions.map((r) => r.content)).toEqual(['eyes']);
    expect(bot()[0]!.body).toMatch(/^# `ownership\/ptr-arg`/);
    await comment(repo, pull, '/rust-review explain nope/none');
    expect(bot()[1]!.body).toMatch(/There is no rule `nope\/none`/);
    await comment(repo, pull, '/rust-review help');
    expect(bot()[2]!.body).toMatchSnapshot('help');
    await comment(repo, pull, '/rust-review frobnicate now');
    expect(bot()[3]!.body).toMatch(/^I do not know `\/rust-review frobnicate now`/);
    await comment(repo, pull, 'just talking about /rust-review here');
    expect(bot()).toHaveLength(4);
    expect(repo.checkRuns).toEqual([]);
  });

  test('/rust-review full reposts findings whose comment is outdated, never those still on the diff', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true, ptr: false }]), 'src/b.rs': rustFile([{ name: 'b' }]) } });
    await open(repo, pull);
    expect(pull.threads).toHaveLength(2);
    // Rewrite a.rs around its finding so that the old comment is outdated; b.rs is unchanged.
    h.fake.push(repo, pull, { 'src/a.rs': `// header\n${rustFile([{ name: 'a', todo: true, ptr: false }])}` });
    await open(repo, pull, 'synchronize');
    expect(pull.threads).toHaveLength(2);
    await comment(repo, pull, '/rust-review full', pull.user);
    expect(pull.threads).toHaveLength(3);
    expect(pull.threads[2]).toMatchObject({ path: 'src/a.rs', line: 4 });
  });
});

describe('re-runs and forks', () => {
  test('a fork PR is reviewed; check_run.rerequested, the Re-run button and check_suite.rerequested find it by external_id', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { forkOwner: 'mallory', user: { login: 'mallory', type: 'User' }, changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    await open(repo, pull);
    const run = lastRun(repo);
    expect(run).toMatchObject({ conclusion: 'success', externalId: String(pull.number) });

    await h.sendAndWait('check_run', checkRunPayload(repo, run, 'rerequested'));
    expect(repo.checkRuns).toHaveLength(2);
    await h.sendAndWait('check_run', checkRunPayload(repo, run, 'requested_action', { identifier: 'rerun' }));
    expect(repo.checkRuns).toHaveLength(3);
    await h.sendAndWait('check_run', checkRunPayload(repo, run, 'requested_action', { identifier: 'something-else' }));
    expect(repo.checkRuns).toHaveLength(3);
    await h.sendAndWait('check_suite', checkSuitePayload(repo, { id: run.checkSuiteId, headSha: run.headSha }));
    expect(repo.checkRuns).toHaveLength(4);
    expect(repo.checkRuns.every((r) => r.status === 'completed' && r.conclusion === 'success')).toBe(true);
    expect(pull.threads).toHaveLength(2); // re-runs repeat nothing
  });
});

describe('GitHub refuses or fails', () => {
  test('a 422 on one comment: the others land, the refused one is in the summary', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }, { name: 'b' }, { name: 'c' }]) } });
    h.fake.refuseComment = (c) => c.line === 6; // ptr-arg on `b`
    await open(repo, pull);
    expect(comments(pull).map((c) => c.line).sort()).toEqual([10, 2, 3]);
    const run = lastRun(repo);
    expect(run.output.summary).toMatch(/### Not posted inline \(1\)/);
    expect(run.output.summary).toMatch(/src\/a\.rs:6/);
    expect(run.conclusion).toBe('success');
  });

  test("a broken config fails the check as the config's fault, with the file, key and line, and no Re-run button", async () => {
    const repo = newRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'fail_on: error\nlimits:\n  max_comments: lots\n' });
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    await open(repo, pull);
    const run = lastRun(repo);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', output: expect.objectContaining({ title: 'rust-review: the config file is invalid' }) });
    expect(run.output.summary).toMatch(/`\.github\/rust-review\.yml \(main\)` could not be used/);
    expect(run.output.summary).toMatch(/line 3: `limits\.max_comments`/);
    expect(run.output.summary).not.toMatch(/Re-run|could not complete/);
    expect(run.actions).toEqual([]);
    expect(pull.reviews).toEqual([]);
  });

  test('an unknown rule id in the base config is the config\'s fault too (one parse, before any review work)', async () => {
    const repo = newRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'fail_on: error\nrules:\n  async/lock-guard-accross-await: off\n' });
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]), '.github/rust-review.yml': 'fail_on: never\n' } });
    await open(repo, pull);
    const run = lastRun(repo);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', output: expect.objectContaining({ title: 'rust-review: the config file is invalid' }) });
    expect(run.output.summary).toMatch(/line 3: `rules\.async\/lock-guard-accross-await`: no rule or role matches .*did you mean `async\/lock-guard-across-await`/);
    expect(run.actions).toEqual([]);
    expect(pull.reviews).toEqual([]);
    expect(h.fake.requests.filter((r) => r.path.includes(`/${repo.name}/pulls/${pull.number}/files`))).toEqual([]); // nothing fetched for a review
  });

  test('GitHub 500s on the first try: retried, the review completes', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    h.fake.faults = [
      { method: 'POST', path: /check-runs$/, times: 1, status: 500 },
      { path: /\/pulls\/\d+\/files$/, times: 1, status: 502 },
      { operation: 'RustReviewBlobs', times: 1, status: 500 },
      { path: /\/reviews$/, times: 1, status: 500 },
    ];
    await open(repo, pull);
    expect(h.fake.faults.every((f) => f.times === 0)).toBe(true);
    expect(lastRun(repo)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(pull.reviews).toHaveLength(1);
  });

  test('GitHub down: retried later from the queue, then the check run fails with the reason and a Re-run button (neutral with on_error: neutral)', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    h.fake.faults = [{ path: /\/pulls\/\d+\/files$/, times: 100, status: 503 }];
    await open(repo, pull);
    expect(repo.checkRuns).toHaveLength(1); // the retries resume the same check run
    const run = lastRun(repo);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.output.summary).toMatch(/GitHub answered 503.*\(after 3 attempts\)/);
    expect(h.fake.requests.filter((r) => r.path.endsWith('/files') && r.path.includes(`/${repo.name}/`))).toHaveLength(12); // 3 attempts x (1 + 3 in-request retries)
    expect(run.actions[0]).toMatchObject({ identifier: 'rerun' });

    const repo2 = newRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'review:\n  on_error: neutral\n' });
    const pull2 = h.fake.openPull(repo2, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } });
    h.fake.faults = [{ path: /\/pulls\/\d+\/files$/, times: 100, status: 503 }];
    await open(repo2, pull2);
    expect(lastRun(repo2)).toMatchObject({ status: 'completed', conclusion: 'neutral' });
  });
});

describe('the crate around a change', () => {
  test("a second pull request in the same crate fetches none of the unchanged files the cache has facts for (by the tree's blob ids)", async () => {
    const helper = (name: string) => `pub fn ${name}(v: &[u8]) -> u8 {\n    v[0]\n}\n`;
    const repo = newRepo({ 'src/lib.rs': 'mod a;\nmod b;\nmod c;\n', 'src/a.rs': CLEAN, 'src/b.rs': helper('b'), 'src/c.rs': helper('c') });
    const blobPaths = () =>
      h.fake
        .apiRequests()
        .filter((r) => r.operation === 'RustReviewBlobs')
        .flatMap((r) => JSON.stringify(r.body).match(/src\/[a-z]+\.rs/g) ?? []);
    h.fake.resetLog();
    await open(repo, h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true }]) } }));
    expect(blobPaths()).toEqual(expect.arrayContaining(['src/a.rs', 'src/b.rs', 'src/c.rs']));
    h.fake.resetLog();
    const second = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a2', todo: true }]) } });
    await open(repo, second);
    expect(lastRun(repo)).toMatchObject({ status: 'completed' });
    expect(comments(second).length).toBeGreaterThan(0);
    expect(blobPaths()).toContain('src/a.rs');
    expect(blobPaths()).not.toContain('src/b.rs');
    expect(blobPaths()).not.toContain('src/c.rs');
  });
});

describe('size', () => {
  test('a 30-file PR with 50 findings takes at most 11 requests beyond the token exchange, posting included', async () => {
    const { repo, pull } = thirtyFilePull(h.fake, `thirty-${++n}`);
    h.fake.resetLog();
    await open(repo, pull);
    expect(comments(pull)).toHaveLength(50);
    expect(lastRun(repo)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(lastRun(repo).annotations).toHaveLength(50);
    const log = h.fake.apiRequests().map((r) => `${r.method} ${r.operation ?? r.path.replace(/\/repos\/[^/]+\/[^/]+/, '').replace(/[0-9a-f]{40}|\d+/g, ':id')}`);
    expect(log).toEqual([
      'GET /pulls/:id', // the current head, whatever order the deliveries came in
      'POST /check-runs',
      'POST RustReviewConfig',
      'GET /pulls/:id/files',
      'POST RustReviewThreads',
      'GET /git/trees/:id',
      'POST RustReviewBlobs',
      'POST /pulls/:id/reviews',
      'POST /pulls/:id/reviews',
      'PATCH /check-runs/:id',
    ]);
    expect(h.fake.requests.filter((r) => r.path.includes('access_tokens')).length).toBeLessThanOrEqual(1);
  });

  test('a PR with 300 files: paged file list, batched contents, comments capped, annotations 50 per request', async () => {
    const repo = newRepo();
    const changes: Record<string, string> = {};
    // 120 Rust files (two GraphQL blob batches) and 180 others; analysing Rust costs ~40 ms a file on this machine.
    for (let i = 0; i < 300; i++) changes[i < 120 ? `src/m${String(i).padStart(3, '0')}.rs` : `docs/d${i}.md`] = i < 40 ? rustFile([{ name: `f${i}`, todo: true }]) : i < 120 ? CLEAN : `# doc ${i}\n`;
    const pull = h.fake.openPull(repo, { changes });
    h.fake.resetLog();
    await open(repo, pull);
    const run = lastRun(repo);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(h.fake.schemaViolations).toEqual([]);
    expect(run.annotations).toHaveLength(80);
    expect(run.updates).toBe(2);
    expect(comments(pull)).toHaveLength(50); // limits.max_comments
    expect(pull.reviews).toHaveLength(2); // 30 + 20
    expect(run.output.summary).toMatch(/### Not posted inline \(30\)/);
    const log = h.fake.apiRequests();
    expect(log.filter((r) => r.path.endsWith('/files'))).toHaveLength(3);
    expect(log.filter((r) => r.operation === 'RustReviewBlobs')).toHaveLength(2);
    expect(log.length).toBeLessThanOrEqual(15);
  });
});
