#!/usr/bin/env node
/**
 * Ordinary real pull requests: for each repository of the list, its 40 latest non-merge commits
 * touching `.rs` or `.sql` (below the recorded head, so the set is fixed) are each reviewed as a PR
 * (base = parent, head = commit) by the built CLI with `--format json`.
 *
 *   node eval/prs/run.mjs [--cli dist/cli.js] [--per-repo 40] [--repos a/b,c/d]   run, write results
 *   node eval/prs/run.mjs --jobs 2 ...                                             N reviews at once (one per core)
 *   node eval/prs/run.mjs --report [results.json]                                  figures + judgements
 *
 *   node eval/prs/run.mjs --to-judge                                               rewrite to-judge.md
 *   node eval/prs/run.mjs --only-findings-of results/X.json ...                    re-run only the PRs X had findings on
 *
 * `--only-findings-of` is a shortcut for a build whose rules are those of X's build and whose change
 * can only remove findings (as matching with the base does): the other PRs are carried over with no
 * finding and no time, marked `carried`.
 *
 * Writes eval/prs/results/<date>-<build>.json and .md (the per-PR / per-repo table; no third-party
 * code: rule, message, path, line, fingerprint) and eval/prs/to-judge.md (not committed: every
 * warning and error of every results file, with a ±8-line excerpt read from the mirrors, for a judge
 * who has not read the rule sources). Judgements live in eval/prs/judgements.json, keyed by `findingKey`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCommitOf, latestResultsIn, excerpt, findingKey, fingerprintsOf, git, loadJudgements, loadRepos, mapPool, pct, readJson, ROOT, runCliAsync, toJudgeMarkdown, today, workTreeOf, writeResults } from './common.mjs';
import { classifyCommit } from './mechanical.mjs';

const HERE = path.join(ROOT, 'eval/prs');
const RESULTS = path.join(HERE, 'results');
const JUDGEMENTS = path.join(HERE, 'judgements.json');
const LABELS = path.join(HERE, 'labels.json');

const { values, positionals } = parseArgs({
  options: {
    cli: { type: 'string', default: path.join(ROOT, 'dist/cli.js') },
    'per-repo': { type: 'string', default: '40' },
    repos: { type: 'string' },
    report: { type: 'boolean', default: false },
    'to-judge': { type: 'boolean', default: false },
    'only-findings-of': { type: 'string' },
    tag: { type: 'string' },
    jobs: { type: 'string', default: '1' },
  },
  allowPositionals: true,
});

if (values.report) report(positionals[0] ?? latestResults());
else if (values['to-judge']) writeToJudge();
else await run();

async function run() {
  const cli = path.resolve(values.cli);
  if (!fs.existsSync(cli)) throw new Error(`${cli} does not exist: run \`npm run build\` first or pass --cli`);
  const perRepo = Number(values['per-repo']);
  const jobs = Number(values.jobs);
  const only = values.repos?.split(',');
  const labels = readJson(LABELS, {});
  const build = values.tag ?? buildCommitOf(cli);
  const earlier = values['only-findings-of'] ? JSON.parse(fs.readFileSync(values['only-findings-of'], 'utf8')) : undefined;
  const hadFindings = earlier && new Set(earlier.repos.flatMap((r) => r.commits.filter((c) => c.findings?.length || !c.ok).map((c) => c.commit)));
  // Plan every PR first (cheap git calls), then review them `jobs` at a time: the CLI is the cost.
  const repos = [];
  const tasks = [];
  for (const { repo, head } of loadRepos().filter((r) => !only || only.includes(r.repo))) {
    const dir = workTreeOf(repo);
    const commits = git(dir, ['rev-list', '--no-merges', `-n${perRepo}`, head, '--', '*.rs', '*.sql']).trim().split('\n').filter(Boolean);
    const rows = [];
    for (const commit of commits) {
      const parents = git(dir, ['rev-list', '--parents', '-n1', commit]).trim().split(' ').slice(1);
      if (parents.length !== 1) continue;
      const subject = git(dir, ['log', '-1', '--format=%s', commit]).trim();
      const shape = classifyCommit(dir, commit);
      const label = labels[commit.slice(0, 12)];
      const row = { commit, subject, shape, label: label ?? null, mechanical: (label?.kind ?? shape.kind) !== 'ordinary' };
      rows.push(row);
      if (hadFindings && !hadFindings.has(commit)) Object.assign(row, { ms: null, ok: true, carried: true, findings: [], alreadyPresent: 0, info: 0 });
      else tasks.push({ repo, dir, parent: parents[0], row });
    }
    repos.push({ repo, head, commits: rows });
  }
  await mapPool(tasks, jobs, async ({ repo, dir, parent, row }) => {
    const r = await runCliAsync(cli, ['review', '--repo', dir, '--base', parent, '--head', row.commit, '--format', 'json', '--fail-on', 'never', '--no-llm']);
    reviewed(repo, dir, row, r);
  });
  const result = { kind: 'prs', build, date: today(), cli, perRepo, ...(earlier ? { onlyFindingsOf: earlier.build } : {}), repos };
  writeResults({ dir: RESULTS, result, table, judgementsFile: JUDGEMENTS, writeToJudge, toJudgeName: 'eval/prs/to-judge.md' });
}

/** Fills a planned row from the CLI's answer: kept findings with their keys, already present, info. */
function reviewed(repo, dir, row, r) {
  const { commit, subject } = row;
  Object.assign(row, { ms: r.ms, ok: r.ok });
  if (!r.ok) {
    row.error = r.error;
    process.stderr.write(`  ${repo} ${commit.slice(0, 12)} FAILED: ${r.error}\n`);
    return;
  }
  // What a reader gets: one comment per root cause. A place that another finding's comment lists
  // (`sameCauseAs`) is not a comment of its own; it is counted in `foldedPlaces`.
  const warned = r.json.findings.filter((f) => f.severity === 'warning' || f.severity === 'error');
  const kept = warned.filter((f) => !f.sameCauseAs);
  const texts = new Map();
  const textOf = (p) => {
    if (!texts.has(p)) texts.set(p, git(dir, ['show', `${commit}:${p}`]));
    return texts.get(p);
  };
  const codeOf = (f) => textOf(f.path).split(/\r?\n/)[f.line - 1] ?? '';
  const fps = fingerprintsOf(kept, codeOf);
  row.findings = kept.map((f, i) => {
    const out = { repo, commit, subject, ruleId: f.ruleId, severity: f.severity, message: f.message, path: f.path, line: f.line, fingerprint: fps[i] };
    return { key: findingKey(out), ...out };
  });
  row.alreadyPresent = r.json.alreadyPresent?.length ?? r.json.alreadyPresent ?? null;
  row.foldedPlaces = warned.length - kept.length;
  row.info = r.json.findings.length - warned.length;
  process.stderr.write(`  ${repo} ${commit.slice(0, 12)} ${row.mechanical ? `[${row.label?.kind ?? row.shape.kind}] ` : ''}${kept.length} finding(s) ${r.ms} ms\n`);
}

