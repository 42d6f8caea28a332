/**
 * The App and the CLI as they ship, not as they run from the source tree:
 *
 *  - the Docker image's directory (artifact.ts: production dependencies only, dist/, app.yml) runs
 *    `node dist/main.js` with an API key against the fake GitHub and the fake Anthropic API: a
 *    webhook gets the rule review, the LLM review (the prompts are in dist/) and a completed check
 *    run; the docs its comments link to answer; a bad variable stops start-up naming it; without
 *    APP_ID it serves Probot's setup flow with the manifest WEBHOOK_PROXY_URL asks for;
 *  - `npm pack` then `npm install` of the tarball: `rust-review review --llm` from the installed bin.
 *
 * Needs `npm run build` (npm test does it first; skipped when dist/main.js is missing).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findingsReply, startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic/server.js';
import { FakeGitHub } from '../fakes/github/server.js';
import { deliver, pullRequestPayload } from '../fakes/github/webhooks.js';
import { prRepo, type Repo } from '../cli/repo.js';
import { CLEAN, rustFile } from '../e2e/fixtures.js';
import { freePort } from '../e2e/harness.js';
import { llm } from '../llm/helpers.js';
import { buildArtifact, npm, privateKey, root, start, waitUntilUp } from './artifact.js';

const built = fs.existsSync(path.join(root, 'dist/main.js'));
const runFile = promisify(execFile);

let artifact: string;
let installed: string;
let fake: FakeGitHub;
let api: FakeAnthropic;
const cleanup: string[] = [];

beforeAll(async () => {
  if (!built) return;
  fake = new FakeGitHub();
  await fake.start();
  api = await startFakeAnthropic((req) => findingsReply(req.role === 'architecture' ? [llm('src/a.rs', 7, 's.trim().to_string()', { message: 'allocates on every call' })] : []));
  // The two installs at once: each is mostly waiting on npm.
  [artifact, installed] = await Promise.all([buildArtifact(), installPackedCli()]);
  cleanup.push(artifact, installed);
}, 300_000);

afterAll(async () => {
  await fake?.stop();
  await api?.close();
  await Promise.all(cleanup.map((d) => fs.promises.rm(d, { recursive: true, force: true })));
}, 120_000);

/** `npm pack` of this repository (the suite's build: --ignore-scripts skips prepack's rebuild), installed into an empty project. */
async function installPackedCli(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-review-pack-'));
  const { stdout } = await runFile('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, timeout: 120_000 });
  const tarball = path.join(dir, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await npm(['install', '--omit=dev', '--ignore-scripts', tarball], dir);
  return dir;
}

function appEnv(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    APP_ID: '1',
    PRIVATE_KEY: privateKey(),
    WEBHOOK_SECRET: 'artifact-secret',
    PORT: String(port),
    HOST: '127.0.0.1',
    GHE_HOST: fake.url.replace('http://', ''),
    GHE_PROTOCOL: 'http',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    ORPHANS: 'off',
    ANTHROPIC_API_KEY: 'sk-artifact-key',
    ANTHROPIC_BASE_URL: api.baseURL,
    ...extra,
  };
}

describe.skipIf(!built)('the Docker image\'s directory (production dependencies only)', () => {
  test('has no dev dependency and everything the code reads', () => {
    expect(fs.existsSync(path.join(artifact, 'node_modules/probot'))).toBe(true);
    for (const dev of ['vitest', 'typescript', 'smee-client', 'tsx']) expect(fs.existsSync(path.join(artifact, 'node_modules', dev))).toBe(false);
    expect(fs.readdirSync(path.join(artifact, 'dist/llm/prompts')).sort()).toEqual(['architecture.md', 'async.md', 'database.md', 'ownership.md', 'system.md', 'tests.md']);
    expect(fs.existsSync(path.join(artifact, 'src'))).toBe(false);
  });

  test('node dist/main.js with an API key: the rule review, the LLM review, a completed check run, working docs links', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = start('dist/main.js', artifact, appEnv(port, { PUBLIC_URL: base }));
    try {
      await waitUntilUp(`${base}/ping`, app);
      const repo = fake.addRepo('acme', 'artifact', { 'src/lib.rs': CLEAN });
      const pull = fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true, ptr: false }, { name: 'b', ptr: false }]) } });
      const res = await deliver(`${base}/api/github/webhooks`, 'artifact-secret', 'pull_request', pullRequestPayload(fake, repo, pull, 'opened'));
      expect(res.status).toBe(200);
      await expect.poll(() => pull.reviews.length, { timeout: 60_000 }).toBe(2);
      await expect.poll(() => repo.checkRuns[0]?.output.summary ?? '', { timeout: 30_000 }).toMatch(/\*\*LLM passes:\*\* ran/);

      expect(repo.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
      const bodies = pull.threads.map((t) => t.comments[0]!.body);
      expect(bodies.some((b) => b.includes('architecture/unfinished-code'))).toBe(true);
      expect(bodies.some((b) => b.includes('allocates on every call'))).toBe(true);
      expect(api.calls.length).toBeGreaterThan(0);
      const link = /\[rule docs\]\(([^)]+)\)/.exec(bodies.find((b) => b.includes('architecture/unfinished-code'))!)?.[1];
      expect(link).toBe(`${base}/docs/rules/architecture/unfinished-code`);
      expect(await fetch(link!).then((r) => r.status)).toBe(200);

      // The effective settings were logged once, without a secret.
      const settings = app.output().split('\n').filter((l) => l.includes('effective settings'));
      expect(settings).toHaveLength(1);
      expect(JSON.parse(settings[0]!).settings).toMatchObject({ APP_ID: '1', PRIVATE_KEY: '(set)', ANTHROPIC_API_KEY: '(set)', WEBHOOK_SECRET: '(set)', PUBLIC_URL: base });
      expect(app.output()).not.toContain('sk-artifact-key');
      expect(app.output()).not.toContain('BEGIN RSA PRIVATE KEY');
      expect(app.output()).not.toMatch(/"level":(50|60)/);

      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    } catch (err) {
      console.error(app.output());
      throw err;
    } finally {
      app.child.kill('SIGKILL');
    }
  }, 120_000);

  test('a bad variable stops start-up, naming it', async () => {
    const app = start('dist/main.js', artifact, appEnv(await freePort(), { SHUTDOWN_GRACE_MS: '8s', PUBLIC_URL: 'review.example' }));
    expect(await app.exited).toBe(2);
    expect(app.output()).toMatch(/rust-review: invalid environment: PUBLIC_URL: must be a URL/);
    expect(app.output()).toMatch(/rust-review: invalid environment: SHUTDOWN_GRACE_MS: must be a whole number of milliseconds/);
  });

  test("without APP_ID: Probot's setup flow at /, registering the webhook URL WEBHOOK_PROXY_URL names", async () => {
    const port = await freePort();
    const env = appEnv(port, { WEBHOOK_PROXY_URL: 'https://smee.io/rust-review-test' });
    for (const k of ['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET', 'NODE_ENV']) delete env[k];
    const app = start('dist/main.js', artifact, env);
    try {
      await waitUntilUp(`http://127.0.0.1:${port}/probot`, app);
      const root = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
      expect([root.status, root.headers.get('location')]).toEqual([302, '/probot']);
      const html = await (await fetch(`http://127.0.0.1:${port}/probot`)).text();
      // Probot's setup page posts the manifest from <button name="manifest" value='{...}'>.
      const manifest = JSON.parse(/name="manifest"[^>]*value='([^']*)'/.exec(html)?.[1] ?? '{}');
      expect(manifest).toMatchObject({ name: 'rust-review', hook_attributes: { url: 'https://smee.io/rust-review-test' }, default_permissions: { checks: 'write', pull_requests: 'write' } });
    } catch (err) {
      console.error(app.output());
      throw err;
    } finally {
      app.child.kill('SIGKILL');
    }
  }, 60_000);
});

