/**
 * Trees are read two ways: from WASM memory (fast) and through web-tree-sitter's public API (the
 * reference and the fallback). When the memory reader is off, reviews read the same trees, the
 * operator is told once, and /metrics counts it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Metrics } from '../../src/metrics/index.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';
import { sameNodes } from '../../src/rust/syntax-tree.js';
import { disableMemoryWalk, hasMemoryWalk, treeReader } from '../../src/rust/tree-memory.js';

const SOURCE = 'use std::sync::Mutex;\nasync fn f(m: &Mutex<u32>) { let g = m.lock().unwrap(); g.await; }\nfn broken( {\n';

beforeAll(async () => {
  await loadRustParser();
});

describe('the tree reader', () => {
  it('falls back to the public API with the same trees, warns once and counts the trees in /metrics', async () => {
    expect(hasMemoryWalk()).toBe(true);
    const fromMemory = parseRust(SOURCE);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    disableMemoryWalk('a test switched it off');
    disableMemoryWalk('a test switched it off again');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('a test switched it off');
    expect(treeReader()).toMatchObject({ reader: 'api', reason: 'a test switched it off again' });

    const before = treeReader().fallbackTrees;
    const fromApi = parseRust(SOURCE);
    parseRust(SOURCE);
    expect(sameNodes(fromApi, fromMemory)).toBe(true);
    expect(treeReader().fallbackTrees).toBe(before + 2);

    const text = await new Metrics({ defaultMetrics: false }).registry.metrics();
    expect(text).toContain('rust_review_tree_reader_fallback 1');
    expect(text).toContain(`rust_review_tree_reader_fallback_trees_total ${before + 2}`);
  });

  it('is switched off by RUST_REVIEW_TREE_READER=api (compiled CLI code, a fresh process)', () => {
    const dist = path.resolve(import.meta.dirname, '../../dist/rust/parser.js');
    if (!fs.existsSync(dist)) return expect.fail('run `npm run build` first (npm test does)');
    const script = `const p = await import(${JSON.stringify(dist)}); const m = await import(${JSON.stringify(dist.replace('parser.js', 'tree-memory.js'))});
await p.loadRustParser(); p.parseRust('fn main() {}'); console.log(JSON.stringify(m.treeReader()));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, RUST_REVIEW_TREE_READER: 'api' }, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ reader: 'api', reason: 'switched off by RUST_REVIEW_TREE_READER=api', fallbackTrees: 1 });
  });
});