function latestResults() {
  return latestResultsIn(RESULTS, 'run `npm run eval:prs` first');
}

function report(file) {
  const result = JSON.parse(fs.readFileSync(file, 'utf8'));
  process.stdout.write(`${path.relative(ROOT, file)}\n\n${table(result, loadJudgements(JUDGEMENTS))}`);
}

/** Every finding of every results file (a finding judged once stays judged across builds), with excerpts from the mirrors. */
function writeToJudge() {
  const files = fs.readdirSync(RESULTS).filter((f) => f.endsWith('.json')).sort();
  const byKey = new Map();
  for (const file of files) {
    const result = JSON.parse(fs.readFileSync(path.join(RESULTS, file), 'utf8'));
    for (const r of result.repos) for (const c of r.commits) for (const f of c.findings ?? []) if (!byKey.has(f.key)) byKey.set(f.key, { ...f, builds: [] });
    for (const r of result.repos) for (const c of r.commits) for (const f of c.findings ?? []) byKey.get(f.key).builds.push(result.build);
  }
  const all = [...byKey.values()];
  for (const f of all) f.excerpt = excerpt(git(workTreeOf(f.repo), ['show', `${f.commit}:${f.path}`]), f.line);
  const intro = `Every warning and error of \`npm run eval:prs\` in ${files.join(', ')}: each commit reviewed as a pull request against its parent. ${all.length} findings. The line marked \`>\` is the one commented on.`;
  fs.writeFileSync(path.join(HERE, 'to-judge.md'), toJudgeMarkdown('Ordinary pull requests: findings to judge', intro, all, loadJudgements(JUDGEMENTS)));
}

/** A commit's shape: the hand label (as of now, so labels added later count) over the diff-shape guess. */
function kindOf(c, labels) {
  return labels[c.commit.slice(0, 12)]?.kind ?? c.shape.kind;
}

