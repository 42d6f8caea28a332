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

/**
 * The rule set's version: a digest of this program's own code (every module under CODE_ROOT, the
 * bundled CLI's chunks included), so that any change to a rule, the engine or a helper invalidates
 * what it produced. Read once per process, synchronously: about 3 MB in 300 files, 15-20 ms of CPU
 * (through fs.promises twice that, which every CLI review paid), once in the App's life.
 */
export function loadCodeVersion(): Promise<string> {
  if (code) return Promise.resolve(code);
  const root = CODE_ROOT;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts|md|json)$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(p);
    }
  };
  const h = crypto.createHash('sha256');
  try {
    walk(root);
    for (const p of files) h.update(path.relative(root, p)).update('\0').update(fs.readFileSync(p)).update('\0');
  } catch {
    // Unreadable code: a version of this process alone (nothing cached by another build is reused).
    return Promise.resolve((code ??= `unknown-${crypto.randomUUID()}`));
  }
  return Promise.resolve((code ??= h.digest('hex').slice(0, 32)));
}

/** The version `loadCodeVersion` read (it must have been awaited). */
export function codeVersion(): string {
  if (!code) throw new Error('the code version is not loaded: await loadCodeVersion() first');
  return code;
}

export class AnalysisCache {
  private readonly pending = new Set<Promise<void>>();
  /** Hits and misses by kind, for the benchmarks and tests. */
  readonly stats = { hits: 0, misses: 0, writes: 0 };

  constructor(readonly store: CacheStore) {}

  async getJson<T>(key: string): Promise<T | undefined> {
    const data = await this.store.get(key);
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
    const data = await this.store.get(treeKey(source));
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
   * The crate model's facts of a file (`fileFacts`), computed by an earlier review: by path, text,
   * facts version, this program's code (the catalogue the facts consult) and the grammar. A hit needs
   * no tree: a warm review builds its model without parsing or decoding anything.
   */
  getFacts<T extends { version: number; path: string }>(path: string, source: string, version: number): Promise<T | undefined> {
    return this.getJson<T>(factsKey(path, source, version)).then((f) => (f && f.version === version && f.path === path ? f : undefined));
  }

  setFacts(path: string, source: string, facts: { version: number }, json?: string): void {
    this.setJson(factsKey(path, source, facts.version), facts, json);
  }

  private write(key: string, value: Buffer): void {
    this.stats.writes++;
    const p = this.store.set(key, value).catch(() => {});
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Waits for pending writes (a CLI run ends with this). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.store.close?.();
  }
}

const treeKey = (source: string): string => digest('tree', FORMAT, grammarVersion(), source);
const factsKey = (path: string, source: string, version: number): string => digest('facts', FORMAT, String(version), codeVersion(), grammarVersion(), path, source);

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
