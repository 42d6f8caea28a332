#!/usr/bin/env node
/**
 * Whole trees: `review --all` on five real backends at their recorded heads. Warnings and errors per
 * 1,000 lines of reviewed Rust, per rule, and a seeded random sample of 40 findings with excerpts
 * for a judge who has not read the rule sources.
 *
 *   node eval/trees/run.mjs [--cli dist/cli.js] [--repos a/b,c/d] [--sample 40] [--seed 16]
 *   node eval/trees/run.mjs --report [results.json]
 *
 * Writes eval/trees/results/<date>-<build>.json and .md and eval/trees/to-judge.md (not committed:
 * it quotes the repositories' code); judgements go in
 * eval/trees/judgements.json (same format as eval/prs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCommitOf, latestResultsIn, excerpt, findingKey, fingerprintsOf, git, loadJudgements, loadRepos, pct, ROOT, runCli, sampleOf, toJudgeMarkdown, today, workTreeOf, writeResults } from '../prs/common.mjs';

const HERE = path.join(ROOT, 'eval/trees');
const RESULTS = path.join(HERE, 'results');
const JUDGEMENTS = path.join(HERE, 'judgements.json');
/** Five backends of different stacks (axum + diesel, axum + sqlx, sea-orm, actix + sea-orm, axum + sqlx). */
const DEFAULT_REPOS = ['rust-lang/crates.io', 'rust-lang/docs.rs', 'svix/svix-webhooks', 'lldap/lldap', 'kellnr/kellnr'];

const { values, positionals } = parseArgs({
  options: {
    cli: { type: 'string', default: path.join(ROOT, 'dist/cli.js') },
    repos: { type: 'string' },
    sample: { type: 'string', default: '40' },
    seed: { type: 'string', default: '16' },
    report: { type: 'boolean', default: false },
    'to-judge': { type: 'boolean', default: false },
    tag: { type: 'string' },
  },
  allowPositionals: true,
});

if (values.report) {
  const file = positionals[0] ?? latest();
  process.stdout.write(`${path.relative(ROOT, file)}\n\n${table(JSON.parse(fs.readFileSync(file, 'utf8')), loadJudgements(JUDGEMENTS))}`);
} else if (values['to-judge']) writeToJudge();
else run();

function run() {
  const cli = path.resolve(values.cli);
  if (!fs.existsSync(cli)) throw new Error(`${cli} does not exist: run \`npm run build\` first or pass --cli`);
  const wanted = values.repos?.split(',') ?? DEFAULT_REPOS;
  const known = new Map(loadRepos().map((r) => [r.repo, r]));
  const build = values.tag ?? buildCommitOf(cli);
  const repos = [];
  for (const name of wanted) {
    const entry = known.get(name);
    if (!entry) throw new Error(`${name} is not in eval/repos.json`);
    const dir = workTreeOf(name);
    const r = runCli(cli, ['review', '--repo', dir, '--head', entry.head, '--all', '--format', 'json', '--fail-on', 'never', '--no-llm']);
    if (!r.ok) {
      process.stderr.write(`  ${name} FAILED: ${r.error}\n`);
      repos.push({ repo: name, head: entry.head, ok: false, error: r.error, ms: r.ms });
      continue;
    }
    const reviewedRust = r.json.reviewedFiles.filter((p) => p.endsWith('.rs'));
    const texts = new Map();
    const textOf = (p) => {
      if (!texts.has(p)) texts.set(p, git(dir, ['show', `${entry.head}:${p}`]));
      return texts.get(p);
    };
    const rustLines = countLines(dir, entry.head, reviewedRust);
    // What a reader gets: one comment per root cause. A place that another finding's comment lists
    // (`sameCauseAs`) is not a comment of its own; it is counted in `foldedPlaces`.
    const warned = r.json.findings.filter((f) => f.severity === 'warning' || f.severity === 'error');
    const kept = warned.filter((f) => !f.sameCauseAs);
    const fps = fingerprintsOf(kept, (f) => textOf(f.path).split(/\r?\n/)[f.line - 1] ?? '');
    const findings = kept.map((f, i) => {
      const out = { repo: name, commit: entry.head, ruleId: f.ruleId, severity: f.severity, message: f.message, path: f.path, line: f.line, fingerprint: fps[i] };
      return { key: findingKey(out), ...out };
    });
    repos.push({ repo: name, head: entry.head, ok: true, ms: r.ms, rustFiles: reviewedRust.length, rustLines, migrationsAsHistory: r.json.migrationsAsHistory ?? null, foldedPlaces: warned.length - kept.length, findings });
    process.stderr.write(`  ${name}: ${findings.length} warnings+errors in ${rustLines} lines of Rust, ${r.ms} ms\n`);
    // Excerpts only for the sample (below): a whole tree's findings would make the file huge.
    repos.at(-1).textOf = textOf;
  }
  const all = repos.filter((r) => r.ok).flatMap((r) => r.findings);
  const sample = sampleOf(all, Number(values.sample), Number(values.seed));
  for (const r of repos) delete r.textOf;
  const result = { kind: 'trees', build, date: today(), cli, seed: Number(values.seed), repos, sample: sample.map((f) => f.key) };
  writeResults({ dir: RESULTS, result, table, judgementsFile: JUDGEMENTS, writeToJudge, toJudgeName: 'eval/trees/to-judge.md' });
}

