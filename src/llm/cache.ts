/**
 * Results of role passes, cached per (file content, diff view, role, model, prompt, rule findings) so a
 * push does not pay again for unchanged files. In memory by default; on Redis (shared by the replicas)
 * when REDIS_URL is set. A cache failure is a miss, never a failed review.
 */
import { Redis } from 'ioredis';

export interface LlmCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/** Map with expiry, bounded: the oldest entries go first. */
export class MemoryCache implements LlmCache {
  private readonly entries = new Map<string, { value: string; expires: number }>();

  constructor(private readonly maxEntries = 20_000, private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<string | undefined> {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The two commands used, so a test (or another client) can stand in for ioredis. */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown>;
}

export class RedisCache implements LlmCache {
  private warned = false;

  constructor(
    private readonly client: RedisLike,
    private readonly options: { prefix?: string; timeoutMs?: number; onError?: (e: unknown) => void } = {},
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.guard(() => this.client.get(this.prefix(key)))) ?? undefined;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.guard(() => this.client.set(this.prefix(key), value, 'EX', Math.max(1, Math.round(ttlSeconds))));
  }

  private prefix(key: string): string {
    return `${this.options.prefix ?? 'rust-review:llm:'}${key}`;
  }

  private async guard<T>(op: () => Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        op(),
        new Promise<undefined>((_, reject) => {
          timer = setTimeout(() => reject(new Error('redis did not answer in time')), this.options.timeoutMs ?? 1000);
        }),
      ]);
    } catch (e) {
      if (!this.warned) this.options.onError?.(e);
      this.warned = true;
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Redis when REDIS_URL is set, memory otherwise. */
export function cacheFromEnv(env: NodeJS.ProcessEnv = process.env, onError?: (e: unknown) => void): LlmCache {
  if (!env.REDIS_URL) return new MemoryCache();
  const client = new Redis(env.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  client.on('error', (e) => onError?.(e));
  return new RedisCache(client as unknown as RedisLike, { onError });
}
