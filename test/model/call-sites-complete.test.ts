/**
 * Execution contexts are placed on demand from the callers found by name (call-sites.ts): a call can
 * only reach a fn named by its spelled last segment or method, or by a `use .. as` rename of it. If
 * another resolution path ever maps a name to a differently named fn, contexts silently miss callers.
 * This checks the assumption over every multi-file tree of the held-out corpora (real-shaped crates
 * nobody wrote for this check): each call edge the summaries resolve, and each fn handed over by
 * path, is among the sites the by-name index lists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CrateModel, fileFacts } from '../../src/model/index.js';
import { CallSitesByName } from '../../src/model/call-sites.js';
import { manifestFact } from '../../src/model/manifests.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

function filesUnder(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, base) : [path.relative(base, p)];
  });
}

const trees = fs.readdirSync('test').filter((d) => d.startsWith('heldout')).flatMap((set) =>
  fs.readdirSync(path.join('test', set, 'cases')).map((c) => path.join('test', set, 'cases', c, 'head')).filter((d) => fs.existsSync(d)));

describe('callers by name cover every resolved call', () => {
  it('on every head tree of the held-out corpora', () => {
    let edges = 0;
    const missed: string[] = [];
    for (const dir of trees) {
      const paths = filesUnder(dir);
      const facts = paths.filter((p) => p.endsWith('.rs')).map((p) => {
        const tree = parseRust(fs.readFileSync(path.join(dir, p), 'utf8'));
        return fileFacts(tree.rootNode, p);
      });
      const manifests = paths.filter((p) => p.endsWith('Cargo.toml')).map((p) => manifestFact(p, fs.readFileSync(path.join(dir, p), 'utf8'), paths));
      const model = CrateModel.build(facts, manifests);
      const index = model.index;
      const sites = new CallSitesByName(index);
      const order = new Map(index.fns.map((f, k) => [f, k]));
      const position = (r: (typeof index.fns)[number]) => order.get(r)!;
      for (const ref of index.fns) {
        ref.fn.calls.forEach((call, i) => {
          for (const target of model.summaries.callees(ref, i)) {
            edges++;
            if (!sites.callsNaming(target.fn.name, position).some((s) => s.caller === ref && s.index === i)) missed.push(`${dir}: ${ref.key} calls ${call.written ?? call.method} -> ${target.key}`);
          }
        });
        const crate = index.crateOf(ref.file.path);
        const module = index.moduleAt(ref.file, ref.fn.module);
        for (const p of [...ref.fn.calls.flatMap((c) => c.argPaths ?? []), ...ref.fn.macros.flatMap((m) => m.argPaths ?? [])]) {
          const r = index.resolve(crate, module, p);
          for (const target of r ? index.freeFns(r) : []) {
            edges++;
            if (!sites.handingOver(target.fn.name, position).includes(ref)) missed.push(`${dir}: ${ref.key} hands over ${p} -> ${target.key}`);
          }
        }
      }
    }
    expect(trees.length).toBeGreaterThan(100);
    expect(edges).toBeGreaterThan(200);
    expect(missed).toEqual([]);
  });
});
