/**
 * Where cached analysis lives: bytes by key. On disk for the CLI (bounded, safe under concurrent
 * runs), in memory for the App (a bounded LRU), on Redis when the replicas share one. A store never
 * fails a review: an unreadable, corrupt or missing entry is a miss, a failed write is dropped.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface CacheStore {
  get(key: string): Promise<Buffer | undefined>;
  set(key: string, value: Buffer): Promise<void>;
  /** Ends the run: the disk store enforces its bound here. */
  close?(): Promise<void>;
}

const MAGIC = Buffer.from('RRC1');
const HEADER = MAGIC.length + 4 + 20; // magic, payload length, SHA-1 of the payload

/** Frames a payload so that a truncated or damaged entry is recognised and ignored. */
function frame(value: Buffer): Buffer {
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(value.length, MAGIC.length);
  crypto.createHash('sha1').update(value).digest().copy(header, MAGIC.length + 4);
  return Buffer.concat([header, value]);
}

function unframe(data: Buffer): Buffer | undefined {
  if (data.length < HEADER || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (data.readUInt32LE(MAGIC.length) !== data.length - HEADER) return undefined;
  const value = data.subarray(HEADER);
  return crypto.createHash('sha1').update(value).digest().equals(data.subarray(MAGIC.length + 4, HEADER)) ? value : undefined;
}

export interface DiskStoreOptions {
  /** Upper bound of the folder's size; the oldest entries go first when a run ends above it. */
  maxBytes?: number;
}

export const DEFAULT_DISK_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * One file per entry under `dir/<first two hex digits>/<key>`. Writes go to a temporary file that is
 * renamed into place, so a reader (this process or another run) sees a whole entry or none. Entries
 * read are touched (at most hourly) so that pruning removes the least recently used.
 */
export class DiskStore implements CacheStore {
  private readonly maxBytes: number;
  private written = 0;

  constructor(
    readonly dir: string,
    options: DiskStoreOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_DISK_CACHE_BYTES;
  }

  private fileOf(key: string): string {
    if (!/^[0-9a-f]{16,128}$/.test(key)) throw new Error(`cache keys are hex digests (got \`${key.slice(0, 40)}\`)`);
    return path.join(this.dir, key.slice(0, 2), key);
  }

  async get(key: string): Promise<Buffer | undefined> {
    const file = this.fileOf(key);
    let data: Buffer;
    try {
      data = await fs.promises.readFile(file);
    } catch {
      return undefined;
    }
    const value = unframe(data);
    if (!value) {
      await fs.promises.rm(file, { force: true }).catch(() => {});
      return undefined;
    }
    fs.promises.stat(file).then((s) => {
      if (Date.now() - s.mtimeMs > 3_600_000) return fs.promises.utimes(file, new Date(), new Date());
    }).catch(() => {});
    return value;
  }

  async set(key: string, value: Buffer): Promise<void> {
    const file = this.fileOf(key);
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const framed = frame(value);
      await fs.promises.writeFile(tmp, framed);
      await fs.promises.rename(tmp, file);
      this.written += framed.length;
    } catch {
      await fs.promises.rm(tmp, { force: true }).catch(() => {});
    }
  }

  /** Enforces the bound when this run wrote anything. */
  async close(): Promise<void> {
    if (this.written) await this.prune();
  }

  /** Removes the least recently used entries until the folder is under 80% of its bound, when over it. */
  async prune(): Promise<void> {
    const entries: { file: string; size: number; mtime: number }[] = [];
    for (const sub of await fs.promises.readdir(this.dir).catch(() => [] as string[])) {
      const subDir = path.join(this.dir, sub);
      for (const name of await fs.promises.readdir(subDir).catch(() => [] as string[])) {
        const file = path.join(subDir, name);
        const s = await fs.promises.stat(file).catch(() => undefined);
        // A temporary file older than a minute belongs to a run that died.
        if (s && name.endsWith('.tmp') && Date.now() - s.mtimeMs > 60_000) await fs.promises.rm(file, { force: true }).catch(() => {});
        else if (s && !name.endsWith('.tmp')) entries.push({ file, size: s.size, mtime: s.mtimeMs });
      }
    }
    let total = entries.reduce((n, e) => n + e.size, 0);
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => a.mtime - b.mtime);
    for (const e of entries) {
      if (total <= this.maxBytes * 0.8) break;
      await fs.promises.rm(e.file, { force: true }).catch(() => {});
      total -= e.size;
    }
  }
}

/** A bounded LRU in memory (the App's default). */
export class MemoryStore implements CacheStore {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(readonly maxBytes = 128 * 1024 * 1024) {}

  async get(key: string): Promise<Buffer | undefined> {
    const value = this.entries.get(key);
    if (value) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  async set(key: string, value: Buffer): Promise<void> {
    if (value.length > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) this.bytes -= old.length;
    this.entries.delete(key);
    this.entries.set(key, value);
    this.bytes += value.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

/** The commands used, so a test (or another client) can stand in for ioredis. */
export interface RedisBytes {
  getBuffer(key: string): Promise<Buffer | null>;
  set(key: string, value: Buffer, mode: 'EX', seconds: number): Promise<unknown>;
}

/**
 * Shared by the replicas through Redis, with a memory LRU in front. Entries expire (Redis's own
 * eviction policy bounds the rest); Redis being slow or down is a miss.
 */
export class RedisStore implements CacheStore {
  private readonly memory: MemoryStore;

  constructor(
    private readonly client: RedisBytes,
    private readonly options: { prefix?: string; ttlSeconds?: number; timeoutMs?: number; memoryBytes?: number } = {},
  ) {
    this.memory = new MemoryStore(options.memoryBytes);
  }

  async get(key: string): Promise<Buffer | undefined> {
    const near = await this.memory.get(key);
    if (near) return near;
    const data = await this.guard(() => this.client.getBuffer(this.prefixed(key)));
    const value = data ? unframe(data) : undefined;
    if (value) await this.memory.set(key, value);
    return value;
  }

  async set(key: string, value: Buffer): Promise<void> {
    await this.memory.set(key, value);
    await this.guard(() => this.client.set(this.prefixed(key), frame(value), 'EX', this.options.ttlSeconds ?? 7 * 24 * 3600));
  }

  private prefixed(key: string): string {
    return `${this.options.prefix ?? 'rust-review:analysis:'}${key}`;
  }

  private async guard<T>(op: () => Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        op(),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), this.options.timeoutMs ?? 500);
        }),
      ]);
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
