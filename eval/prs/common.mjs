/**
 * Shared by eval/prs and eval/trees: the repository list, work trees of the fetched mirrors, running
 * the built CLI, code excerpts and the stable key a judgement is filed under. No third-party source
 * is ever written into this repository: only commit ids, paths, rule ids and our own judgements.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MIRRORS = process.env.RUST_REVIEW_MIRRORS ?? '/work/.mirror';
const WORK = process.env.RUST_REVIEW_EVAL_WORK ?? '/tmp/rust-review-eval';

/** The repositories of eval/repos.json (shared with eval/bugs): `{ repos: [{ repo, head, mirror? }] }`. */
export function loadRepos() {
  const file = path.join(ROOT, 'eval/repos.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(data.repos)) throw new Error(`${file}: expected { "repos": [...] }`);
  return data.repos.map((r, i) => {
    if (typeof r.repo !== 'string' || !r.repo.includes('/')) throw new Error(`${file}: entry ${i} has no "repo": "owner/name"`);
    if (typeof r.head !== 'string') throw new Error(`${file}: entry ${i} (${r.repo}) has no "head" commit`);
    return { repo: r.repo, head: r.head };
  });
}

/** The bare mirror of a repository, as the `fetch` tool lays it out. */
export function mirrorOf(repo) {
  const base = path.join(MIRRORS, repo.replace('/', '+'));
  const inner = path.join(base, 'repo');
  if (fs.existsSync(path.join(inner, 'HEAD'))) return inner;
  if (fs.existsSync(path.join(base, 'HEAD'))) return base;
  throw new Error(`${repo}: no mirror at ${base} (fetch it with the \`fetch\` tool: github:${repo})`);
}

/** A non-bare clone sharing the mirror's objects (the CLI wants a work tree's top level; no checkout needed). */
export function workTreeOf(repo) {
  const dir = path.join(WORK, repo.replace('/', '+'));
  if (!fs.existsSync(path.join(dir, '.git'))) {
    fs.mkdirSync(WORK, { recursive: true });
    execFileSync('git', ['clone', '-q', '--shared', '--no-checkout', mirrorOf(repo), dir]);
  }
  return dir;
}

export function git(dir, args, opts = {}) {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
}

/** Runs the built CLI; returns its parsed JSON, exit status and wall time. */
export function runCli(cli, args) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, ANTHROPIC_API_KEY: '' } });
  return cliOutcome(r.status, r.stdout, r.stderr, Math.round(performance.now() - started));
}

/** `runCli` without blocking, so `--jobs N` can keep N reviews running on N cores. */
export function runCliAsync(cli, args) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ANTHROPIC_API_KEY: '' } });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('close', (status) => resolve(cliOutcome(status, Buffer.concat(out).toString('utf8'), Buffer.concat(err).toString('utf8'), Math.round(performance.now() - started))));
  });
}

function cliOutcome(status, stdout, stderr, ms) {
  if (status === 2 || !stdout.trim()) return { ok: false, status, ms, error: (stderr || '').trim().split('\n').slice(-3).join(' | ') };
  try {
    return { ok: true, status, ms, json: JSON.parse(stdout) };
  } catch (e) {
    return { ok: false, status, ms, error: `unparsable JSON: ${e.message}` };
  }
}

/** Runs `work(item)` over items with at most `jobs` at once; results in the items' order. */
export async function mapPool(items, jobs, work) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** The commit of the rust-review build a CLI path belongs to (for naming results). */
export function buildCommitOf(cli) {
  try {
    return git(path.dirname(cli), ['rev-parse', '--short=12', 'HEAD']).trim();
  } catch {
    return 'unknown';
  }
}

/** Lines `line-8 .. line+8` of a file at a commit, numbered, the finding's line marked. */
export function excerpt(text, line, radius = 8) {
  const lines = text.split(/\r?\n/);
  const from = Math.max(1, line - radius);
  const to = Math.min(lines.length, line + radius);
  const width = String(to).length;
  const out = [];
  for (let n = from; n <= to; n++) out.push(`${n === line ? '>' : ' '}${String(n).padStart(width)} | ${lines[n - 1]}`);
  return out.join('\n');
}

export const normaliseCode = (code) => code.replace(/\s+/g, ' ').trim().slice(0, 200);

