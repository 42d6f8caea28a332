/**
 * The content-addressed cache of analysis: per file, the parsed tree (by content and grammar) and the
 * file rules' output (by path, content, rule code, rule settings and the head tree's paths); per
 * change, the change rules' output with the exact file contents it read (checked on every hit). Keys
 * carry everything the value depends on, so an entry is never stale: new content, new rule code or a
 * new grammar is a different key (see codeVersion and grammarVersion).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { treeFromBuffer, treeToBuffer, type EncodedTree } from '../rust/tree-encoding.js';
import type { CacheStore } from './store.js';
import { CODE_ROOT } from '../util/code-root.js';

/** Bumped when the shape of cached values changes. */
const FORMAT = '1';

export const digest = (...parts: string[]): string => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
};

const require = createRequire(import.meta.url);
let grammar: string | undefined;

/** The parser's identity: web-tree-sitter and the Rust grammar, by version. */
export function grammarVersion(): string {
  const version = (pkg: string) => {
    // Not `pkg/package.json`: a package's `exports` may not list it. Up from its entry point instead.
    for (let dir = path.dirname(require.resolve(pkg)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (!fs.existsSync(file)) continue;
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (json.name === pkg) return json.version ?? '?';
    }
    return '?';
  };
  return (grammar ??= `web-tree-sitter@${version('web-tree-sitter')} tree-sitter-rust@${version('tree-sitter-rust')}`);
}

let code: string | undefined;

/** For tests: pretend the rule code or the grammar changed (undefined: back to the real versions). */
export function overrideVersions(v: { code?: string; grammar?: string }): void {
  code = v.code;
  grammar = v.grammar;
}

/** Beside the code (CODE_ROOT): the version the build computed, with each file's size and mtime. */
export const CODE_VERSION_STAMP = 'code-version.stamp';

/** The files the code version covers, in a fixed order, relative to CODE_ROOT. */
function codeFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts|md|json)$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(path.relative(root, p));
    }
  };
  walk(root);
  return files;
}

/** The digest of the code's files (synchronous: about 3 MB in 300 files, 15-20 ms of CPU). */
export function hashCode(root: string = CODE_ROOT): string {
  const h = crypto.createHash('sha256');
  for (const rel of codeFiles(root)) h.update(rel).update('\0').update(fs.readFileSync(path.join(root, rel))).update('\0');
  return h.digest('hex').slice(0, 32);
}

interface CodeStamp {
  version: string;
  /** Every file hashed: path relative to the root, size, mtime in ms. */
  files: [string, number, number][];
}

/** Written by the build (src/tools/bundle.ts) once the code is final: the version and what it was computed from. */
export function writeCodeStamp(root: string = CODE_ROOT): string {
  const version = hashCode(root);
  const files = codeFiles(root).map((rel): [string, number, number] => {
    const s = fs.statSync(path.join(root, rel));
    return [rel, s.size, s.mtimeMs];
  });
  fs.writeFileSync(path.join(root, CODE_VERSION_STAMP), JSON.stringify({ version, files } satisfies CodeStamp));
  return version;
}

/**
 * The stamp's version when every file it lists is there with the same size and mtime (a stat each:
 * a fraction of reading and hashing them); else undefined (the code changed after the build: hashed
 * again). A file added since cannot change what runs without an edit to a listed file that loads it.
 */
function stampedVersion(root: string): string | undefined {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(root, CODE_VERSION_STAMP), 'utf8')) as CodeStamp;
    if (typeof stamp.version !== 'string' || !Array.isArray(stamp.files) || !stamp.files.length) return undefined;
    for (const [rel, size, mtimeMs] of stamp.files) {
      const s = fs.statSync(path.join(root, rel), { throwIfNoEntry: false });
      if (!s || s.size !== size || s.mtimeMs !== mtimeMs) return undefined;
    }
    return stamp.version;
  } catch {
    return undefined;
  }
}

/**
 * The rule set's version: a digest of this program's own code (every module under CODE_ROOT, the
 * bundled CLI's chunks included), so that any change to a rule, the engine or a helper invalidates
 * what it produced. Read once per process, synchronously. A build leaves a stamp of it (with each
 * file's size and mtime): a CLI run then stats the files instead of reading and hashing them (issue 17).
 */
export function loadCodeVersion(): Promise<string> {
  if (code) return Promise.resolve(code);
  try {
    code = stampedVersion(CODE_ROOT) ?? hashCode(CODE_ROOT);
  } catch {
    // Unreadable code: a version of this process alone (nothing cached by another build is reused).
    code = `unknown-${crypto.randomUUID()}`;
  }
  return Promise.resolve(code);
}

/** The version `loadCodeVersion` read (it must have been awaited). */
export function codeVersion(): string {
  if (!code) throw new Error('the code version is not loaded: await loadCodeVersion() first');
  return code;
}

/** Bytes of writes a deferring cache holds at most; past it, they are written at once. */
const MAX_HELD_BYTES = 4 * 1024 * 1024;

export class AnalysisCache {
  private readonly pending = new Set<Promise<void>>();
  /** Hits and misses by kind, for the benchmarks and tests. */
  readonly stats = { hits: 0, misses: 0, writes: 0 };

  /** Writes held until `flush` (see `deferWrites`), by key: a read of one answers from here. */
  private readonly held = new Map<string, Buffer>();
  private heldBytes = 0;

  /**
   * `deferWrites`: entries are written when the run flushes (the CLI: after it printed the review),
   * not while the review runs (a review that computed 20 entries spent ~25 ms writing them, issue 17);
   * past MAX_HELD_BYTES held, at once.
   */
  constructor(
    readonly store: CacheStore,
    private readonly options: { deferWrites?: boolean } = {},
  ) {}

