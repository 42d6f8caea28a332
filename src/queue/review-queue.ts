/**
 * Reviews run off the webhook request, in a queue keyed by repository + pull request. A newer job for
 * the same key replaces a queued one and aborts a running one (its AbortSignal fires with a
 * `Superseded` reason; the processor completes that run's check run and returns), so a burst of
 * pushes collapses to a review of the latest head. Jobs are plain data so that the shared
 * implementation (BullMQ on Redis, `bullmq-queue.ts`) implements the same interface.
 *
 * A processor may ask for its job to be retried later (GitHub failing or rate limiting): the queue
 * runs it again after the delay unless a newer job for the key arrived meanwhile (then `onDropped`).
 * Concurrency is limited per process and per group (the installation).
 */

export interface QueueDepth {
  waiting: number;
  running: number;
  /** Retries waiting for their time. */
  delayed?: number;
}

export interface EnqueueOptions {
  /** Run no sooner than this many ms from now (a retry). */
  delayMs?: number;
}

export interface JobContext<J> {
  /** Saves the job's data (e.g. its check run id) so that whoever resumes it after a crash sees it. */
  save(job: J): Promise<void>;
  /** The job ran before (a replica died or handed it back): it may have left work behind unsaved. */
  resumed?: boolean;
}

/** What a processor may return: nothing (done) or a request to run again later. */
export type ProcessorResult<J> = void | { retryInMs: number; job: J };

/** Runs one job; must stop soon after `signal` aborts and must not throw for expected failures. */
export type ReviewProcessor<J> = (job: J, signal: AbortSignal, ctx: JobContext<J>) => Promise<ProcessorResult<J>>;

export interface ReviewQueue<J> {
  /** Queues a job; supersedes a queued or running job with the same key. */
  enqueue(key: string, job: J, opts?: EnqueueOptions): Promise<void>;
  /** Jobs waiting, running and delayed (for a shared queue: across replicas). */
  depth(): Promise<QueueDepth>;
  /** Resolves when nothing is queued, running or delayed. */
  idle(): Promise<void>;
  /**
   * Stops taking jobs (SIGTERM) and lets those in flight finish for up to `graceMs`; then aborts
   * them with `ShuttingDown` (a shared queue hands them back to another replica).
   */
  close(opts?: { graceMs?: number }): Promise<void>;
}

export class Superseded extends Error {
  constructor(readonly by: unknown) {
    super('superseded by a newer review of the same pull request');
    this.name = 'Superseded';
  }
}

export class ShuttingDown extends Error {
  constructor() {
    super('the App is shutting down');
    this.name = 'ShuttingDown';
  }
}

export interface QueueHooks<J> {
  /** Called when a processor throws (it should not). */
  onError?: (err: unknown, key: string) => void;
  /** Called when a queued or delayed job is replaced before it started (complete its check run if it has one). */
  onDropped?: (key: string, job: J) => void | Promise<void>;
}

export interface InProcessQueueOptions<J> extends QueueHooks<J> {
  /** Reviews running at once in this process (default 2). */
  concurrency?: number;
  /** The group of a job (the installation) and how many of a group may run at once (default: no limit). */
  groupOf?: (job: J) => string;
  perGroup?: number;
  /** Default grace period of `close()` (default 25 s: within Kubernetes' 30 s). */
  graceMs?: number;
}

interface Running {
  controller: AbortController;
  group: string;
  done: Promise<void>;
}

export class InProcessQueue<J> implements ReviewQueue<J> {
  readonly #waiting = new Map<string, J>(); // insertion order = FIFO across keys
  readonly #running = new Map<string, Running>();
  readonly #delayed = new Map<string, { job: J; timer: NodeJS.Timeout }>();
  readonly #groups = new Map<string, number>();
  readonly #idleWaiters: (() => void)[] = [];
  readonly #concurrency: number;
  #closed = false;