/**
 * The samples of every results file (before and after a change: a finding judged once stays judged),
 * with excerpts read from the mirrors. Only this generated file quotes the repositories' code.
 */
function writeToJudge() {
  const files = fs.readdirSync(RESULTS).filter((f) => f.endsWith('.json')).sort();
  const byKey = new Map();
  for (const file of files) {
    const result = JSON.parse(fs.readFileSync(path.join(RESULTS, file), 'utf8'));
    const findings = new Map(result.repos.filter((r) => r.ok).flatMap((r) => r.findings).map((f) => [f.key, f]));
    for (const key of result.sample) if (!byKey.has(key)) byKey.set(key, findings.get(key));
  }
  const sample = [...byKey.values()].map((f) => ({ ...f, excerpt: excerpt(git(workTreeOf(f.repo), ['show', `${f.commit}:${f.path}`]), f.line) }));
  const intro = `Seeded random samples of the warnings and errors of \`review --all\` on five repositories, from ${files.join(', ')}: ${sample.length} findings. The line marked \`>\` is the one reported.`;
  fs.writeFileSync(path.join(HERE, 'to-judge.md'), toJudgeMarkdown('Whole trees: a sample of findings to judge', intro, sample, loadJudgements(JUDGEMENTS)));
}

/** Lines of the given files at a commit (one `git cat-file --batch` for all). */
function countLines(dir, commit, paths) {
  if (!paths.length) return 0;
  const out = git(dir, ['cat-file', '--batch'], { input: Buffer.from(paths.map((p) => `${commit}:${p}`).join('\n') + '\n'), encoding: 'buffer' });
  let lines = 0;
  let i = 0;
  while (i < out.length) {
    const nl = out.indexOf(10, i);
    const header = out.subarray(i, nl).toString();
    const size = Number(header.split(' ')[2]);
    if (Number.isNaN(size)) {
      i = nl + 1;
      continue;
    }
    const body = out.subarray(nl + 1, nl + 1 + size);
    for (const b of body) if (b === 10) lines++;
    i = nl + 1 + size + 1;
  }
  return lines;
}

function latest() {
  return latestResultsIn(RESULTS, 'run `npm run eval:trees` first');
}

function table(result, judgements) {
  const out = [`# Whole trees: build ${result.build}, ${result.date}`, '', '| repo | Rust files | lines | warnings+errors | per 1,000 lines | migrations as history | s |', '|---|---:|---:|---:|---:|---:|---:|'];
  let lines = 0;
  let found = 0;
  for (const r of result.repos) {
    if (!r.ok) {
      out.push(`| ${r.repo} | failed: ${r.error} | | | | | |`);
      continue;
    }
    lines += r.rustLines;
    found += r.findings.length;
    out.push(`| ${r.repo} | ${r.rustFiles} | ${r.rustLines} | ${r.findings.length} | ${((1000 * r.findings.length) / Math.max(1, r.rustLines)).toFixed(2)} | ${r.migrationsAsHistory ?? 'n/a'} | ${(r.ms / 1000).toFixed(0)} |`);
  }
  out.push(`| **all** | | ${lines} | ${found} | ${((1000 * found) / Math.max(1, lines)).toFixed(2)} | | |`, '');
  const byRule = new Map();
  for (const f of result.repos.filter((r) => r.ok).flatMap((r) => r.findings)) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  out.push('| rule | findings | per 1,000 lines |', '|---|---:|---:|', ...[...byRule].sort((a, b) => b[1] - a[1]).map(([k, v]) => `| ${k} | ${v} | ${((1000 * v) / Math.max(1, lines)).toFixed(3)} |`), '');
  const counts = { worth: 0, debatable: 0, wrong: 0, unjudged: 0 };
  for (const key of result.sample) counts[judgements[key]?.verdict ?? 'unjudged']++;
  const judged = result.sample.length - counts.unjudged;
  out.push(`Sample of ${result.sample.length} (seed ${result.seed}): judged ${judged}: correct (worth) ${counts.worth} (${pct(counts.worth, judged)}), debatable ${counts.debatable}, wrong ${counts.wrong}; not yet judged ${counts.unjudged}.`, '');
  return `${out.join('\n')}\n`;
}
