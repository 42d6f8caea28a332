/**
 * The App serves the rule docs its comments link to (`<PUBLIC_URL>/docs/rules/<role>/<name>`), and takes
 * webhooks posted to `/` (what Probot's setup flow registers without WEBHOOK_PROXY_URL).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderComment } from '../../src/report/comment.js';
import { ruleDocsUrl } from '../../src/report/labels.js';
import { renderSarif } from '../../src/report/sarif.js';
import { ALL_RULES } from '../../src/rules/registry.js';
import { deliver, pullRequestPayload } from '../fakes/github/webhooks.js';
import { CLEAN, rustFile } from '../e2e/fixtures.js';
import { SECRET, startHarness, type Harness } from '../e2e/harness.js';

let h: Harness;
const saved = { PUBLIC_URL: process.env.PUBLIC_URL, RUST_REVIEW_DOCS_URL: process.env.RUST_REVIEW_DOCS_URL };
beforeAll(async () => {
  h = await startHarness();
  process.env.PUBLIC_URL = h.baseUrl;
  delete process.env.RUST_REVIEW_DOCS_URL;
});
afterAll(async () => {
  await h?.stop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('rule docs served by the App', () => {
  test('every rule has a page at /docs/rules/<role>/<name>, and the index links to them', async () => {
    const index = await fetch(`${h.baseUrl}/docs/rules/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    const html = await index.text();
    for (const rule of ALL_RULES) expect(html).toContain(`<a href="${rule.id}"><code>${rule.id}</code></a>`);

    const page = await fetch(`${h.baseUrl}/docs/rules/async/lock-guard-across-await`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<h1><code>async/lock-guard-across-await</code></h1>');
    expect(text).toContain('<pre><code class="language-rust">');
    expect(text).not.toMatch(/<script/);

    const md = await fetch(`${h.baseUrl}/docs/rules/async/lock-guard-across-await.md`, { headers: { accept: 'text/markdown' } });
    expect(await md.text()).toMatch(/^# `async\/lock-guard-across-await`/);
    expect((await fetch(`${h.baseUrl}/docs/rules/async/no-such-rule`)).status).toBe(404);
  });

  test('comments link to the App\'s own page when PUBLIC_URL is set, and the link answers', async () => {
    const repo = h.fake.addRepo('acme', 'docs-links', { 'src/lib.rs': CLEAN });
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true, ptr: false }]) } });
    await h.sendAndWait('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));
    const body = pull.threads[0]!.comments[0]!.body;
    const link = /\[rule docs\]\(([^)]+)\)/.exec(body)?.[1];
    expect(link).toBe(`${h.baseUrl}/docs/rules/architecture/unfinished-code`);
    expect((await fetch(link!)).status).toBe(200);
  });

  test('a webhook posted to / is handled like one posted to /api/github/webhooks (signature checked)', async () => {
    const repo = h.fake.addRepo('acme', 'root-hook', { 'src/lib.rs': CLEAN });
    const pull = h.fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', ptr: false }]) } });
    const bad = await deliver(`${h.baseUrl}/`, 'wrong-secret', 'pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));
    expect(bad.status).toBeGreaterThanOrEqual(400);
    const res = await deliver(`${h.baseUrl}/`, SECRET, 'pull_request', pullRequestPayload(h.fake, repo, pull, 'opened'));
    expect(res.status).toBe(200);
    await h.app.idle();
    expect(repo.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
  });
});

describe('docs links without a public URL', () => {
  const finding = { ruleId: 'async/unbounded-channel', role: 'async', severity: 'warning', path: 'src/a.rs', line: 3, message: 'unbounded', source: 'rule' } as const;
  test('RUST_REVIEW_DOCS_URL (a copy of docs/rules/) is used when PUBLIC_URL is not set', () => {
    expect(ruleDocsUrl('async/unbounded-channel', { RUST_REVIEW_DOCS_URL: 'https://git.example/me/rr/blob/main/docs/rules' })).toBe('https://git.example/me/rr/blob/main/docs/rules/async/unbounded-channel.md');
    expect(ruleDocsUrl('async/unbounded-channel', { PUBLIC_URL: 'https://review.example/', RUST_REVIEW_DOCS_URL: 'https://x/' })).toBe('https://review.example/docs/rules/async/unbounded-channel');
  });
  test('with neither, no link to a made-up place: the comment names the explain command, SARIF has no helpUri', () => {
    const env = { ...process.env };
    delete process.env.PUBLIC_URL;
    delete process.env.RUST_REVIEW_DOCS_URL;
    try {
      expect(ruleDocsUrl('async/unbounded-channel')).toBeUndefined();
      const body = renderComment(finding, 'fp');
      expect(body).toContain('docs: `/rust-review explain async/unbounded-channel`');
      expect(body).not.toMatch(/https?:/);
      const sarif = JSON.parse(renderSarif({ inline: [], outsideFilter: [] } as never));
      expect(JSON.stringify(sarif)).not.toMatch(/helpUri|informationUri|rust-review\/rust-review/);
    } finally {
      Object.assign(process.env, env);
    }
  });
});
