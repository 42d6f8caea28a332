/**
 * Webhook redeliveries are no-ops: GitHub sends the same `X-GitHub-Delivery` id again when a delivery
 * is redelivered (by hand or by a retrying proxy). `claim(id)` is true the first time an id is seen.
 * In-process: an LRU of recent ids. Shared (REDIS_URL): `SET rr:delivery:<id> 1 NX EX <ttl>`, so a
 * redelivery that lands on another replica is also ignored.
 */

export interface DeliveryDedupe {
  /** True when this delivery id was not seen before (and is now claimed). */
  claim(id: string): Promise<boolean>;
  /** Forgets a claim (the handler failed: a redelivery should be processed). */
  release(id: string): Promise<void>;
}

export class MemoryDedupe implements DeliveryDedupe {
  readonly #seen = new Map<string, number>();

  constructor(private readonly max = 10_000, private readonly ttlMs = 24 * 3600_000) {}

  async claim(id: string): Promise<boolean> {
    const now = Date.now();
    const at = this.#seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.#seen.delete(id);
    this.#seen.set(id, now);
    while (this.#seen.size > this.max) this.#seen.delete(this.#seen.keys().next().value!);
    return true;
  }

  async release(id: string): Promise<void> {
    this.#seen.delete(id);
  }
}

export interface RedisSetNx {
  set(key: string, value: string, ex: 'EX', seconds: number, nx: 'NX'): Promise<string | null>;
  del(key: string): Promise<number>;
}

export class RedisDedupe implements DeliveryDedupe {
  readonly #local = new MemoryDedupe(2_000);

  constructor(private readonly redis: RedisSetNx, private readonly prefix = 'rr:', private readonly ttlSeconds = 24 * 3600) {}

  async claim(id: string): Promise<boolean> {
    if (!(await this.#local.claim(id))) return false;
    const ok = await this.redis.set(`${this.prefix}delivery:${id}`, '1', 'EX', this.ttlSeconds, 'NX');
    return ok === 'OK';
  }

  async release(id: string): Promise<void> {
    await this.#local.release(id);
    await this.redis.del(`${this.prefix}delivery:${id}`);
  }
}
