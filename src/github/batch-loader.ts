/**
 * DataLoader-style coalescing: every `load` made in the same tick goes out as one batch, and no key
 * is fetched twice in a run. The GitHub change source uses it so that rules reading several files
 * (`Promise.all(paths.map(readHead))`) cost one GraphQL query, not one request per file.
 */
export class BatchLoader<V> {
  readonly #cache = new Map<string, Promise<V>>();
  #pending: { key: string; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];
  #scheduled = false;
  /** Batches sent so far (for tests and stats). */
  batches = 0;

  constructor(
    private readonly fetchBatch: (keys: string[]) => Promise<Map<string, V>>,
    private readonly maxBatch: number,
    private readonly missing: V,
  ) {}

  load(key: string): Promise<V> {
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const p = new Promise<V>((resolve, reject) => this.#pending.push({ key, resolve, reject }));
    this.#cache.set(key, p);
    if (!this.#scheduled) {
      this.#scheduled = true;
      // setImmediate runs after the current promise chains settle, so loads issued from
      // several awaited callbacks of one Promise.all still land in the same batch.
      setImmediate(() => void this.#flush());
    }
    return p;
  }

  loadMany(keys: readonly string[]): Promise<V[]> {
    return Promise.all(keys.map((k) => this.load(k)));
  }

  /** Seeds the cache with a value fetched another way. */
  prime(key: string, value: V): void {
    if (!this.#cache.has(key)) this.#cache.set(key, Promise.resolve(value));
  }

  async #flush(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    this.#scheduled = false;
    for (let i = 0; i < pending.length; i += this.maxBatch) {
      const chunk = pending.slice(i, i + this.maxBatch);
      this.batches++;
      try {
        const values = await this.fetchBatch(chunk.map((p) => p.key));
        for (const p of chunk) p.resolve(values.has(p.key) ? values.get(p.key)! : this.missing);
      } catch (err) {
        for (const p of chunk) {
          this.#cache.delete(p.key);
          p.reject(err);
        }
      }
    }
  }
}
