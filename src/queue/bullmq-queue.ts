/**
 * The shared review queue (REDIS_URL): BullMQ on Redis, the same contract as `InProcessQueue`, across
 * replicas.
 *
 *   keyed by PR     every enqueue takes the next number of its key (`rr:seq:<key>`, INCR); a job whose
 *                   number is not the latest when it starts is dropped; a still-queued older job is
 *                   removed; a running one is aborted on every replica through pub/sub
 *                   (`rr:supersede`), so the older run stops before posting.
 *   one at a time   a per-PR lock (`rr:lock:<key>`, the job id, kept alive while running) keeps two
 *                   replicas from reviewing one PR at once: a job that finds it taken waits (delayed).
 *   per install     a cluster-wide semaphore per installation (`rr:inst:<id>`, a sorted set of job ids
 *                   with expiry) bounds the reviews one installation runs at once; per process, the
 *                   Worker's concurrency.
 *   retries         a processor's "retry later" becomes a delayed job (unless a newer one exists).
 *   crashes         a job whose replica died is stalled: BullMQ moves it back to waiting after its
 *                   lock expires and another replica runs it (the job data keeps its check run id).
 *   SIGTERM         the Worker stops fetching; running jobs finish within the grace period or are
 *                   aborted with `ShuttingDown` and handed back (moved to delayed, due at once).
 */
import { createHash } from 'node:crypto';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ShuttingDown, Superseded, type EnqueueOptions, type QueueDepth, type QueueHooks, type ReviewProcessor, type ReviewQueue } from './review-queue.js';

export interface BullQueueOptions<J> extends QueueHooks<J> {
  redisUrl: string;
  /** BullMQ queue name (default `rust-review`). */
  queueName?: string;
  /** Prefix of this module's own Redis keys (default `rr:`). */
  prefix?: string;
  /** Reviews running at once in this process (default 2). */
  concurrency?: number;
  groupOf?: (job: J) => string;
  /** Reviews of one group (installation) running at once across replicas (default: no limit). */
  perGroup?: number;
  /** Job lock and per-PR lock time-to-live; a crashed replica's job is picked up after it (default 30 s). */
  lockMs?: number;
  /** How often workers look for stalled jobs (default lockMs). */
  stalledIntervalMs?: number;
  /** Default grace period of `close()` (default 25 s). */
  graceMs?: number;
  log?: { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
}

interface Envelope<J> {
  key: string;
  seq: number;
  job: J;
}

const ACQUIRE_LOCK = `
local v = redis.call('GET', KEYS[1])
if v == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
const RELEASE_IF = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const SEMAPHORE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[4]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

/** INCR, but never below ARGV[1] (the enqueuing replica's clock in ms). */
const NEXT_SEQ = `local v = redis.call('INCR', KEYS[1])
local t = tonumber(ARGV[1])
if v < t then
  redis.call('SET', KEYS[1], t)
  v = t
end
redis.call('PEXPIRE', KEYS[1], 604800000)
return v`;

interface RunningJob {
  key: string;
  seq: number;
  controller: AbortController;
}

export class BullReviewQueue<J> implements ReviewQueue<J> {
  readonly redis: Redis;
  readonly #sub: Redis;
  readonly #workerConnection: Redis;
  readonly #queue: Queue<Envelope<J>>;
  readonly #worker: Worker<Envelope<J>>;
  readonly #running = new Map<string, RunningJob>();
  readonly #p: string;
  readonly #lockMs: number;
  #closed = false;
  #ready: Promise<void>;

  constructor(
    private readonly processor: ReviewProcessor<J>,
    private readonly options: BullQueueOptions<J>,
  ) {
    this.#p = options.prefix ?? 'rr:';
    this.#lockMs = options.lockMs ?? 30_000;
    this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.#sub = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    const name = options.queueName ?? 'rust-review';
    this.#queue = new Queue<Envelope<J>>(name, { connection: this.redis });
    this.#workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.#worker = new Worker<Envelope<J>>(name, (job, token) => this.#process(job, token), {
      connection: this.#workerConnection,
      concurrency: Math.max(1, options.concurrency ?? 2),
      lockDuration: this.#lockMs,
      stalledInterval: options.stalledIntervalMs ?? this.#lockMs,
      maxStalledCount: 3,
      autorun: true,
    });
    this.#worker.on('error', (err) => options.log?.warn({ err }, 'review queue worker error'));
    for (const c of [this.redis, this.#sub, this.#workerConnection]) c.on('error', (err) => options.log?.warn({ err }, 'redis connection error'));
    this.#sub.on('message', (_channel, message) => this.#onSupersede(message));
    this.#ready = Promise.all([this.#sub.subscribe(`${this.#p}supersede`), this.#worker.waitUntilReady()]).then(() => {});
  }

