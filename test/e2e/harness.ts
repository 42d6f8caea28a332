/**
 * A real Probot server running the App against the fake GitHub: real Octokit (token exchange with a
 * real JWT, REST, GraphQL, pagination, retry), real webhook signature checks, the App's resilient
 * Octokit (`src/github/resilience.ts`) as `npm start` uses it. Throttling is off (or `'fast'`: the
 * real plugin with its spacing shortened, so that rate-limit retries run) and retry delays are short
 * so that the suite stays fast; everything else is production code.
 */
import { generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import Bottleneck from 'bottleneck';
import { pino, type DestinationStream } from 'pino';
import { Probot, Server } from 'probot';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type AppOptions, type RustReviewApp } from '../../src/app.js';
import { resilientOctokit, type ResilienceOptions } from '../../src/github/resilience.js';
import { Metrics } from '../../src/metrics/index.js';
import { FakeGitHub } from '../fakes/github/server.js';
import { deliver } from '../fakes/github/webhooks.js';

export const SECRET = 'test-webhook-secret';

let privateKey: string | undefined;
function key(): string {
  privateKey ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return privateKey;
}

export async function freePort(): Promise<number> {
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
  send(event: string, payload: Record<string, any> | string, opts?: { badSignature?: boolean; deliveryId?: string; contentType?: string }): Promise<{ status: number; ms: number; text: string }>;
  /** Sends and waits until the reviews and command tasks it started are done. */
  sendAndWait(event: string, payload: Record<string, any>): Promise<{ status: number; ms: number }>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  appOptions?: AppOptions;
  fake?: FakeGitHub;
  /** false: off (default); true: Probot's defaults (writes ≥1 s apart); 'fast': the plugin with 5 ms spacing. */
  throttle?: boolean | 'fast';
  /** Per-attempt GitHub timeout (default 10 s). */
  timeoutMs?: number;
  /** Options of the resilient Octokit (rate-limit waits, retries). */
  resilience?: Partial<ResilienceOptions>;
  /** Where the App's JSON logs go (default: nowhere unless TEST_LOG_LEVEL). */
  logStream?: DestinationStream;
  /**
   * Probot's throttling shared through this Redis (REDIS_URL in production: Bottleneck on Redis), with
   * the `'fast'` spacing; the limiter groups live in Redis, as in production.
   */
  throttleRedis?: string;
}

/**
 * One App and fake GitHub for a whole test file: started before its tests, stopped after them. The
 * returned object stands for the running harness (its properties are read when a test uses them).
 */
export function harnessForThisFile(opts: HarnessOptions = {}): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness(opts);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as Harness, {
    get(_target, key) {
      if (!started) throw new Error('the harness starts in beforeAll: use it inside a test or a hook');
      const value: unknown = Reflect.get(started, key);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const ownFake = !opts.fake;
  const fake = opts.fake ?? new FakeGitHub();
  if (!fake.url) await fake.start();
  const log = opts.logStream ? pino({ level: 'info' }, opts.logStream) : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const metrics = opts.appOptions?.metrics ?? new Metrics({ defaultMetrics: false });
  // One set of limiter groups per replica, as in production (@octokit/plugin-throttling creates its
  // groups once per process), not one per Octokit: with Redis, every Group is a Bottleneck client of
  // the same keys, and hundreds of short-lived clients of one key leave jobs queued for good
  // (Bottleneck 2.19.5; seen as reviews stuck behind the deadline in the Redis-kill load test).
  const groupsByConnection = new Map<unknown, { write: Bottleneck.Group; notifications: Bottleneck.Group }>();
  const fast = (o: any) => {
    const connection = o.throttle?.connection;
    const shared = connection ? { datastore: 'ioredis', connection, timeout: 120_000 } : {};
    const groups = groupsByConnection.get(connection) ?? {
      write: new Bottleneck.Group({ id: 'octokit-write-fast', maxConcurrent: 1, minTime: 5, ...shared }),
      notifications: new Bottleneck.Group({ id: 'octokit-notifications-fast', maxConcurrent: 1, minTime: 5, ...shared }),
    };
    groupsByConnection.set(connection, groups);
    return groups;
  };
  const Octokit = resilientOctokit({ onRequest: metrics.githubRequest, timeoutMs: opts.timeoutMs ?? 10_000, retryBaseMs: 2, ...opts.resilience }).defaults((o: any) => ({
    ...o,
    throttle: opts.throttle === 'fast' || opts.throttleRedis ? { ...o.throttle, ...fast(o) } : opts.throttle ? o.throttle : { ...o.throttle, enabled: false },
  }));
  const port = await freePort();
  const server = new Server({
    Probot: Probot.defaults({ appId: 1, privateKey: key(), secret: SECRET, baseUrl: fake.url, log, Octokit, ...(opts.throttleRedis ? { redisConfig: opts.throttleRedis } : {}) }),
    host: '127.0.0.1',
    port,
    log,
  });
  const app = createApp({ concurrency: 2, redisUrl: '', githubRetryBaseMs: 5, retryDelaysMs: [20, 40], ...opts.appOptions, metrics });
  await server.load(app.appFn);
  await server.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  const webhookUrl = `${baseUrl}/api/github/webhooks`;
  const send: Harness['send'] = (event, payload, o) => deliver(webhookUrl, SECRET, event, payload, o);
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
      if (ownFake) await fake.stop();
    },
  };
}