/** The per-repo table, the totals and the judged figures. */
export function table(result, judgements) {
  const labels = readJson(LABELS, {});
  for (const r of result.repos) for (const c of r.commits) c.mechanical = kindOf(c, labels) !== 'ordinary';
  const out = [`# Ordinary PRs: build ${result.build}, ${result.date}`, '', '| repo | PRs | mechanical | warnings+errors | per PR | on mechanical | already present | ms per PR | failed |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
  const tot = { prs: 0, mech: 0, found: 0, onMech: 0, present: 0, ms: 0, failed: 0 };
  for (const r of result.repos) {
    const ok = r.commits.filter((c) => c.ok);
    const found = ok.reduce((s, c) => s + c.findings.length, 0);
    const mech = r.commits.filter((c) => c.mechanical);
    const onMech = mech.filter((c) => c.ok).reduce((s, c) => s + c.findings.length, 0);
    const present = ok.reduce((s, c) => s + (c.alreadyPresent ?? 0), 0);
    const timed = ok.filter((c) => c.ms !== null);
    const ms = timed.reduce((s, c) => s + c.ms, 0);
    const failed = r.commits.length - ok.length;
    out.push(`| ${r.repo} | ${ok.length} | ${mech.length} | ${found} | ${(found / Math.max(1, ok.length)).toFixed(2)} | ${onMech} | ${present} | ${timed.length ? Math.round(ms / timed.length) : 'n/a'}${timed.length < ok.length ? ` (${timed.length} run)` : ''} | ${failed} |`);
    Object.assign(tot, { prs: tot.prs + ok.length, mech: tot.mech + mech.length, found: tot.found + found, onMech: tot.onMech + onMech, present: tot.present + present, ms: tot.ms + ms, timed: (tot.timed ?? 0) + timed.length, failed: tot.failed + failed });
  }
  out.push(`| **all** | ${tot.prs} | ${tot.mech} | ${tot.found} | ${(tot.found / Math.max(1, tot.prs)).toFixed(2)} | ${tot.onMech} | ${tot.present} | ${tot.timed ? Math.round(tot.ms / tot.timed) : 'n/a'}${tot.timed < tot.prs ? ` (${tot.timed} run)` : ''} | ${tot.failed} |`, '');
  const carried = result.repos.flatMap((r) => r.commits.filter((c) => c.carried)).length;
  if (carried) out.push(`${carried} PRs had no finding at ${result.onlyFindingsOf} and were not re-run (\`--only-findings-of\`: the rules are unchanged and this build can only remove findings).`, '');
  const commits = result.repos.flatMap((r) => r.commits.filter((c) => c.ok));
  const silent = commits.filter((c) => !c.findings.length).length;
  out.push(`PRs with no warning or error: ${silent} of ${commits.length} (${pct(silent, commits.length)}).`, '');
  const findings = commits.flatMap((c) => c.findings);
  const byRule = new Map();
  for (const f of findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  if (byRule.size) out.push('| rule | findings |', '|---|---:|', ...[...byRule].sort((a, b) => b[1] - a[1]).map(([k, v]) => `| ${k} | ${v} |`), '');
  out.push(...judgedLines(findings, judgements), '');
  const mechRows = result.repos.flatMap((r) => r.commits.filter((c) => c.mechanical).map((c) => `| ${r.repo} | ${c.commit.slice(0, 12)} | ${kindOf(c, labels)}${labels[c.commit.slice(0, 12)] ? ' (hand label)' : ''} | ${c.ok ? c.findings.length : 'failed'} | ${c.subject.replace(/\|/g, '\\|').slice(0, 70)} |`));
  if (mechRows.length) out.push('Mechanical PRs:', '', '| repo | commit | shape | findings | subject |', '|---|---|---|---:|---|', ...mechRows, '');
  return `${out.join('\n')}\n`;
}

export function judgedLines(findings, judgements) {
  const counts = { worth: 0, debatable: 0, wrong: 0, unjudged: 0 };
  for (const f of findings) counts[judgements[f.key]?.verdict ?? 'unjudged']++;
  const judged = findings.length - counts.unjudged;
  return [
    `Judged: ${judged} of ${findings.length}: worth ${counts.worth} (${pct(counts.worth, judged)}), debatable ${counts.debatable}, wrong ${counts.wrong}; not yet judged ${counts.unjudged}.`,
  ];
}
