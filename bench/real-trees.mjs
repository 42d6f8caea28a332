// What users wait for (issue 17): the CLI as a user runs it, on real Rust backends, side by side with
// ast-grep scanning the same tree with 5 Rust rules in the same run.
//
//   npm run bench:real                      (builds first)
//   BENCH_TREES=/path/to/clones             where the trees are (default: $TMPDIR/rust-review-bench)
//   BENCH_ROUNDS=3                          rounds per tree (the median is reported)
//   BENCH_COMMITS=50                        commits reviewed as pull requests (base = parent)
//   BENCH_ONLY=svix-webhooks                one tree
//   BENCH_OUT=dir                           where the findings JSON of each tree is written
//   BENCH_COMPARE=dir                       a BENCH_OUT of another run (e.g. without a change): the
//                                           findings must be identical, tree by tree
//   BENCH_CLI=path/to/dist/cli.js           another build to time (e.g. main before a change, for
//                                           the "before" figures and BENCH_COMPARE)
//
// Trees are fetched, never vendored: when one is missing the bench clones it from GitHub at the
// commit below (or tells you how). ast-grep is not a dependency of the project: the bench runs it
// with `npx --yes -p @ast-grep/cli@0.51.1` (npm caches it after the first run), then times the binary
// itself (the npx wrapper's own start-up is not ast-grep's).
//
// For each tree and round: ast-grep, then `review --all` cold (the cache emptied), then warm (the
// same command again: nothing changed, answered by the whole-result cache), then warm per file
// (RUST_REVIEW_RESULT_CACHE=off: every file's facts and output from the per-file caches). Wall, CPU (user + system) and peak RSS of each process come
// from GNU time. Then BENCH_COMMITS commits touching Rust files are reviewed as pull requests
// (`review --base C^ --head C`) with the cache warm from the whole-tree runs: the analysis time the
// CLI reports (`durationMs`) and the wall time of the process.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : path.join(root, 'dist', 'cli.js');
const treesDir = process.env.BENCH_TREES ?? path.join(os.tmpdir(), 'rust-review-bench');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COMMITS = Number(process.env.BENCH_COMMITS ?? 50);
const outDir = process.env.BENCH_OUT ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rust-review-bench-out-'));
fs.mkdirSync(outDir, { recursive: true });
const compareDir = process.env.BENCH_COMPARE;
const AST_GREP = '@ast-grep/cli@0.51.1';

/** Real Rust backends at fixed commits (lemmy is allowed here for speed only, never as evaluation data). */
const TREES = [
  { name: 'lemmy', url: 'https://github.com/LemmyNet/lemmy', commit: '439734dd638a2c06a2f907beab7dcf4646e88f86' },
  { name: 'crates.io', url: 'https://github.com/rust-lang/crates.io', commit: '57fa000662f511321daa61e6769f190ea0e80771' },
  { name: 'svix-webhooks', url: 'https://github.com/svix/svix-webhooks', commit: '4fc0cfb8b426c87ef7e2b937e7d896a71d456a47' },
].filter((t) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(t.name));

/** Five ordinary Rust rules, the kind rust-review runs (unwraps, blocking calls, locks, prints). */
const AST_GREP_RULES = [
  ['unwrap', '$X.unwrap()'],
  ['expect', '$X.expect($$$)'],
  ['thread-sleep', 'std::thread::sleep($$$)'],
  ['lock-unwrap', '$X.lock().unwrap()'],
  ['println', 'println!($$$)'],
].map(([id, pattern]) => `id: ${id}\nlanguage: Rust\nseverity: warning\nrule:\n  pattern: ${pattern}`).join('\n---\n');

function ensureTree(t) {
  const dir = path.join(treesDir, t.name);
  if (!fs.existsSync(path.join(dir, '.git'))) {
    fs.mkdirSync(treesDir, { recursive: true });
    const r = spawnSync('git', ['clone', '--quiet', t.url, dir], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`${t.name} is missing and could not be cloned. Clone ${t.url} into ${dir} (or point BENCH_TREES at a folder of clones) and run again.`);
      process.exit(2);
    }
  }
  execFileSync('git', ['-C', dir, 'checkout', '--quiet', '--force', '--detach', t.commit]);
  return dir;
}

