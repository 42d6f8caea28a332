/**
 * The README's local set-up, as a developer runs it from a clone (`npm start` = `node dist/main.js`,
 * dev dependencies installed): credentials and WEBHOOK_PROXY_URL in `.env` (as the setup flow writes
 * them), deliveries arriving through a smee channel (a local fake of smee.io's event stream, read by
 * the real smee-client that Probot loads), and the real environment winning over `.env`.
 * Needs `npm run build` (skipped when dist/main.js is missing).
 */
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { FakeGitHub } from '../fakes/github/server.js';
import { pullRequestPayload } from '../fakes/github/webhooks.js';
import { CLEAN, rustFile } from '../e2e/fixtures.js';
import { freePort } from '../e2e/harness.js';
import { privateKey, root, start, waitUntilUp } from './artifact.js';

const built = fs.existsSync(path.join(root, 'dist/main.js'));
const fake = new FakeGitHub();
const dirs: string[] = [];
afterAll(async () => {
  await fake.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** smee.io's side of a channel: an event stream; `send` pushes one delivery as smee.io would. */
async function fakeSmee() {
  const clients = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': connected\n\n');
    clients.add(res);
    req.on('close', () => clients.delete(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/rust-review-channel`,
    connected: () => clients.size,
    send(event: string, payload: object, secret: string) {
      // smee-client posts JSON.stringify(body): the signature is over exactly that.
      const body = JSON.stringify(payload);
      const msg = { 'x-github-event': event, 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`, body: payload, timestamp: Date.now() };
      for (const c of clients) c.write(`data: ${JSON.stringify(msg)}\n\n`);
    },
    close: () => {
      for (const c of clients) c.end();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

test.skipIf(!built)('npm start with the .env the setup flow writes: deliveries through WEBHOOK_PROXY_URL are reviewed; the real environment wins over .env', async () => {
  await fake.start();
  const smee = await fakeSmee();
  const port = await freePort();
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-review-dev-'));
  dirs.push(cwd);
  const pem = privateKey().replace(/\n/g, '\\n');
  // As Probot's setup flow writes it (PRIVATE_KEY quoted, newlines escaped), plus a stale PORT.
  fs.writeFileSync(path.join(cwd, '.env'), `WEBHOOK_PROXY_URL=${smee.url}\nAPP_ID=1\nPRIVATE_KEY="${pem}"\nWEBHOOK_SECRET=dev-secret\nPORT=1\nLOG_LEVEL=debug\n`);
  const app = start(path.join(root, 'dist/main.js'), cwd, { PORT: String(port), HOST: '127.0.0.1', GHE_HOST: fake.url.replace('http://', ''), GHE_PROTOCOL: 'http', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ORPHANS: 'off' });
  try {
    await waitUntilUp(`http://127.0.0.1:${port}/ping`, app); // the real PORT, not .env's
    await expect.poll(() => smee.connected(), { timeout: 20_000 }).toBe(1);
    const repo = fake.addRepo('acme', 'via-smee', { 'src/lib.rs': CLEAN });
    const pull = fake.openPull(repo, { changes: { 'src/a.rs': rustFile([{ name: 'a', todo: true, ptr: false }]) } });
    smee.send('pull_request', pullRequestPayload(fake, repo, pull, 'opened'), 'dev-secret');
    await expect.poll(() => repo.checkRuns[0]?.status, { timeout: 30_000 }).toBe('completed');
    expect(pull.threads).toHaveLength(1);

    const settings = JSON.parse(app.output().split('\n').find((l) => l.includes('effective settings'))!);
    expect(settings.settings).toMatchObject({ PORT: String(port), LOG_LEVEL: 'info', WEBHOOK_PROXY_URL: smee.url, APP_ID: '1', PRIVATE_KEY: '(set)' });
    expect(settings.fromDotEnv.sort()).toEqual(['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_PROXY_URL', 'WEBHOOK_SECRET']);
    expect(settings.dotEnvIgnored.sort()).toEqual(['LOG_LEVEL', 'PORT']);
    expect(app.output()).not.toContain('"level":20'); // LOG_LEVEL=debug from .env did not win
  } catch (err) {
    console.error(app.output());
    throw err;
  } finally {
    app.child.kill('SIGKILL');
    await smee.close();
  }
}, 90_000);
