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

/** The folder's size in bytes as of its last listing, plus what runs wrote since (see DiskStore.close). */
const SIZE_FILE = 'size';

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

  /*
   * Reads and writes are synchronous: the store belongs to the one-shot CLI, whose main thread waits
   * for them anyway, and a warm review of a large crate reads about a thousand entries. Through
   * fs.promises each read cost ~0.1 ms of CPU (open, fstat, read, close, a stat for the touch, each a
   * thread-pool round trip and a promise); synchronously it is a fifth of that (issue 17).
   */
  async get(key: string): Promise<Buffer | undefined> {
    const file = this.fileOf(key);
    let data: Buffer;
    let mtimeMs: number;
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, 'r');
      const stat = fs.fstatSync(fd);
      mtimeMs = stat.mtimeMs;
      data = Buffer.allocUnsafe(stat.size);
      let at = 0;
      while (at < data.length) {
        const n = fs.readSync(fd, data, at, data.length - at, at);
        if (n === 0) break;
        at += n;
      }
      data = data.subarray(0, at);
    } catch {
      return undefined;
    } finally {
      const opened = fd;
      if (opened !== undefined) quietly(() => fs.closeSync(opened));
    }
    const value = unframe(data);
    if (!value) {
      quietly(() => fs.rmSync(file, { force: true }));
      return undefined;
    }
    // Touching is best effort: an entry not touched is pruned a little earlier.
    if (Date.now() - mtimeMs > 3_600_000) quietly(() => fs.utimesSync(file, new Date(), new Date()));
    return value;
  }

  private readonly madeDirs = new Set<string>();

  async set(key: string, value: Buffer): Promise<void> {
    const file = this.fileOf(key);
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
      const dir = path.dirname(file);
      if (!this.madeDirs.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      const framed = frame(value);
      fs.writeFileSync(tmp, framed);
      fs.renameSync(tmp, file);
      this.written += framed.length;
    } catch {
      this.madeDirs.clear(); // the folder may have been removed under us: made again next time
      quietly(() => fs.rmSync(tmp, { force: true })); // else prune() removes it once stale
    }
  }

  /**
   * Enforces the bound when this run wrote anything. Listing every entry (a stat each: 30-80 ms of
   * CPU for lemmy's 1,600) is skipped while the folder's size as of the last listing plus what was
   * written since is within the bound. That sum only overestimates (a rewritten entry counts twice,
   * a removed one still counts), so the bound holds; concurrent runs may each add to it, which makes
   * the next listing come sooner, never later.
   */
  async close(): Promise<void> {
    if (!this.written) return;
    const sizeFile = path.join(this.dir, SIZE_FILE);
    const known = Number(quietly(() => fs.readFileSync(sizeFile, 'utf8')));
    if (Number.isFinite(known) && known > 0 && known + this.written <= this.maxBytes) {
      this.writeSize(known + this.written);
      return;
    }
    await this.prune();
  }

  private writeSize(bytes: number): void {
    const tmp = path.join(this.dir, `${SIZE_FILE}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
    quietly(() => {
      fs.writeFileSync(tmp, String(bytes));
      fs.renameSync(tmp, path.join(this.dir, SIZE_FILE));
    });
    quietly(() => fs.rmSync(tmp, { force: true }));
  }

  /** Removes the least recently used entries until the folder is under 80% of its bound, when over it. */
  async prune(): Promise<void> {
    const list = (dir: string): string[] => quietly(() => fs.readdirSync(dir)) ?? [];
    const entries: { file: string; size: number; mtime: number }[] = [];
    for (const sub of list(this.dir)) {
      const subDir = path.join(this.dir, sub);
      if (sub === SIZE_FILE || sub.startsWith(`${SIZE_FILE}.`)) continue;
      for (const name of list(subDir)) {
        const file = path.join(subDir, name);
        const s = quietly(() => fs.statSync(file));
        // A temporary file older than a minute belongs to a run that died.
        if (s && name.endsWith('.tmp') && Date.now() - s.mtimeMs > 60_000) quietly(() => fs.rmSync(file, { force: true }));
        else if (s && !name.endsWith('.tmp')) entries.push({ file, size: s.size, mtime: s.mtimeMs });
      }
    }
    let total = entries.reduce((n, e) => n + e.size, 0);
    if (total > this.maxBytes) {
      entries.sort((a, b) => a.mtime - b.mtime);
      for (const e of entries) {
        if (total <= this.maxBytes * 0.8) break;
        quietly(() => fs.rmSync(e.file, { force: true }));
        total -= e.size;
      }
    }
    this.writeSize(total);
  }
}

/** A file operation whose failure the store shrugs off (a miss, an entry left for the next prune). */
function quietly<T>(op: () => T): T | undefined {
  try {
    return op();
  } catch {
    return undefined;
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
