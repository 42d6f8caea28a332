/**
 * The pure part of the real-bug evaluation: which lines a diff adds, whether the reviewer caught an
 * expected defect, and the per-role / total summary. No git, no files: test/eval/score.test.ts.
 */

export type Role = 'ownership' | 'async' | 'database' | 'tests' | 'architecture';
export const ROLES: Role[] = ['ownership', 'async', 'database', 'tests', 'architecture'];

/** One defect the re-introduced PR contains: the line is in the buggy (head) version of `path`. */
export interface Expectation {
  path: string;
  line: number;
  /** A rule id, or the ids that would each be a fitting catch. */
  rule: string | string[];
  why: string;
}

/** The subset of the CLI's JSON finding that the score looks at. */
export interface ReportedFinding {
  ruleId: string;
  path: string;
  line: number;
  endLine?: number;
  severity: string;
  message: string;
}

export interface ExpectationResult {
  expect: Expectation;
  caught: boolean;
  /** The finding that caught it, or the nearest findings of a fitting rule that did not count and why. */
  by?: ReportedFinding;
  nearMiss?: string;
}

/** Findings are matched within this many lines of the labelled line (a statement split over lines). */
export const LINE_TOLERANCE = 1;

export function rulesOf(e: Pick<Expectation, 'rule'>): string[] {
  return Array.isArray(e.rule) ? e.rule : [e.rule];
}

/** A rule id's role is its folder: `async/missing-timeout` is the async engineer's. */
export function roleOf(ruleId: string): Role {
  const role = ruleId.split('/')[0] as Role;
  if (!ROLES.includes(role)) throw new Error(`rule id \`${ruleId}\` does not start with one of ${ROLES.join(', ')}`);
  return role;
}

/** The head-side line numbers each file of a unified diff (`git diff base head`) adds. */
export function addedLines(diff: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  let inHeader = false;
  let line = 0;
  for (const text of diff.split('\n')) {
    if (text.startsWith('diff --git ')) {
      current = undefined;
      inHeader = true;
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      inHeader = false;
      line = Number(hunk[1]);
      continue;
    }
    if (inHeader) {
      // Only the header names the file: `+++ x` / `--- x` inside a hunk are an added `++ x` / a removed `-- x`.
      if (text.startsWith('+++ ') && text !== '+++ /dev/null') {
        const path = unquote(text.slice(4)).replace(/^b\//, '');
        current = out.get(path) ?? new Set();
        out.set(path, current);
      }
      continue;
    }
    if (!current) continue;
    if (text.startsWith('+')) current.add(line++);
    else if (text.startsWith(' ')) line++;
    // '-' lines and '\ No newline at end of file' do not move the head side.
  }
  return out;
}

function unquote(p: string): string {
  if (!p.startsWith('"')) return p;
  return JSON.parse(p) as string;
}

/** Whether `f` is on an added line (any line of its range counts). */
export function onAddedLine(f: ReportedFinding, added: Map<string, Set<number>>): boolean {
  const lines = added.get(f.path);
  if (!lines) return false;
  for (let l = f.line; l <= (f.endLine ?? f.line); l++) if (lines.has(l)) return true;
  return false;
}

/**
 * Caught: an inline finding of a fitting rule, on an added line, whose line is within
 * LINE_TOLERANCE of the labelled one. Otherwise the nearest fitting finding says why it did not count.
 */
export function matchExpectation(e: Expectation, inline: ReportedFinding[], added: Map<string, Set<number>>): ExpectationResult {
  const fitting = inline.filter((f) => f.path === e.path && rulesOf(e).includes(f.ruleId));
  const near = (f: ReportedFinding) => Math.abs(f.line - e.line) <= LINE_TOLERANCE;
  const hit = fitting.find((f) => near(f) && onAddedLine(f, added));
  if (hit) return { expect: e, caught: true, by: hit };
  const nearest = [...fitting].sort((a, b) => Math.abs(a.line - e.line) - Math.abs(b.line - e.line))[0];
  if (!nearest) return { expect: e, caught: false };
  const nearMiss = near(nearest)
    ? `${nearest.ruleId} at line ${nearest.line}, but not on an added line`
    : `${nearest.ruleId} at line ${nearest.line}, ${Math.abs(nearest.line - e.line)} lines away`;
  return { expect: e, caught: false, nearMiss };
}

export interface CaseOutcome {
  id: string;
  repo: string;
  results: ExpectationResult[];
  /** Inline findings that caught nothing this case expects: what the buggy PR's author would also read. */
  others: ReportedFinding[];
  /** Why the case could not be run (a missing mirror, a CLI error); then results is empty. */
  error?: string;
}

/** Inline findings not used as a catch of any expectation of the case. */
export function otherFindings(inline: ReportedFinding[], results: ExpectationResult[]): ReportedFinding[] {
  const used = new Set(results.map((r) => r.by).filter(Boolean));
  return inline.filter((f) => !used.has(f));
}

export interface Tally {
  caught: number;
  total: number;
}

export interface Summary {
  total: Tally;
  byRole: Record<Role, Tally>;
  byRepo: Record<string, Tally>;
  cases: { run: number; failed: number };
  /** Other inline findings on the buggy PRs, by severity. */
  others: Record<string, number>;
}

/** Recall counts each expectation once; an expectation's role is that of its first fitting rule. */
export function summarise(outcomes: CaseOutcome[]): Summary {
  const tally = (): Tally => ({ caught: 0, total: 0 });
  const byRole = Object.fromEntries(ROLES.map((r) => [r, tally()])) as Record<Role, Tally>;
  const byRepo: Record<string, Tally> = {};
  const total = tally();
  const others: Record<string, number> = {};
  let failed = 0;
  for (const o of outcomes) {
    if (o.error) failed++;
    for (const r of o.results) {
      const add = (t: Tally) => {
        t.total++;
        if (r.caught) t.caught++;
      };
      add(total);
      add(byRole[roleOf(rulesOf(r.expect)[0]!)]);
      add((byRepo[o.repo] ??= tally()));
    }
    for (const f of o.others) others[f.severity] = (others[f.severity] ?? 0) + 1;
  }
  return { total, byRole, byRepo, cases: { run: outcomes.length - failed, failed }, others };
}

export function percent(t: Tally): string {
  return t.total === 0 ? '-' : `${Math.round((100 * t.caught) / t.total)} %`;
}