  /**
   * Called when Redis is reachable again after the connection was lost (an outage, a restart that
   * may have emptied it): queued jobs may be gone, so the App reconciles the open pull requests.
   */
  onRecovered(listener: () => void): void {
    let lost = false;
    this.redis.on('close', () => {
      if (!this.#closed) lost = true;
    });
    this.redis.on('ready', () => {
      if (!lost || this.#closed) return;
      lost = false;
      listener();
    });
  }

  /** One replica of many gets the lease (Redis SET NX PX); false for the others and when Redis fails. */
  async lease(name: string, ms: number): Promise<boolean> {
    return (await this.redis.set(this.#k('lease', name), String(process.pid), 'PX', ms, 'NX').catch(() => null)) === 'OK';
  }

  /** Resolves when the worker is connected and listening for supersede messages. */
  ready(): Promise<void> {
    return this.#ready;
  }

  #k(kind: string, key: string): string {
    return `${this.#p}${kind}:${key}`;
  }

  async enqueue(key: string, job: J, opts: EnqueueOptions = {}): Promise<void> {
    if (this.#closed) throw new Error('the review queue is closed (shutting down)');
    await this.#ready;
    // Monotonic even across a Redis restarted empty: never below the clock (ms), so a job queued after
    // the restart supersedes one still running from before it, and its id is never one in use.
    const seq = Number(await this.redis.eval(NEXT_SEQ, 1, this.#k('seq', key), Date.now()));
    const jobId = `${createHash('sha1').update(key).digest('hex').slice(0, 16)}-${seq}`;
    await this.#queue.add('review', { key, seq, job }, { jobId, delay: opts.delayMs && opts.delayMs > 0 ? opts.delayMs : undefined, removeOnComplete: true, removeOnFail: { age: 24 * 3600 }, attempts: 1 });
    const previous = await this.redis.set(this.#k('queued', key), jobId, 'PX', 24 * 3600_000, 'GET');
    if (previous && previous !== jobId) await this.#removeQueued(key, previous);
    await this.redis.publish(`${this.#p}supersede`, JSON.stringify({ key, seq }));
  }

  async #removeQueued(key: string, jobId: string): Promise<void> {
    const old = await Job.fromId<Envelope<J>>(this.#queue, jobId);
    if (!old) return;
    // 0 when the job is running (locked): the supersede message aborts it, or it drops itself at start.
    if ((await this.#queue.remove(jobId).catch(() => 0)) === 1) await this.#dropped(key, old.data.job);
  }

  async #dropped(key: string, job: J): Promise<void> {
    try {
      await this.options.onDropped?.(key, job);
    } catch (err) {
      this.options.onError?.(err, key);
    }
  }

  #onSupersede(message: string): void {
    let msg: { key: string; seq: number };
    try {
      msg = JSON.parse(message);
    } catch {
      return;
    }
    for (const r of this.#running.values()) if (r.key === msg.key && r.seq < msg.seq) r.controller.abort(new Superseded({ seq: msg.seq }));
  }

  async #process(bj: Job<Envelope<J>>, token: string | undefined): Promise<string> {
    const { key, seq } = bj.data;
    const id = bj.id!;
    const running: RunningJob = { key, seq, controller: new AbortController() };
    this.#running.set(id, running);
    const lockKey = this.#k('lock', key);
    const group = this.options.groupOf?.(bj.data.job);
    const semKey = group !== undefined && this.options.perGroup ? this.#k('inst', group) : undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    let locked = false;
    try {
      await this.redis.eval(RELEASE_IF, 1, this.#k('queued', key), id);
      const latest = Number(await this.redis.get(this.#k('seq', key))) || 0;
      if (seq < latest || running.controller.signal.aborted) {
        this.options.log?.info?.({ pr: key, seq, latest, job: id }, 'review job superseded before it started');
        await this.#dropped(key, bj.data.job);
        return 'superseded';
      }
      if (!(await this.redis.eval(ACQUIRE_LOCK, 1, lockKey, id, this.#lockMs))) return await this.#later(bj, token, 200);
      locked = true;
      if (semKey && !(await this.#acquireSlot(semKey, id))) return await this.#later(bj, token, 300 + Math.floor(Math.random() * 300));
      heartbeat = setInterval(() => {
        void this.redis.eval(ACQUIRE_LOCK, 1, lockKey, id, this.#lockMs).catch(() => {});
        if (semKey) void this.#acquireSlot(semKey, id).catch(() => {});
      }, Math.max(100, Math.floor(this.#lockMs / 3)));

      const result = await this.processor(bj.data.job, running.controller.signal, { save: (job) => bj.updateData({ ...bj.data, job }), resumed: bj.attemptsStarted > 1 || bj.stalledCounter > 0 });
      const reason = running.controller.signal.reason;
      if (reason instanceof ShuttingDown) return await this.#later(bj, token, 0);
      if (result && !this.#closed) {
        this.#running.delete(id);
        const now = Number(await this.redis.get(this.#k('seq', key))) || 0;
        if (now === seq) await this.enqueue(key, result.job, { delayMs: result.retryInMs });
        else await this.#dropped(key, result.job);
      }
      return 'done';
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      this.options.onError?.(err, key);
      return 'error';
    } finally {
      clearInterval(heartbeat);
      this.#running.delete(id);
      if (semKey) await this.redis.zrem(semKey, id).catch(() => {});
      if (locked) await this.redis.eval(RELEASE_IF, 1, lockKey, id).catch(() => {});
    }
  }

  async #acquireSlot(semKey: string, id: string): Promise<boolean> {
    const now = Date.now();
    return (await this.redis.eval(SEMAPHORE, 1, semKey, now, now + this.#lockMs, id, this.options.perGroup!, this.#lockMs * 2)) === 1;
  }

  /** Puts the job back (delayed by `ms`) for this or another replica. */
  async #later(bj: Job<Envelope<J>>, token: string | undefined, ms: number): Promise<never> {
    await bj.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }

  async depth(): Promise<QueueDepth> {
    const c = await this.#queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), running: c.active ?? 0, delayed: c.delayed ?? 0 };
  }

  /** Resolves when the shared queue is empty and nothing runs (on any replica). */
  async idle(): Promise<void> {
    for (;;) {
      const d = await this.depth();
      if (!d.waiting && !d.running && !d.delayed && !this.#running.size) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(opts: { graceMs?: number } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const grace = opts.graceMs ?? this.options.graceMs ?? 25_000;
    const closing = this.#worker.close();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([closing.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), grace)))]);
    clearTimeout(timer);
    if (timedOut) {
      for (const r of this.#running.values()) r.controller.abort(new ShuttingDown());
      await closing;
    }
    await this.#queue.close();
    await Promise.all([this.#sub, this.#workerConnection, this.redis].map((c) => c.quit().catch(() => c.disconnect())));
  }
}