function astGrepBinary() {
  const r = spawnSync('npx', ['--yes', '-p', AST_GREP, 'sh', '-c', 'readlink -f "$(command -v ast-grep)"'], { encoding: 'utf8' });
  const bin = r.stdout.trim();
  if (r.status !== 0 || !bin) throw new Error(`could not run ${AST_GREP} through npx: ${r.stderr}`);
  return bin;
}

const hasGnuTime = spawnSync('/usr/bin/time', ['-f', '%e', 'true']).status === 0;

/** Runs a process, returns wall, CPU (user + system) and peak RSS, and its stdout. */
function timed(cmd, args, opts = {}) {
  const stats = path.join(os.tmpdir(), `rust-review-bench-time-${process.pid}`);
  const t = performance.now();
  const r = hasGnuTime
    ? spawnSync('/usr/bin/time', ['-o', stats, '-f', '%e %U %S %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const wallMs = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  let cpuMs = NaN;
  let rssMb = NaN;
  if (hasGnuTime) {
    const [, user, sys, rssKb] = fs.readFileSync(stats, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpuMs = (user + sys) * 1000;
    rssMb = rssKb / 1024;
  }
  return { wallMs, cpuMs, rssMb, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
const mb = (x) => `${Math.round(x)} MB`;

/** cold: the cache emptied; warm: nothing changed (answered by the whole-result cache); files: warm with that cache off (the per-file caches answer). */
function reviewAll(dir, cacheState) {
  if (cacheState === 'cold') clearCache(dir);
  const env = { ...process.env, ...(cacheState === 'files' ? { RUST_REVIEW_RESULT_CACHE: 'off' } : {}) };
  return timed('node', [cli, 'review', '--all', '--repo', dir, '--format', 'json', '--fail-on', 'never', '--no-llm'], { env });
}

function clearCache(dir) {
  fs.rmSync(path.join(dir, '.git', 'rust-review'), { recursive: true, force: true });
}

/** The findings JSON without what may differ between two runs of the same review (timings). */
function comparable(json) {
  const j = JSON.parse(json);
  delete j.durationMs;
  return JSON.stringify(j, null, 1);
}

const bin = astGrepBinary();
console.log(`rust-review ${process.env.BENCH_CLI ? cli : `${JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version} (${execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()})`}, ${AST_GREP}, ${os.availableParallelism?.() ?? os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`findings JSON in ${outDir}${compareDir ? `, compared with ${compareDir}` : ''}\n`);

let identical = true;
const prTimes = [];
for (const t of TREES) {
  const dir = ensureTree(t);
  const rustFiles = execFileSync('git', ['-C', dir, 'ls-files', '*.rs'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const bytes = rustFiles.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  const runs = { astGrep: [], cold: [], warm: [], files: [] };
  let coldJson;
  let warmJson;
  let filesJson;
  for (let round = 0; round < ROUNDS; round++) {
    runs.astGrep.push(timed(bin, ['scan', '--inline-rules', AST_GREP_RULES, '--json=compact', '.'], { cwd: dir }));
    const cold = reviewAll(dir, 'cold');
    const warm = reviewAll(dir, 'warm');
    const files = reviewAll(dir, 'files');
    runs.cold.push(cold);
    runs.warm.push(warm);
    runs.files.push(files);
    coldJson ??= comparable(cold.stdout);
    warmJson ??= comparable(warm.stdout);
    filesJson ??= comparable(files.stdout);
  }
  const astMatches = JSON.parse(runs.astGrep[0].stdout).length;
  const m = (list, key) => median(list.map((r) => r[key]));
  const ag = m(runs.astGrep, 'wallMs');
  const agCpu = m(runs.astGrep, 'cpuMs');
  console.log(`${t.name} @ ${t.commit.slice(0, 9)}: ${rustFiles.length} Rust files, ${(bytes / 1024 / 1024).toFixed(2)} MB; median of ${ROUNDS} rounds`);
  console.log(`  ast-grep, 5 rules         ${s(ag)} wall, ${s(m(runs.astGrep, 'cpuMs'))} CPU, ${mb(m(runs.astGrep, 'rssMb'))} RSS (${astMatches} matches)`);
  const label = { cold: 'cold cache ', warm: 'warm cache ', files: 'warm, files' };
  for (const kind of ['cold', 'warm', 'files']) {
    const w = m(runs[kind], 'wallMs');
    const c = m(runs[kind], 'cpuMs');
    console.log(`  review --all, ${label[kind]} ${s(w)} wall (${ratio(w, ag)} ast-grep), ${s(c)} CPU (${ratio(c, agCpu)} ast-grep), ${mb(m(runs[kind], 'rssMb'))} RSS, peak ${mb(Math.max(...runs[kind].map((r) => r.rssMb)))}`);
  }
  console.log('  (warm: nothing changed, the whole result from the cache; warm, files: RUST_REVIEW_RESULT_CACHE=off, every file from the per-file caches)');
  const findings = JSON.parse(coldJson).findings.length;
  const same = coldJson === warmJson && coldJson === filesJson;
  identical &&= same;
  console.log(`  findings: ${findings}; warm ${coldJson === warmJson ? 'identical to' : 'DIFFERENT from'} cold, warm per file ${coldJson === filesJson ? 'identical to' : 'DIFFERENT from'} cold`);
  fs.writeFileSync(path.join(outDir, `${t.name}.json`), coldJson);
  if (compareDir) {
    const other = path.join(compareDir, `${t.name}.json`);
    const match = fs.existsSync(other) && fs.readFileSync(other, 'utf8') === coldJson;
    identical &&= match;
    console.log(`  findings ${match ? 'identical to' : 'DIFFERENT from'} ${other}`);
  }

  // Pull requests: recent commits touching Rust files, at most 30 files each, reviewed against their parent.
  const perTree = Math.ceil(COMMITS / TREES.length);
  const commits = execFileSync('git', ['-C', dir, 'log', '--no-merges', '--format=%H', '-n', '400', t.commit, '--', '*.rs'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .filter((c) => {
      const n = execFileSync('git', ['-C', dir, 'diff', '--name-only', `${c}^`, c], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
      return n > 0 && n <= 30;
    })
    .slice(0, perTree);
  const analysis = [];
  const wall = [];
  const cpu = [];
  for (const c of commits) {
    const r = timed('node', [cli, 'review', '--repo', dir, '--base', `${c}^`, '--head', c, '--format', 'json', '--fail-on', 'never', '--no-llm']);
    analysis.push(JSON.parse(r.stdout).durationMs);
    wall.push(r.wallMs);
    cpu.push(r.cpuMs);
  }
  prTimes.push(...analysis.map((a, i) => ({ analysis: a, wall: wall[i], cpu: cpu[i] })));
  // On a loaded machine wall times measure the load: the CPU time of the whole process is the figure to compare.
  console.log(`  ${commits.length} commits as PRs (<= 30 files, warm cache): analysis median ${analysis.length ? median(analysis) : '-'} ms, p90 ${analysis.length ? pct(analysis, 0.9) : '-'} ms, max ${analysis.length ? Math.max(...analysis) : '-'} ms; CLI wall median ${wall.length ? s(median(wall)) : '-'}, max ${wall.length ? s(Math.max(...wall)) : '-'}; CLI CPU median ${cpu.length ? s(median(cpu)) : '-'}, p90 ${cpu.length ? s(pct(cpu, 0.9)) : '-'}\n`);
}
if (prTimes.length) {
  const a = prTimes.map((p) => p.analysis);
  const w = prTimes.map((p) => p.wall);
  const c = prTimes.map((p) => p.cpu);
  console.log(`all ${prTimes.length} PRs: analysis median ${median(a)} ms, p90 ${pct(a, 0.9)} ms; CLI wall median ${s(median(w))}, p90 ${s(pct(w, 0.9))}; CLI CPU median ${s(median(c))}, p90 ${s(pct(c, 0.9))}`);
}
if (!identical) {
  console.log('FINDINGS DIFFER (see above)');
  process.exitCode = 1;
}