/** As the reviewer's own fingerprint: rule, path, normalised code (not the line), with an occurrence index. */
export function fingerprintsOf(findings, codeOf) {
  const seen = new Map();
  return findings.map((f) => {
    const key = `${f.ruleId}\n${f.path}\n${normaliseCode(codeOf(f)) || f.message}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash('sha256').update(`${key}\n${n}`).digest('hex').slice(0, 12);
  });
}

/** The key a judgement is filed under: stable across builds and line shifts. */
export const findingKey = (f) => [f.repo, f.commit.slice(0, 12), f.path, f.ruleId, f.fingerprint].join('|');

/**
 * The newest results file in `dir`: one written since the last commit (untracked or modified) wins,
 * by modification time; otherwise the one committed last. A fresh clone gives every file the same
 * modification time, so time on disk alone would pick by accident.
 */
export function latestResultsIn(dir, hint) {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  if (!files.length) throw new Error(`no results in ${path.relative(ROOT, dir)}: ${hint}`);
  const changed = new Set(
    git(ROOT, ['status', '--porcelain', '--untracked-files=all', '--', dir])
      .split('\n')
      .filter(Boolean)
      .map((line) => path.basename(line.slice(3).trim())),
  );
  const rank = (f) => (changed.has(f) ? 1e13 + fs.statSync(path.join(dir, f)).mtimeMs : Number(git(ROOT, ['log', '-1', '--format=%ct', '--', path.join(dir, f)]).trim() || 0) * 1000);
  const ranked = files.map((f) => [rank(f), f]).sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  return path.join(dir, ranked.at(-1)[1]);
}

export function today() {
  return new Date().toISOString().slice(0, 10);
}

/**
 * A seeded random sample that is stable per finding: each finding's rank is a hash of the seed and its
 * key, so a later build that drops some findings samples the same ones that are left (before and after
 * figures judge mostly the same findings).
 */
export function sampleOf(findings, n, seed) {
  const rank = (f) => createHash('sha256').update(`${seed}|${f.key}`).digest('hex');
  return [...findings].sort((a, b) => (rank(a) < rank(b) ? -1 : 1)).slice(0, n);
}

export function readJson(file, fallback) {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : fallback;
}

/** Judgements: `{ "<key>": { "verdict": "worth" | "debatable" | "wrong", "why": "one line" } }`, checked. */
export function loadJudgements(file) {
  const j = readJson(file, {});
  for (const [k, v] of Object.entries(j)) {
    if (k.startsWith('_')) continue;
    if (!['worth', 'debatable', 'wrong'].includes(v?.verdict)) throw new Error(`${file}: "${k}" has verdict ${JSON.stringify(v?.verdict)}; use worth, debatable or wrong`);
  }
  return j;
}

/** The findings file to judge, as markdown: message, location, excerpt. Never the rule's source. */
export function toJudgeMarkdown(title, intro, findings, judgements) {
  const out = [`# ${title}`, '', intro, '', 'Judge each finding by reading the code: `worth` (a senior Rust reviewer would post it), `debatable`, or `wrong`, with one line why. Write verdicts into the judgements file next to this one, keyed by the **key** line.', ''];
  for (const [i, f] of findings.entries()) {
    const key = findingKey(f);
    const j = judgements[key];
    out.push(`## ${i + 1}. ${f.repo} ${f.commit.slice(0, 12)}  \`${f.path}:${f.line}\``, '', `- key: \`${key}\``, `- rule: \`${f.ruleId}\` (${f.severity})`, `- message: ${f.message}`);
    if (f.subject) out.push(`- commit: ${f.subject}`);
    if (j) out.push(`- judged: **${j.verdict}**: ${j.why}`);
    out.push('', '```rust', f.excerpt ?? '(no excerpt)', '```', '');
  }
  return out.join('\n');
}

export function pct(n, d) {
  return d ? `${((100 * n) / d).toFixed(0)} %` : 'n/a';
}

/**
 * Writes a run's results (`<date>-<build>.json` and its `.md` table), regenerates the to-judge file and
 * prints the table: the same last step for eval:prs and eval:trees.
 */
export function writeResults({ dir, result, table, judgementsFile, writeToJudge, toJudgeName }) {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${result.date}-${result.build}`);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 1)}\n`);
  const judgements = loadJudgements(judgementsFile);
  fs.writeFileSync(`${base}.md`, table(result, judgements));
  writeToJudge();
  process.stdout.write(table(result, judgements));
  process.stdout.write(`\nwrote ${path.relative(ROOT, base)}.json / .md and ${toJudgeName}\n`);
}
