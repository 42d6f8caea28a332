// Analysis benchmark (issue 2): a generated Rust backend code base of at least 2 MB.
// Measures parse-only time, full analysis with every rule (one thread, then worker threads),
// files per second, and RSS across 20 analyses of the same tree in one process.
//   npm run bench            (builds first)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCodebase } from './codebase.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
const { loadRustParser } = await import(dist('rust/parser.js'));
const { ALL_RULES } = await import(dist('rules/registry.js'));
const { emptyProject } = await import(dist('rules/engine.js'));
const { analyzeFiles, closeAnalysisWorkers } = await import(dist('review/analyze-files.js'));

const files = generateCodebase(root, 2.2 * 1024 * 1024);
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.source), 0);
const lines = files.reduce((n, f) => n + f.source.split('\n').length, 0);
const parser = await loadRustParser();
const rules = new Map(ALL_RULES.map((r) => [r, {}]));
const project = emptyProject(files.map((f) => f.path));
const mb = (n) => (n / 1024 / 1024).toFixed(1);
const time = async (fn) => { const t = performance.now(); await fn(); return performance.now() - t; };

// Warm-up (JIT, WASM) so the first measured run is not penalised.
for (const f of files.slice(0, 50)) parser.parse(f.source).delete();
await analyzeFiles(files.slice(0, 50), rules, project, { inProcess: true });
await analyzeFiles(files.slice(0, 200), rules, project); // starts and warms the worker threads

// Parse-only is tree-sitter alone (parse and free the WASM tree): copying the tree into the
// JavaScript objects rules read is part of the analysis cost.
const parseMs = await time(() => { for (const f of files) parser.parse(f.source).delete(); });
const analyzeMs = await time(() => analyzeFiles(files, rules, project, { inProcess: true }));
const workersMs = await time(() => analyzeFiles(files, rules, project));
const findings = (await analyzeFiles(files, rules, project, { inProcess: true })).findings.length;

const rss = [];
let peak = process.memoryUsage().rss;
for (let i = 0; i < 20; i++) {
  await analyzeFiles(files, rules, project, { inProcess: true });
  global.gc?.();
  rss.push(process.memoryUsage().rss);
  peak = Math.max(peak, process.memoryUsage().rss);
}
await closeAnalysisWorkers();

console.log(`code base: ${files.length} files, ${mb(bytes)} MB, ${lines} lines; ${ALL_RULES.length} rules; ${findings} findings`);
console.log(`parse only:            ${parseMs.toFixed(0)} ms`);
console.log(`full analysis, 1 thread: ${analyzeMs.toFixed(0)} ms  (${(analyzeMs / parseMs).toFixed(2)}x parse-only; target <= 1.5x)`);
console.log(`full analysis, workers:  ${workersMs.toFixed(0)} ms  (${(files.length / (workersMs / 1000)).toFixed(0)} files/s; 1 thread ${(files.length / (analyzeMs / 1000)).toFixed(0)} files/s)`);
console.log(`RSS after run 1: ${mb(rss[0])} MB, after run 20: ${mb(rss[19])} MB (${(((rss[19] - rss[0]) / rss[0]) * 100).toFixed(1)}%), peak ${mb(peak)} MB`);
