// Analysis benchmark (issue 2): a generated Rust backend code base of at least 2 MB.
// Measures parse-only time, full analysis with every rule (one thread, then worker threads),
// files per second, and RSS across 20 analyses of the same tree in one process.
//   npm run bench            (builds first)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCodebase } from './codebase.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
const { loadRustParser } = await import(dist('rust/parser.js'));
const { hasMemoryWalk } = await import(dist('rust/tree-memory.js'));
const { ALL_RULES } = await import(dist('rules/registry.js'));
const { emptyProject } = await import(dist('rules/engine.js'));
const { analyzeFiles, analysisThreadCount, closeAnalysisWorkers } = await import(dist('review/analyze-files.js'));

const files = generateCodebase(root, 2.2 * 1024 * 1024);
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.source), 0);
const lines = files.reduce((n, f) => n + f.source.split('\n').length, 0);
const parser = await loadRustParser();
const rules = new Map(ALL_RULES.map((r) => [r, {}]));
const project = emptyProject(files.map((f) => f.path));
const mb = (n) => (n / 1024 / 1024).toFixed(1);
const time = async (fn) => { const t = performance.now(); await fn(); return performance.now() - t; };

// Warm-up (WASM, worker start-up) on a slice, so that "cold" below is the JIT's cold, not start-up.
for (const f of files.slice(0, 50)) parser.parse(f.source).delete();
await analyzeFiles(files.slice(0, 50), rules, project, { inProcess: true });
await analyzeFiles(files.slice(0, 200), rules, project); // starts and warms the worker threads

// Parse-only is tree-sitter alone (parse and free the WASM tree): copying the tree into the
// JavaScript objects rules read is part of the analysis cost. Each measure is taken once cold (the
// first full pass: what a one-shot CLI run pays) and in the steady state of a running App: after
// WARMUP more passes (V8 keeps optimising rule code for several passes, in each worker thread on
// its own), the median of the next RUNS.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 8);
const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// CPU time too (all threads of the process, GC helpers included): on a shared machine wall time
// swings with other tenants, CPU time much less.
const cpuMs = (since) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };
const measure = async (fn) => {
  const cold = await time(fn);
  for (let i = 0; i < WARMUP; i++) await fn();
  const warm = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const since = process.cpuUsage();
    warm.push(await time(fn));
    cpu.push(cpuMs(since));
  }
  return { cold, warm: median(warm), cpu: median(cpu) };
};
const parse = await measure(() => { for (const f of files) parser.parse(f.source).delete(); });
const single = await measure(() => analyzeFiles(files, rules, project, { inProcess: true }));
const workers = await measure(() => analyzeFiles(files, rules, project));
const findings = (await analyzeFiles(files, rules, project, { inProcess: true })).findings.length;

// The model of the crate (issue 15): per-file facts from already-parsed trees, then the crate
// index and the function summaries over all of them; what a review pays besides the rule walk.
const { CrateModel, fileFacts } = await import(dist('model/index.js'));
const { parseRust } = await import(dist('rust/parser.js'));
const trees = files.map((f) => ({ path: f.path, tree: parseRust(f.source) }));
let modelFns = 0;
const model = await measure(() => {
  const facts = trees.map((t) => fileFacts(t.tree.rootNode, t.path));
  modelFns = CrateModel.build(facts).index.fns.length;
});
// What a warm pull request review pays for the crate around the change (issue 17): its facts come
// from the cache. The whole crate's summaries (settled over the call graph) and execution contexts,
// as every review built them before; then what a review of one changed file asks: the summaries and
// contexts of that file's fns and of the calls' callees, settled and placed on demand.
const cachedFacts = trees.map((t) => fileFacts(t.tree.rootNode, t.path));
const lazyIndexes = await measure(() => {
  const m = CrateModel.build(cachedFacts);
  m.summaries.settleAll();
  m.contexts.placeAll();
});
const askedFile = cachedFacts[Math.floor(cachedFacts.length / 2)].path;
const onDemand = await measure(() => {
  const m = CrateModel.build(cachedFacts);
  for (const ref of m.index.fnsOfFile(askedFile)) {
    m.contexts.of(ref);
    m.summaries.of(ref);
    ref.fn.calls.forEach((_, i) => m.summaries.callees(ref, i).forEach((t) => m.summaries.of(t)));
  }
});
trees.length = 0;

const rss = [];
let peak = process.memoryUsage().rss;
for (let i = 0; i < 20; i++) {
  await analyzeFiles(files, rules, project, { inProcess: true });
  global.gc?.();
  rss.push(process.memoryUsage().rss);
  peak = Math.max(peak, process.memoryUsage().rss);
}
await closeAnalysisWorkers();

