// Pull requests before and after a change, in the same run (issue 17): each CLI gets its own cache,
// warmed by `review --all` of the tree at its current commit, then each of N recent commits touching
// Rust files (at most 30 files) is reviewed as a PR (base = parent) by both builds, alternately.
// Prints the CPU time (user + system, GNU time) of each CLI process, the analysis time the CLI
// reports and the wall time, medians and p90; and whether the findings JSON of both builds is
// identical for every PR (durationMs left out). On a loaded machine compare CPU, not wall.
//
//   node bench/pr-before-after.mjs <before/dist/cli.js> <after/dist/cli.js> <git work tree> [N=20]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [before, after, dir, n = '20'] = process.argv.slice(2);
if (!before || !after || !dir) {
  console.error('usage: node bench/pr-before-after.mjs <before cli.js> <after cli.js> <git work tree> [N=20]');
  process.exit(2);
}
const stats = path.join(os.tmpdir(), `pr-before-after-${process.pid}`);
const caches = { before: fs.mkdtempSync(path.join(os.tmpdir(), 'pr-before-')), after: fs.mkdtempSync(path.join(os.tmpdir(), 'pr-after-')) };
const cli = { before: path.resolve(before), after: path.resolve(after) };

function review(which, args) {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-o', stats, '-f', '%U %S %M', 'node', cli[which], 'review', '--repo', dir, ...args, '--format', 'json', '--fail-on', 'never', '--no-llm'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, RUST_REVIEW_CACHE_DIR: caches[which] },
  });
  const wallMs = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${which}: review ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [user, sys, rssKb] = fs.readFileSync(stats, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  const json = JSON.parse(r.stdout);
  const analysisMs = json.durationMs;
  delete json.durationMs;
  return { cpuMs: (user + sys) * 1000, rssMb: rssKb / 1024, wallMs, analysisMs, json: JSON.stringify(json) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.9 * xs.length))];
const commits = execFileSync('git', ['-C', dir, 'log', '--no-merges', '--format=%H', '-n', '200', 'HEAD', '--', '*.rs'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .filter((c) => {
    const k = execFileSync('git', ['-C', dir, 'diff', '--name-only', `${c}^`, c], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
    return k > 0 && k <= 30;
  })
  .slice(0, Number(n));

for (const which of ['before', 'after']) review(which, ['--all']);
const rows = { before: [], after: [] };
let different = 0;
for (const c of commits) {
  const b = review('before', ['--base', `${c}^`, '--head', c]);
  const a = review('after', ['--base', `${c}^`, '--head', c]);
  rows.before.push(b);
  rows.after.push(a);
  const same = a.json === b.json;
  if (!same) different++;
  // On a loaded machine a file can run over `limits.parse_timeout_ms` in one run: that is not a change in findings.
  const timedOut = [b, a].some((x) => /analysis stopped at line/.test(x.json));
  let why = '';
  if (!same) {
    const keep = path.join(os.tmpdir(), `pr-before-after-${c.slice(0, 10)}`);
    fs.mkdirSync(keep, { recursive: true });
    fs.writeFileSync(path.join(keep, 'before.json'), b.json);
    fs.writeFileSync(path.join(keep, 'after.json'), a.json);
    why = ` (${timedOut ? 'a file ran over the parse time limit in one run; ' : ''}JSON kept in ${keep})`;
  }
  console.log(`${c.slice(0, 10)}  CPU ${(b.cpuMs / 1000).toFixed(2)} s -> ${(a.cpuMs / 1000).toFixed(2)} s, analysis ${b.analysisMs} -> ${a.analysisMs} ms, RSS ${Math.round(b.rssMb)} -> ${Math.round(a.rssMb)} MB; findings ${same ? 'identical' : `DIFFERENT${why}`}`);
}
for (const which of ['before', 'after']) {
  const r = rows[which];
  const f = (key, unit = 'ms') => `median ${Math.round(median(r.map((x) => x[key])))} ${unit}, p90 ${Math.round(p90(r.map((x) => x[key])))} ${unit}`;
  console.log(`${which.padEnd(6)} ${r.length} PRs: CLI CPU ${f('cpuMs')}; analysis ${f('analysisMs')}; wall ${f('wallMs')}; RSS ${f('rssMb', 'MB')}`);
}
console.log(different ? `findings DIFFERENT on ${different} of ${commits.length} PRs` : `findings identical on all ${commits.length} PRs`);
for (const d of Object.values(caches)) fs.rmSync(d, { recursive: true, force: true });
process.exitCode = different ? 1 : 0;
