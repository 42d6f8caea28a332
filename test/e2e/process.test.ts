/**
 * The built App as `npm start` runs it (`node dist/main.js`: Probot's run() and env, default
 * throttling, the resilient Octokit): /ping and /metrics answer, a webhook is answered at once, and
 * SIGTERM finishes the review in flight first. `probot run ./dist/app.js` still works the same way.
 * Needs `npm run build` (skipped when dist/main.js is missing).
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { FakeGitHub } from '../fakes/github/server.js';
import { deliver, pullRequestPayload } from '../fakes/github/webhooks.js';
import { rustFile } from './fixtures.js';

const root = path.resolve(import.meta.dirname, '../..');
const built = fs.existsSync(path.join(root, 'dist/main.js'));
const fake = new FakeGitHub();
afterAll(() => fake.stop());

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

test.skipIf(!built)('npm start: /ping, /metrics, webhook answered at once, SIGTERM drains the review in flight', async () => {
  await fake.start();
  const port = await freePort();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, APP_ID: '1', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: 's3cret', PORT: String(port), HOST: '127.0.0.1', GHE_HOST: fake.url.replace('http://', ''), GHE_PROTOCOL: 'http', LOG_LEVEL: 'warn', ORPHANS: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      up = await fetch(`http://127.0.0.1:${port}/ping`).then((r) => r.ok, () => false);
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    expect(up).toBe(true);
    expect(await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text())).toMatch(/rust_review_process_resident_memory_bytes/);

    const repo = fake.addRepo('acme', 'proc');
    const pull = fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true, ptr: false }]) } });
    fake.latencyMs = 150;
    const res = await deliver(`http://127.0.0.1:${port}/api/github/webhooks`, 's3cret', 'pull_request', pullRequestPayload(fake, repo, pull, 'opened'));
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    for (let i = 0; i < 100 && !repo.checkRuns.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(repo.checkRuns[0]?.status).toBe('in_progress');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(repo.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(pull.threads).toHaveLength(1);
    expect(output).not.toMatch(/"level":(50|60)/);
  } catch (err) {
    console.error(output);
    throw err;
  } finally {
    child.kill('SIGKILL');
  }
}, 60_000);
