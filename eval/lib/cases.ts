/**
 * Loading the labels: eval/repos.json (which repositories, where their mirrors are) and
 * eval/bugs/cases/*.json (one file per repository, a list of cases). Bad input names the file, the
 * case and the key, and says what to do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { roleOf, type Expectation } from './score.js';

export interface RepoEntry {
  repo: string;
  mirror: string;
  defaultBranch: string;
  head: string;
}

export interface BugCase {
  id: string;
  repo: string;
  /** The commit that fixed the bug; the PR's base. */
  fix: string;
  /** Files restored to `fix^` in the PR's head. */
  files: string[];
  expect: Expectation[];
  notes?: string;
  /** Why the reviewer misses it (written after a blind run); one line. */
  miss?: string;
  /** The class of the miss, for eval/bugs/README.md's table. */
  missClass?: string;
}

export function loadRepos(file: string): RepoEntry[] {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { repos?: RepoEntry[] };
  if (!Array.isArray(doc.repos)) throw new Error(`${file}: expected { "repos": [...] }`);
  doc.repos.forEach((r, i) => {
    for (const key of ['repo', 'mirror', 'head'] as const) {
      if (typeof r[key] !== 'string' || !r[key]) throw new Error(`${file}: repos[${i}] has no \`${key}\``);
    }
  });
  return doc.repos;
}

export function loadCases(dir: string, repos: RepoEntry[]): BugCase[] {
  const known = new Set(repos.map((r) => r.repo));
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const seen = new Map<string, string>();
  const out: BugCase[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    let list: BugCase[];
    try {
      list = JSON.parse(fs.readFileSync(file, 'utf8')) as BugCase[];
    } catch (e) {
      throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(list)) throw new Error(`${file}: expected a JSON array of cases`);
    for (const [i, c] of list.entries()) {
      const where = `${file}: case ${c?.id ?? `#${i}`}`;
      if (typeof c.id !== 'string' || !c.id) throw new Error(`${file}: case #${i} has no \`id\``);
      if (seen.has(c.id)) throw new Error(`${where}: id also used in ${seen.get(c.id)}`);
      seen.set(c.id, file);
      if (!known.has(c.repo)) throw new Error(`${where}: \`repo\` ${JSON.stringify(c.repo)} is not in eval/repos.json`);
      if (typeof c.fix !== 'string' || !/^[0-9a-f]{7,40}$/.test(c.fix)) throw new Error(`${where}: \`fix\` must be a commit id`);
      if (!Array.isArray(c.files) || c.files.length === 0) throw new Error(`${where}: \`files\` must list the files to restore`);
      if (!Array.isArray(c.expect) || c.expect.length === 0) throw new Error(`${where}: \`expect\` must list at least one defect`);
      for (const [j, e] of c.expect.entries()) {
        if (!c.files.includes(e.path)) throw new Error(`${where}: expect[${j}].path ${e.path} is not one of \`files\``);
        if (!Number.isInteger(e.line) || e.line < 1) throw new Error(`${where}: expect[${j}].line must be a 1-based line number`);
        const rules = Array.isArray(e.rule) ? e.rule : [e.rule];
        if (rules.length === 0) throw new Error(`${where}: expect[${j}].rule is empty`);
        for (const r of rules) {
          try {
            roleOf(r);
          } catch (err) {
            throw new Error(`${where}: expect[${j}].rule: ${(err as Error).message}`);
          }
        }
        if (typeof e.why !== 'string' || !e.why) throw new Error(`${where}: expect[${j}] needs a \`why\``);
      }
      out.push(c);
    }
  }
  return out;
}
