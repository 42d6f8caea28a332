/**
 * The analysis cache: an unchanged file is not analysed again, anything its output depends on (its
 * text, the rule code, the grammar, the settings) makes a miss, entries survive concurrent writers,
 * the disk stays within its bound and a damaged entry is a miss, never a wrong answer.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisCache, contentIdOf, overrideVersions } from '../../src/cache/analysis-cache.js';
import { DiskStore, MemoryStore, RedisStore, type RedisBytes } from '../../src/cache/store.js';
import { defineRule } from '../../src/rules/define-rule.js';
import { emptyProject } from '../../src/rules/engine.js';
import { analyzeFiles } from '../../src/review/analyze-files.js';
import { loadRustParser, ReviewTrees } from '../../src/rust/parser.js';
import { sameNodes } from '../../src/rust/syntax-tree.js';
import { decodeTree, encodeTree } from '../../src/rust/tree-encoding.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rr-cache-'));

/** A rule that counts the files it is run on (a run is an analysis the cache did not save). */
function countingRule() {
  const runs: string[] = [];
  const rule = defineRule({
    id: 'ownership/test-counting-unwrap',
    role: 'ownership',
    category: 'suspicious',
    docs: { summary: 's', why: 'w', bad: 'fn f() { x.unwrap(); }', good: 'fn f() {}' },
    messages: { unwrap: 'unwrap here' },
    create(ctx) {
      runs.push(ctx.path);
      return { call_expression: (n) => n.text.endsWith('.unwrap()') && ctx.report({ node: n, messageId: 'unwrap' }) };
    },
  });
  return { rule, runs };
}

const A = { path: 'src/a.rs', source: 'fn a() { let x = y.unwrap(); }\n' };
const B = { path: 'src/b.rs', source: 'fn b() {}\n' };

beforeAll(() => loadRustParser());
afterEach(() => overrideVersions({}));

describe('the analysis cache', () => {
  it('analyses an unchanged file once; new text, rule code, grammar or settings are misses', async () => {
    const cache = new AnalysisCache(new MemoryStore());
    const { rule, runs } = countingRule();
    const project = emptyProject(['src/a.rs', 'src/b.rs']);
    const review = (files = [A, B], settings = {}) => analyzeFiles(files, new Map([[rule, settings]]), project, { cache });

    const first = await review();
    expect(first.findings.map((f) => [f.path, f.line])).toEqual([['src/a.rs', 1]]);
    expect(runs).toEqual(['src/a.rs', 'src/b.rs']);
    expect(await review()).toEqual(first);
    expect(runs).toHaveLength(2);

    await review([{ ...A, source: `// edited\n${A.source}` }, B]);
    expect(runs.slice(2)).toEqual(['src/a.rs']);

    overrideVersions({ code: 'rules changed' });
    await review();
    expect(runs.slice(3)).toEqual(['src/a.rs', 'src/b.rs']);

    overrideVersions({ code: 'rules changed', grammar: 'tree-sitter-rust@next' });
    await review();
    expect(runs.slice(5)).toEqual(['src/a.rs', 'src/b.rs']);

    await review([A, B], { severity: 'error' });
    expect(runs.slice(7)).toEqual(['src/a.rs', 'src/b.rs']);
  });

  it('keeps trees: a later review rebuilds them instead of parsing, the same nodes', async () => {
    const cache = new AnalysisCache(new MemoryStore());
    const first = new ReviewTrees(cache);
    const parsed = first.tree(A.source);
    await cache.flush();
    const second = new ReviewTrees(cache);
    await second.prefetch(A.source);
    expect(sameNodes(second.tree(A.source), parsed)).toBe(true);
    expect([first.counts, second.counts]).toEqual([{ parsed: 1, reused: 0 }, { parsed: 0, reused: 1 }]);
  });

  it("keeps a file's crate-model facts by path, content id, facts version, rule code and grammar", async () => {
    const cache = new AnalysisCache(new MemoryStore());
    overrideVersions({ code: 'rules v1' });
    const facts = { version: 7, path: 'src/a.rs', fns: ['a'] };
    const id = contentIdOf(A.source);
    cache.setFacts('src/a.rs', id, facts);
    await cache.flush();
    expect(await cache.getFacts('src/a.rs', id, 7)).toEqual(facts);
    // The path is part of what facts mean (a file under tests/ holds tests): the same text elsewhere is a miss.
    expect(await cache.getFacts('tests/a.rs', id, 7)).toBeUndefined();
    expect(await cache.getFacts('src/a.rs', contentIdOf(`${A.source}\n`), 7)).toBeUndefined();
    expect(await cache.getFacts('src/a.rs', id, 8)).toBeUndefined();
    overrideVersions({ code: 'catalogue changed' });
    expect(await cache.getFacts('src/a.rs', id, 7)).toBeUndefined();
    overrideVersions({ code: 'rules v1', grammar: 'tree-sitter-rust@next' });
    expect(await cache.getFacts('src/a.rs', id, 7)).toBeUndefined();
  });

  it('a deferring cache writes when flushed (or past its bound), and answers reads of what it holds', async () => {
    const store = new MemoryStore();
    const cache = new AnalysisCache(store, { deferWrites: true });
    cache.setJson('a'.repeat(64), { n: 1 });
    expect(store.size.entries).toBe(0);
    expect(await cache.getJson('a'.repeat(64))).toEqual({ n: 1 });
    cache.setJson('b'.repeat(64), 'x'.repeat(5 * 1024 * 1024));
    expect(store.size.entries).toBe(2);
    cache.setJson('c'.repeat(64), { n: 3 });
    expect(store.size.entries).toBe(2);
    await cache.flush();
    expect(store.size.entries).toBe(3);
  });

  it("names a text by git's blob id of its bytes; a text git would not hash the same way gets another form", () => {
    const hashObject = (text: string) => execFileSync('git', ['hash-object', '--stdin'], { input: text, encoding: 'utf8' }).trim();
    for (const text of [A.source, '', 'fn é() {}\n', 'no newline']) expect(contentIdOf(text)).toBe(hashObject(text));
    // Decoding strips a byte-order mark from the bytes git hashed: the text's id must not be those bytes' id.
    const bom = '\uFEFFfn a() {}\n';
    expect(contentIdOf(bom)).not.toBe(hashObject(bom));
    expect(contentIdOf(bom)).not.toBe(hashObject(bom.slice(1)));
  });

  it('encodes trees losslessly, inserted tokens included', () => {
    const source = 'fn broken( {\n    let x = ;\n    foo(1, 2\n}\n';
    const tree = new ReviewTrees().tree(source);
    expect(tree.missing.size).toBeGreaterThan(0);
    expect(sameNodes(decodeTree(encodeTree(tree), source, tree.symbols), tree)).toBe(true);
  });
});

