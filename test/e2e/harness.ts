/**
 * A real Probot server running the App against the fake GitHub: real Octokit (token exchange with a
 * real JWT, REST, GraphQL, pagination, retry), real webhook signature checks. Throttling is off and
 * retry delays are short so that the suite stays fast; everything else is production code.
 */
import { generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import { pino } from 'pino';
import { Probot, ProbotOctokit, Server } from 'probot';
import { createApp, type AppOptions, type RustReviewApp } from '../../src/app.js';
import { FakeGitHub } from '../fakes/github/server.js';
import { deliver } from '../fakes/github/webhooks.js';

export const SECRET = 'test-webhook-secret';

let privateKey: string | undefined;
function key(): string {
  privateKey ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return privateKey;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Harness {
  fake: FakeGitHub;
  app: RustReviewApp;
  webhookUrl: string;
  baseUrl: string;
  send(event: string, payload: Record<string, any>, opts?: { badSignature?: boolean }): Promise<{ status: number; ms: number; text: string }>;
  /** Sends and waits until the reviews and command tasks it started are done. */
  sendAndWait(event: string, payload: Record<string, any>): Promise<{ status: number; ms: number }>;
  stop(): Promise<void>;
}

export async function startHarness(opts: { appOptions?: AppOptions; fake?: FakeGitHub; throttle?: boolean } = {}): Promise<Harness> {
  const fake = opts.fake ?? new FakeGitHub();
  if (!fake.url) await fake.start();
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const Octokit = ProbotOctokit.defaults((o: any) => ({
    ...o,
    ...(opts.throttle ? {} : { throttle: { ...o.throttle, enabled: false } }),
    retry: { retryAfterBaseValue: 2 },
  }));
  const port = await freePort();
  const server = new Server({
    Probot: Probot.defaults({ appId: 1, privateKey: key(), secret: SECRET, baseUrl: fake.url, log, Octokit }),
    host: '127.0.0.1',
    port,
    log,
  });
  const app = createApp({ concurrency: 2, ...opts.appOptions });
  await server.load(app.appFn);
  await server.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  const webhookUrl = `${baseUrl}/api/github/webhooks`;
  const send = (event: string, payload: Record<string, any>, o?: { badSignature?: boolean }) => deliver(webhookUrl, SECRET, event, payload, o);
  return {
    fake,
    app,
    webhookUrl,
    baseUrl,
    send,
    async sendAndWait(event, payload) {
      const r = await send(event, payload);
      await app.idle();
      return r;
    },
    async stop() {
      await app.close();
      await server.stop();
      await fake.stop();
    },
  };
}