console.log(`code base: ${files.length} files, ${mb(bytes)} MB, ${lines} lines; ${ALL_RULES.length} rules; ${findings} findings; trees read ${hasMemoryWalk() ? 'from WASM memory' : 'with a cursor walk (memory layout check failed)'}`);
const ms = (n) => `${n.toFixed(0)} ms`.padStart(8);
const ratio = (n, base) => `${(n / base).toFixed(2)}x`.padStart(6);
const rate = (n) => `${(files.length / (n / 1000)).toFixed(0)} files/s`.padStart(13);
console.log(`                           cold (first pass)                 steady (median of ${RUNS} after ${WARMUP} more passes)`);
console.log(`parse only (tree-sitter) ${ms(parse.cold)}                           ${ms(parse.warm)}`);
console.log(`full analysis, 1 thread  ${ms(single.cold)} ${ratio(single.cold, parse.cold)} parse ${rate(single.cold)}   ${ms(single.warm)} ${ratio(single.warm, parse.warm)} parse ${rate(single.warm)}`);
console.log(`full analysis, ${analysisThreadCount()} workers ${ms(workers.cold)} ${ratio(workers.cold, parse.cold)} parse ${rate(workers.cold)}   ${ms(workers.warm)} ${ratio(workers.warm, parse.warm)} parse ${rate(workers.warm)}`);
console.log(`model of the crate       ${ms(model.cold)} ${ratio(model.cold, parse.cold)} parse (facts of ${files.length} files, index and summaries of ${modelFns} fns)   ${ms(model.warm)} ${ratio(model.warm, parse.warm)} parse`);
console.log(`summaries and contexts    ${ms(lazyIndexes.cold)} ${ratio(lazyIndexes.cold, parse.cold)} parse (the crate index, the summaries of ${modelFns} fns and where each runs, from facts)   ${ms(lazyIndexes.warm)} ${ratio(lazyIndexes.warm, parse.warm)} parse`);
console.log(`  on demand, one file    ${ms(onDemand.cold)} ${ratio(onDemand.cold, parse.cold)} parse (the crate index, and the summaries and contexts a review of ${askedFile} asks)   ${ms(onDemand.warm)} ${ratio(onDemand.warm, parse.warm)} parse`);
console.log(`CPU time, steady: parse only ${ms(parse.cpu)}, analysis 1 thread ${ms(single.cpu)} (${ratio(single.cpu, parse.cpu)} parse)`);
const verdict = (x) => (x <= 1.5 ? 'met' : 'not met');
console.log(`target analysis <= 1.5x parse-only: workers, steady ${(workers.warm / parse.warm).toFixed(2)}x (${verdict(workers.warm / parse.warm)}); workers, cold ${(workers.cold / parse.cold).toFixed(2)}x (${verdict(workers.cold / parse.cold)}); 1 thread, steady ${(single.warm / parse.warm).toFixed(2)}x (${verdict(single.warm / parse.warm)})`);
console.log(`RSS after run 1: ${mb(rss[0])} MB, after run 20: ${mb(rss[19])} MB (${(((rss[19] - rss[0]) / rss[0]) * 100).toFixed(1)}%), peak ${mb(peak)} MB`);

// The whole review as the command line runs it on the same tree (`review --all`): file rules on
// worker threads, then the change-scoped rules and the coverage table over every file.
const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-review-bench-'));
try {
  for (const f of files) {
    fs.mkdirSync(path.join(repo, path.dirname(f.path)), { recursive: true });
    fs.writeFileSync(path.join(repo, f.path), f.source);
  }
  const git = (...args) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'bench');
  const reviewAll = (label) => {
    const t = performance.now();
    const cli = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'review', '--all', '--format', 'json', '--fail-on', 'never'], { cwd: repo, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const wall = performance.now() - t;
    if (cli.status !== 0) throw new Error(`review --all failed: ${cli.stderr}`);
    const result = JSON.parse(cli.stdout);
    console.log(`\`rust-review review --all\`, ${label} (new process): ${(wall / 1000).toFixed(1)} s; ${result.findings.length} findings, ${result.coverage.length} coverage rows`);
  };
  reviewAll('the same tree');
  // One large file of many similar functions: whole-change passes must stay linear in its functions.
  fs.rmSync(path.join(repo, 'crates'), { recursive: true, force: true });
  fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
  const many = Array.from({ length: 8000 }, (_, i) => `pub async fn refresh_${i}(m: &std::sync::Mutex<u8>) { let g = m.lock().unwrap(); tokio::task::yield_now().await; drop(g); }\n`).join('');
  fs.writeFileSync(path.join(repo, 'src', 'many.rs'), many);
  git('add', '-A');
  git('commit', '-qm', 'one large file');
  reviewAll(`one ${mb(Buffer.byteLength(many))} MB file of 8,000 fns`);
} finally {
  fs.rmSync(repo, { recursive: true, force: true });
}
