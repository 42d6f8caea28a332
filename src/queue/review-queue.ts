/**
 * Reviews run off the webhook request, in a queue keyed by repository + pull request. A newer job for
 * the same key replaces a queued one and aborts a running one (its AbortSignal fires with a
 * `Superseded` reason; the processor completes that run's check run and returns), so a burst of
 * pushes collapses to a review of the latest head. Jobs are plain data so that a shared
 * implementation (BullMQ on Redis, issue 10) can implement the same interface.
 */

export interface ReviewQueue<J> {
  /** Queues a job; supersedes a queued or running job with the same key. */
  enqueue(key: string, job: J): void;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  /** Stops accepting jobs and resolves when the ones in flight are done (SIGTERM). */
  close(): Promise<void>;
}

/** Runs one job; must stop soon after `signal` aborts and must not throw for expected failures. */
export type ReviewProcessor<J> = (job: J, signal: AbortSignal) => Promise<void>;

export class Superseded extends Error {
  constructor(readonly by: unknown) {
    super('superseded by a newer review of the same pull request');
    this.name = 'Superseded';
  }
}

export interface InProcessQueueOptions {
  /** Reviews running at once (default 2). */
  concurrency?: number;
  /** Called when a processor throws (it should not). */
  onError?: (err: unknown, key: string) => void;
  /** Called when a queued job is replaced before it started. */
  onDropped?: (key: string, job: unknown) => void;
}

export class InProcessQueue<J> implements ReviewQueue<J> {
  readonly #waiting = new Map<string, J>(); // insertion order = FIFO across keys
  readonly #running = new Map<string, AbortController>();
  readonly #idleWaiters: (() => void)[] = [];
  readonly #concurrency: number;
  #closed = false;

  constructor(
    private readonly processor: ReviewProcessor<J>,
    private readonly options: InProcessQueueOptions = {},
  ) {
    this.#concurrency = Math.max(1, options.concurrency ?? 2);
  }

  get size(): { waiting: number; running: number } {
    return { waiting: this.#waiting.size, running: this.#running.size };
  }

  enqueue(key: string, job: J): void {
    if (this.#closed) throw new Error('the review queue is closed (shutting down)');
    const replaced = this.#waiting.get(key);
    if (replaced !== undefined) {
      this.#waiting.delete(key);
      this.options.onDropped?.(key, replaced);
    }
    this.#waiting.set(key, job);
    this.#running.get(key)?.abort(new Superseded(job));
    // Start on a later turn: the webhook is answered before any review work touches the event loop.
    setImmediate(() => this.#pump());
  }

  idle(): Promise<void> {
    if (!this.#waiting.size && !this.#running.size) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.idle();
  }

  #pump(): void {
    for (const [key, job] of this.#waiting) {
      if (this.#running.size >= this.#concurrency) break;
      if (this.#running.has(key)) continue; // the running one is aborting; this one starts after it
      this.#waiting.delete(key);
      const controller = new AbortController();
      this.#running.set(key, controller);
      void this.processor(job, controller.signal)
        .catch((err) => this.options.onError?.(err, key))
        .finally(() => {
          this.#running.delete(key);
          this.#pump();
          if (!this.#waiting.size && !this.#running.size) for (const w of this.#idleWaiters.splice(0)) w();
        });
    }
  }
}