describe('the disk store', () => {
  it('ignores damaged entries (truncated, garbage) and removes them', async () => {
    const dir = tmp();
    const store = new DiskStore(dir);
    const key = 'ab'.repeat(32);
    await store.set(key, Buffer.from('a value'));
    expect((await store.get(key))?.toString()).toBe('a value');
    const file = path.join(dir, 'ab', key);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 2));
    expect(await store.get(key)).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);
    await store.set(key, Buffer.from('a value'));
    const flipped = fs.readFileSync(file);
    flipped[flipped.length - 1] ^= 1;
    fs.writeFileSync(file, flipped);
    expect(await store.get(key)).toBeUndefined();
    fs.writeFileSync(file, 'not an entry at all');
    expect(await store.get(key)).toBeUndefined();
    // Damaged JSON behind a valid frame is a miss for the cache too.
    const cache = new AnalysisCache(store);
    await store.set(key, Buffer.from('{"findings": ['));
    expect(await cache.getJson(key)).toBeUndefined();
  });

  it('stays within its bound, the least recently used entries going first', async () => {
    const dir = tmp();
    const store = new DiskStore(dir, { maxBytes: 10_000 });
    const key = (i: number) => i.toString(16).padStart(64, '0');
    for (let i = 0; i < 30; i++) {
      await store.set(key(i), Buffer.alloc(1000, i));
      // Older mtimes for earlier entries, as if written over time.
      const when = new Date(Date.now() - (100 - i) * 60_000);
      fs.utimesSync(path.join(dir, key(i).slice(0, 2), key(i)), when, when);
    }
    await store.close();
    // Entries live in folders named by their first two hex digits (beside them: the size estimate).
    const sizes = fs.readdirSync(dir).filter((d) => /^[0-9a-f]{2}$/.test(d)).flatMap((d) => fs.readdirSync(path.join(dir, d)).map((f) => fs.statSync(path.join(dir, d, f)).size));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(8_000);
    expect(await store.get(key(29))).toBeDefined();
    expect(await store.get(key(0))).toBeUndefined();
  });

  it('holds its bound over many runs while listing the folder only when the bound may be crossed', async () => {
    const dir = tmp();
    const key = (i: number) => i.toString(16).padStart(64, '0');
    const folderBytes = () => fs.readdirSync(dir).filter((d) => /^[0-9a-f]{2}$/.test(d)).flatMap((d) => fs.readdirSync(path.join(dir, d)).map((f) => fs.statSync(path.join(dir, d, f)).size)).reduce((a, b) => a + b, 0);
    let next = 0;
    for (let run = 0; run < 12; run++) {
      const store = new DiskStore(dir, { maxBytes: 10_000 });
      for (let i = 0; i < 3; i++) await store.set(key(next++), Buffer.alloc(1000, run));
      // An entry rewritten with the same key counts twice in the estimate, never less.
      await store.set(key(next - 1), Buffer.alloc(1000, run));
      await store.close();
      expect(folderBytes()).toBeLessThanOrEqual(10_000);
      expect(Number(fs.readFileSync(path.join(dir, 'size'), 'utf8'))).toBeGreaterThanOrEqual(folderBytes());
    }
    // The newest entries are kept.
    expect(await new DiskStore(dir).get(key(next - 1))).toBeDefined();
  });

  it('is safe with two processes writing and reading the same entries at once', async () => {
    const dir = tmp();
    const storeModule = path.resolve(import.meta.dirname, '../../dist/cache/store.js');
    if (!fs.existsSync(storeModule)) return expect.fail('run `npm run build` first (npm test does)');
    const script = `const { DiskStore } = await import(${JSON.stringify(storeModule)});
const store = new DiskStore(process.argv[1]);
let bad = 0;
for (let round = 0; round < 3; round++) for (let i = 0; i < 60; i++) {
  const key = i.toString(16).padStart(64, '0');
  const value = Buffer.alloc(20000 + i, i);
  await store.set(key, value);
  const back = await store.get(key);
  if (back && !back.equals(value)) bad++;
}
console.log(bad);`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir]);
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}`))));
      });
    expect(await Promise.all([run(), run()])).toEqual(['0', '0']);
    const store = new DiskStore(dir);
    for (let i = 0; i < 60; i++) expect((await store.get(i.toString(16).padStart(64, '0')))?.equals(Buffer.alloc(20000 + i, i))).toBe(true);
    const leftovers = fs.readdirSync(dir).flatMap((d) => fs.readdirSync(path.join(dir, d))).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });
});

describe('the memory and Redis stores', () => {
  it('the memory store is a bounded LRU', async () => {
    const store = new MemoryStore(3000);
    for (let i = 0; i < 5; i++) {
      await store.set(`k${i}`, Buffer.alloc(700));
      await store.get('k0');
    }
    expect(store.size.bytes).toBeLessThanOrEqual(3000);
    expect(await store.get('k0')).toBeDefined();
    expect(await store.get('k1')).toBeUndefined();
  });

  it('shares entries through Redis; an answer that is not a whole entry, or no answer, is a miss', async () => {
    const data = new Map<string, Buffer>();
    const client: RedisBytes = {
      getBuffer: async (k) => data.get(k) ?? null,
      set: async (k, v) => void data.set(k, v),
    };
    await new RedisStore(client).set('k', Buffer.from('shared'));
    expect((await new RedisStore(client).get('k'))?.toString()).toBe('shared');
    for (const [k, v] of data) data.set(k, v.subarray(0, v.length - 1));
    expect(await new RedisStore(client).get('k')).toBeUndefined();
    const silent: RedisBytes = { getBuffer: () => new Promise(() => {}), set: () => new Promise(() => {}) };
    const store = new RedisStore(silent, { timeoutMs: 20, memoryBytes: 0 });
    await store.set('k', Buffer.from('x'));
    expect(await store.get('k')).toBeUndefined();
  });
});

it('the CLI keeps its cache in the git directory, and RUST_REVIEW_CACHE=off turns it off', async () => {
  const { openCliCache } = await import('../../src/cache/cli-cache.js');
  const repo = tmp();
  execFileSync('git', ['init', '-q', repo]);
  const cache = await openCliCache(repo, {});
  expect((cache?.store as DiskStore).dir).toBe(path.join(fs.realpathSync(repo), '.git', 'rust-review', 'cache'));
  expect(await openCliCache(repo, { RUST_REVIEW_CACHE: 'off' })).toBeUndefined();
});
