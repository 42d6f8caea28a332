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

  async idle(): Promise<void> {
    while (this.#tasks.size) await Promise.allSettled([...this.#tasks]);
  }
}
