/** Short background tasks started by a webhook (commands), tracked so shutdown and tests can wait for them. */
export class TaskTracker {
  readonly #tasks = new Set<Promise<void>>();

  run(task: () => Promise<void>, onError: (err: unknown) => void): void {
    const p = Promise.resolve()
      .then(task)
      .catch(onError)
      .finally(() => this.#tasks.delete(p));
    this.#tasks.add(p);
  }

  /** Waits until no task runs; with `timeoutMs`, gives up then and says whether it got there. */
  async idle(timeoutMs?: number): Promise<boolean> {
    const drained = (async () => {
      while (this.#tasks.size) await Promise.allSettled([...this.#tasks]);
      return true;
    })();
    if (timeoutMs === undefined) return drained;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([drained, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  get size(): number {
    return this.#tasks.size;
  }
}
