/**
 * The real-bug evaluation (issue 16): every labelled case in eval/bugs/cases/ is re-introduced as a
 * pull request on top of its fix (eval/lib/reintroduce.ts) and reviewed by the built CLI exactly as a
 * user would run it; the score says which defects were caught inline by a fitting rule on the buggy
 * line (eval/lib/score.ts).
 *
 *   npm run eval:bugs [-- --case ID[,ID..]] [--repo OWNER/NAME] [--verbose] [--no-write] [--cli DIR] [--timeout S]
 *                       [--cases DIR --repos FILE]
 *
 * --cli DIR reviews with another build of rust-review (DIR/dist/cli.js, e.g. an older commit's
 * checkout) so that two builds can be compared on the same labels.
 * --cases DIR / --repos FILE score another label set (default eval/bugs/cases and eval/repos.json),
 * e.g. the blind set eval/bugs/cases-fresh with eval/bugs/repos-fresh.json; its result file is
 * named after the cases folder (<date>-fresh-<commit>.json for cases-fresh).
 * Writes eval/bugs/results/<date>-<rust-review commit>.json (commit it when you record a figure).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCases, loadRepos, type BugCase, type RepoEntry } from '../lib/cases.js';
import { reintroduce } from '../lib/reintroduce.js';
import {
  addedLines,
  matchExpectation,
  otherFindings,
  percent,
  ROLES,
  rulesOf,
  summarise,
  type CaseOutcome,
  type ReportedFinding,
} from '../lib/score.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const verbose = args.includes('--verbose');
/** A review slower than this is reported as a case error (a hang, or a build far slower than usual). */
const REVIEW_TIMEOUT_S = Number(opt('--timeout') ?? 300);
const casesDir = path.resolve(opt('--cases') ?? path.join(root, 'eval', 'bugs', 'cases'));
const reposFile = path.resolve(opt('--repos') ?? path.join(root, 'eval', 'repos.json'));
/** A label set other than the default one is named in the result file: `cases-fresh` -> `-fresh`. */
const setTag = path.basename(casesDir) === 'cases' ? '' : `-${path.basename(casesDir).replace(/^cases-?/, '') || path.basename(casesDir)}`;

function main(): number {
  const repos = loadRepos(reposFile);
  let cases = loadCases(casesDir, repos);
  checkRuleIds(cases);
  const onlyCase = opt('--case');
  const onlyRepo = opt('--repo');
  if (onlyCase) {
    const ids = new Set(onlyCase.split(','));
    cases = cases.filter((c) => ids.has(c.id));
  }
  if (onlyRepo) cases = cases.filter((c) => c.repo === onlyRepo);
  if (cases.length === 0) {
    console.error('eval:bugs: no case matches the filter');
    return 2;
  }
  const cliRoot = path.resolve(opt('--cli') ?? root);
  const cli = path.join(cliRoot, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) {
    console.error(`eval:bugs: ${cli} is missing: run \`npm run build\` in ${cliRoot} first (npm run eval:bugs does it for this checkout)`);
    return 2;
  }
  const missing = missingMirrors(repos, cases);
  if (missing.length) {
    console.error(`eval:bugs: ${missing.length} repositories are not on this machine; their cases are skipped:`);
    for (const m of missing) console.error(`  ${m.repo}: no git repository at ${m.mirror}. Fetch it (agent tool \`fetch github:${m.repo}\`, or \`git clone --mirror https://github.com/${m.repo} ${m.mirror}\`)`);
  }
  const byRepo = new Map(repos.map((r) => [r.repo, r]));
  const outcomes: CaseOutcome[] = [];
  for (const c of cases) {
    const repo = byRepo.get(c.repo)!;
    if (missing.includes(repo)) {
      outcomes.push({ id: c.id, repo: c.repo, results: [], others: [], error: `mirror missing: fetch github:${c.repo}` });
      continue;
    }
    const outcome = runCase(c, repo, cli);
    outcomes.push(outcome);
    printCase(c, outcome);
  }
  const summary = summarise(outcomes);
  printSummary(summary);
  if (!args.includes('--no-write')) {
    const file = writeResult(outcomes, summary, cases, cliRoot);
    console.log(`\nresult: ${path.relative(root, file)}`);
  }
  return summary.cases.failed > 0 ? 1 : 0;
}

function checkRuleIds(cases: BugCase[]) {
  for (const c of cases) {
    for (const e of c.expect) {
      for (const r of rulesOf(e)) {
        if (!fs.existsSync(path.join(root, 'src', 'rules', `${r}.ts`))) {
          throw new Error(`eval/bugs/cases: case ${c.id} expects rule \`${r}\`, which has no src/rules/${r}.ts (renamed? see \`node dist/cli.js explain\`)`);
        }
      }
    }
  }
}

function missingMirrors(repos: RepoEntry[], cases: BugCase[]): RepoEntry[] {
  const used = new Set(cases.map((c) => c.repo));
  return repos.filter((r) => used.has(r.repo)).filter((r) => {
    const ok = spawnSync('git', ['--git-dir', r.mirror, 'rev-parse', '--verify', '--quiet', `${r.head}^{commit}`], { stdio: 'ignore' });
    return ok.status !== 0;
  });
}