describe.skipIf(!built)('npm pack + npm install: the CLI', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = prRepo({ 'src/lib.rs': 'pub fn ok() {}\n' }, { 'src/a.rs': rustFile([{ name: 'a', todo: true, ptr: false }, { name: 'b', ptr: false }]) });
  });
  afterAll(() => repo?.remove());

  test('rust-review review --llm from the installed bin: rule and LLM findings (the prompts are in the package)', async () => {
    const bin = path.join(installed, 'node_modules/.bin/rust-review');
    expect(fs.existsSync(path.join(installed, 'node_modules/rust-review/src'))).toBe(false);
    const out = await runFile(bin, ['review', '--repo', repo.dir, '--base', 'main', '--format', 'json', '--llm'], { env: { PATH: process.env.PATH ?? '', ANTHROPIC_API_KEY: 'sk-cli', ANTHROPIC_BASE_URL: api.baseURL }, timeout: 60_000 }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    const { findings } = JSON.parse(out.stdout) as { findings: { ruleId: string; source: string }[] };
    expect(findings.map((f) => f.ruleId)).toContain('architecture/unfinished-code');
    expect(findings.filter((f) => f.source === 'llm')).toHaveLength(1);
  }, 60_000);

  test('rust-review demo works from the package (its sample is shipped)', async () => {
    const out = await runFile(path.join(installed, 'node_modules/.bin/rust-review'), ['demo'], { env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(out.stdout).toMatch(/rust-review/);
    expect(out.stderr ?? '').not.toMatch(/ENOENT|Error/);
  }, 60_000);
});