  private read(key: string): Promise<Buffer | undefined> {
    const held = this.held.get(key);
    return held ? Promise.resolve(held) : this.store.get(key);
  }

  async getJson<T>(key: string): Promise<T | undefined> {
    const data = await this.read(key);
    if (data) {
      try {
        const value = JSON.parse(data.toString('utf8')) as T;
        this.stats.hits++;
        return value;
      } catch {
        // a damaged entry is a miss
      }
    }
    this.stats.misses++;
    return undefined;
  }

  /** `json`: the value's JSON text when a worker thread serialised it already. */
  setJson(key: string, value: unknown, json: string = JSON.stringify(value)): void {
    this.write(key, Buffer.from(json));
  }

  /** The tree of `source` parsed earlier (any path, any run), if cached. */
  async getTree(source: string): Promise<EncodedTree | undefined> {
    const data = await this.read(treeKey(source));
    if (data) {
      try {
        const tree = treeFromBuffer(data);
        this.stats.hits++;
        return tree;
      } catch {
        // damaged: a miss
      }
    }
    this.stats.misses++;
    return undefined;
  }

  setTree(source: string, tree: EncodedTree): void {
    this.write(treeKey(source), treeToBuffer(tree));
  }

  /**
   * The crate model's facts of a file (`fileFacts`), computed by an earlier review: by path, content id
   * (`contentIdOf` its text: a git tree gives it without the text being read), facts version, this
   * program's code (the catalogue the facts consult) and the grammar. A hit needs no tree, nor the
   * text: a warm review of commits builds its model without reading, parsing or decoding anything.
   */
  getFacts<T extends { version: number; path: string }>(path: string, contentId: string, version: number): Promise<T | undefined> {
    return this.getJson<T>(factsKey(path, contentId, version)).then((f) => (f && f.version === version && f.path === path ? f : undefined));
  }

  setFacts(path: string, contentId: string, facts: { version: number }, json?: string): void {
    this.setJson(factsKey(path, contentId, facts.version), facts, json);
  }

  private write(key: string, value: Buffer): void {
    this.stats.writes++;
    if (this.options.deferWrites) {
      this.heldBytes += value.length - (this.held.get(key)?.length ?? 0);
      this.held.set(key, value);
      // A large cold review (every file's tree, facts and output: tens of MB) is not held in memory.
      if (this.heldBytes > MAX_HELD_BYTES) this.release();
      return;
    }
    this.put(key, value);
  }

  private release(): void {
    for (const [key, value] of this.held) this.put(key, value);
    this.held.clear();
    this.heldBytes = 0;
  }

  private put(key: string, value: Buffer): void {
    const p = this.store.set(key, value).catch(() => {});
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Writes what was held and waits for pending writes (a CLI run ends with this). */
  async flush(): Promise<void> {
    this.release();
    await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.store.close?.();
  }
}

const treeKey = (source: string): string => digest('tree', FORMAT, grammarVersion(), source);
const factsKey = (path: string, contentId: string, version: number): string => digest('facts', FORMAT, String(version), codeVersion(), grammarVersion(), path, contentId);

/** The key of the crate model's Cargo manifest facts: the manifests by path and blob id, and the head's paths (which packages have binaries). */
export function manifestsKey(paths: readonly string[], ids: readonly string[], headPaths: readonly string[]): string {
  return digest('manifests', FORMAT, codeVersion(), JSON.stringify(paths), ...ids, digest(...headPaths));
}

/**
 * A text's content id: git's blob id of its UTF-8 bytes, so that a file a git tree lists is known by
 * the id the tree gives, without reading it (issue 17). A file whose bytes are not what its text
 * encodes to (invalid UTF-8 replaced when decoded) just never matches its tree's id; a text starting
 * with a byte-order mark (which decoding strips from the bytes git hashed) gets an id of another form,
 * so that a tree's id always names the exact text.
 */
export function contentIdOf(text: string): string {
  if (text.charCodeAt(0) === 0xfeff) return `text-${crypto.createHash('sha1').update(text).digest('hex')}`;
  return crypto.createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0`).update(text).digest('hex');
}

/** The key of a file rules' output for one file. */
export function fileOutputKey(analysisKey: string, path: string, source: string): string {
  return digest('file-output', FORMAT, analysisKey, path, source);
}

/** What every file's analysis depends on besides its own path and text: code, grammar, settings, the head tree's paths. */
export function analysisKeyOf(rules: readonly [string, unknown][], projectPaths: readonly string[], extra = ''): string {
  return digest('analysis', FORMAT, codeVersion(), grammarVersion(), JSON.stringify(rules), digest(...projectPaths), extra);
}

/** Identities of models given by whoever built them from known inputs (see `registerModelKey`). */
const modelKeys = new WeakMap<object, string>();

/**
 * Names a model by what its facts were computed from (each file's path and text digest, in order):
 * facts are a pure function of those and of the code version, which every key holds already. Saves
 * serialising every fact of a large crate to name it (a third of a second on a 500-file crate).
 */
export function registerModelKey(model: object, inputs: readonly (readonly [path: string, textDigest: string])[]): void {
  modelKeys.set(model, digest('model-inputs', FORMAT, ...inputs.flat()));
}

/** The crate model's identity (the facts it was built from), for keys of outputs that read it. */
export function modelKeyOf(project: { model?: { facts: readonly unknown[]; manifests?: readonly unknown[] } }): string {
  if (!project.model) return '';
  return modelKeys.get(project.model) ?? digest('model', JSON.stringify(project.model.facts), JSON.stringify(project.model.manifests ?? []));
}