function runCase(c: BugCase, repo: RepoEntry, cli: string): CaseOutcome {
  let pr;
  try {
    pr = reintroduce(repo.mirror, c.fix, c.files, c.id);
  } catch (e) {
    return { id: c.id, repo: c.repo, results: [], others: [], error: `could not re-introduce: ${firstLine(e)}` };
  }
  try {
    const run = spawnSync(process.execPath, [cli, 'review', '--repo', pr.dir, '--base', pr.base, '--head', pr.head, '--format', 'json', '--no-llm', '--fail-on', 'never'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: REVIEW_TIMEOUT_S * 1000,
      env: { ...process.env, ANTHROPIC_API_KEY: '' },
    });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
      return { id: c.id, repo: c.repo, results: [], others: [], error: `review took more than ${REVIEW_TIMEOUT_S} s and was stopped (a hang or a slow build; --timeout S to allow more)` };
    }
    if (run.status !== 0) return { id: c.id, repo: c.repo, results: [], others: [], error: `review exited ${run.status}: ${run.stderr.trim().split('\n')[0]}` };
    const json = JSON.parse(run.stdout) as { findings: ReportedFinding[] };
    const added = addedLines(pr.diff);
    const results = c.expect.map((e) => matchExpectation(e, json.findings, added));
    return { id: c.id, repo: c.repo, results, others: otherFindings(json.findings, results) };
  } finally {
    pr.remove();
  }
}

function firstLine(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  return (err.stderr?.trim() || err.message || String(e)).split('\n')[0]!;
}

function printCase(c: BugCase, o: CaseOutcome) {
  if (o.error) {
    console.log(`ERROR   ${c.id}: ${o.error}`);
    return;
  }
  for (const r of o.results) {
    const mark = r.caught ? 'caught ' : 'MISSED ';
    const detail = r.caught ? `by ${r.by!.ruleId}` : `wanted ${rulesOf(r.expect).join(' | ')}${r.nearMiss ? ` (nearest: ${r.nearMiss})` : ''}`;
    console.log(`${mark} ${c.id}  ${r.expect.path}:${r.expect.line}  ${detail}`);
    if (!r.caught && verbose && c.miss) console.log(`          why: ${c.miss}`);
  }
  for (const f of o.others) console.log(`        also: ${f.severity} ${f.ruleId} ${f.path}:${f.line} ${f.message}`);
}

function printSummary(s: ReturnType<typeof summarise>) {
  console.log('\nrecall by role:');
  for (const r of ROLES) console.log(`  ${r.padEnd(13)} ${String(s.byRole[r].caught).padStart(3)}/${String(s.byRole[r].total).padEnd(3)} ${percent(s.byRole[r])}`);
  console.log('recall by repository:');
  for (const [repo, t] of Object.entries(s.byRepo).sort()) console.log(`  ${repo.padEnd(28)} ${String(t.caught).padStart(3)}/${String(t.total).padEnd(3)} ${percent(t)}`);
  const others = Object.entries(s.others).map(([sev, n]) => `${n} ${sev}`).join(', ') || 'none';
  console.log(`other inline findings on the buggy PRs: ${others}`);
  if (s.cases.failed) console.log(`cases that could not run: ${s.cases.failed}`);
  console.log(`\nTOTAL caught ${s.total.caught}/${s.total.total} (${percent(s.total)}) over ${s.cases.run} cases`);
}

function writeResult(outcomes: CaseOutcome[], summary: ReturnType<typeof summarise>, cases: BugCase[], cliRoot: string): string {
  const { commit, dirty } = buildOf(cliRoot);
  const date = new Date().toISOString().slice(0, 10);
  const dir = path.join(root, 'eval', 'bugs', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${date}${setTag}-${commit}${dirty ? '-dirty' : ''}.json`);
  const notes = new Map(cases.map((c) => [c.id, c]));
  const doc = {
    reviewer: { commit, dirtySrc: dirty },
    ...(setTag ? { labels: path.relative(root, casesDir), repos: path.relative(root, reposFile) } : {}),
    ranAt: new Date().toISOString(),
    summary,
    cases: outcomes.map((o) => ({
      id: o.id,
      repo: o.repo,
      error: o.error,
      expect: o.results.map((r) => ({ ...r.expect, caught: r.caught, by: r.by?.ruleId, nearMiss: r.nearMiss })),
      others: o.others.map((f) => ({ ruleId: f.ruleId, severity: f.severity, path: f.path, line: f.line, message: f.message })),
      missClass: notes.get(o.id)?.missClass,
    })),
  };
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}

/** Which rust-review commit reviewed: a checkout's HEAD (and whether its src differs), or a `.commit` file in an exported tree. */
function buildOf(dir: string): { commit: string; dirty: boolean } {
  const marker = path.join(dir, '.commit');
  if (fs.existsSync(marker)) return { commit: fs.readFileSync(marker, 'utf8').trim().slice(0, 12), dirty: false };
  const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: dir, encoding: 'utf8' }).trim() !== '';
  return { commit, dirty };
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`eval:bugs: ${(e as Error).message}`);
  process.exitCode = 2;
}