  constructor(
    private readonly processor: ReviewProcessor<J>,
    private readonly options: InProcessQueueOptions<J> = {},
  ) {
    this.#concurrency = Math.max(1, options.concurrency ?? 2);
  }

  get size(): { waiting: number; running: number; delayed: number } {
    return { waiting: this.#waiting.size, running: this.#running.size, delayed: this.#delayed.size };
  }

  async depth(): Promise<QueueDepth> {
    return this.size;
  }

  async enqueue(key: string, job: J, opts: EnqueueOptions = {}): Promise<void> {
    if (this.#closed) throw new Error('the review queue is closed (shutting down)');
    this.#drop(key);
    if (opts.delayMs && opts.delayMs > 0) {
      const timer = setTimeout(() => {
        this.#delayed.delete(key);
        this.#waiting.set(key, job);
        this.#pump();
      }, opts.delayMs);
      this.#delayed.set(key, { job, timer });
    } else {
      this.#waiting.set(key, job);
    }
    this.#running.get(key)?.controller.abort(new Superseded(job));
    // Start on a later turn: the webhook is answered before any review work touches the event loop.
    setImmediate(() => this.#pump());
  }

  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async close(opts: { graceMs?: number } = {}): Promise<void> {
    this.#closed = true;
    // Delayed retries keep their in-progress check run: the next start-up finds and re-queues them.
    for (const { timer } of this.#delayed.values()) clearTimeout(timer);
    this.#delayed.clear();
    this.#settle();
    const grace = opts.graceMs ?? this.options.graceMs ?? 25_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([this.idle().then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), grace)))]);
    clearTimeout(timer);
    if (timedOut) {
      this.#waiting.clear();
      for (const r of this.#running.values()) r.controller.abort(new ShuttingDown());
      await Promise.allSettled([...this.#running.values()].map((r) => r.done));
    }
  }

  #drop(key: string): void {
    const queued = this.#waiting.get(key);
    if (queued !== undefined) {
      this.#waiting.delete(key);
      void Promise.resolve(this.options.onDropped?.(key, queued)).catch((err) => this.options.onError?.(err, key));
    }
    const delayed = this.#delayed.get(key);
    if (delayed) {
      clearTimeout(delayed.timer);
      this.#delayed.delete(key);
      void Promise.resolve(this.options.onDropped?.(key, delayed.job)).catch((err) => this.options.onError?.(err, key));
    }
  }

  #isIdle(): boolean {
    return !this.#waiting.size && !this.#running.size && !this.#delayed.size;
  }

  #settle(): void {
    if (this.#isIdle()) for (const w of this.#idleWaiters.splice(0)) w();
  }

  #pump(): void {
    const perGroup = this.options.perGroup ?? Infinity;
    for (const [key, job] of this.#waiting) {
      if (this.#running.size >= this.#concurrency) break;
      if (this.#running.has(key)) continue; // the running one is aborting; this one starts after it
      const group = this.options.groupOf?.(job) ?? '';
      if ((this.#groups.get(group) ?? 0) >= perGroup) continue;
      this.#waiting.delete(key);
      this.#groups.set(group, (this.#groups.get(group) ?? 0) + 1);
      const controller = new AbortController();
      const ctx: JobContext<J> = { save: async () => {} };
      const done = this.processor(job, controller.signal, ctx)
        .then((result) => {
          if (result && !this.#closed && !this.#waiting.has(key) && !this.#delayed.has(key)) {
            // Not replaced meanwhile: run it again later.
            this.#running.delete(key);
            void this.enqueue(key, result.job, { delayMs: result.retryInMs });
          }
        })
        .catch((err) => this.options.onError?.(err, key))
        .finally(() => {
          this.#running.delete(key);
          this.#groups.set(group, (this.#groups.get(group) ?? 1) - 1);
          this.#pump();
          this.#settle();
        });
      this.#running.set(key, { controller, group, done });
    }
  }
}
