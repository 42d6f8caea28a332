/**
 * Step 8's second half: which of the findings about to go inline were already in the base. The base
 * is analysed only where it can matter: the base versions of the files that have such findings, with
 * only the rules that reported them (most reviews have none, and pay nothing). A renamed file is read
 * at its old path; when a finding is still unmatched, the other changed files' base versions are
 * analysed too (a function moved to another file). Change-scoped rules run once more over the base
 * side of the change set, every line of it counted as touched.
 */
import { LineSet, lineCount } from '../diff/line-set.js';
import type { FileDiff } from '../diff/model.js';
import type { ChangeRule, FileRule } from '../rules/define-rule.js';
import { emptyProject, runChangeRules, type EnabledRules } from '../rules/engine.js';
import { loadRustParser, ReviewTrees } from '../rust/parser.js';
import { analyzeFiles, changePassesOffThread } from './analyze-files.js';
import type { AnalysisCache } from '../cache/analysis-cache.js';
import { matchBaseline, type Located } from './baseline.js';
import type { ChangeSource } from './change-source.js';
import type { Finding } from './finding.js';

export interface BaseSideInput {
  source: ChangeSource;
  files: readonly FileDiff[];
  rules: EnabledRules;
  /** Head texts by path (what the rules read). */
  contents: ReadonlyMap<string, string>;
  headPaths: readonly string[];
  /** Whether a finding's line is one the change added. */
  added: (f: Finding) => boolean;
  timeoutMs?: number;
  /** The review's cache and threads (as for the head side: see AnalysisSettings in pipeline.ts). */
  analysis?: { cache?: AnalysisCache; offThread?: boolean };
}

const RUST = /\.rs$/;

/**
 * Aligned with `findings` (every finding of the review): true where the same finding is in the base.
 * Only findings marked in `wanted` (the ones about to go inline) are answered; the others of their
 * files and rules take part in the count (a third copy of a line the base had twice is new).
 */
export async function presentInBase(findings: readonly Finding[], wanted: readonly boolean[], input: BaseSideInput): Promise<boolean[]> {
  const byPath = new Map(input.files.map((f) => [f.path, f]));
  const hasBase = (path: string) => byPath.has(path) && byPath.get(path)!.status !== 'added' && byPath.get(path)!.status !== 'copied';
  const asked = findings.map((f, i) => wanted[i]! && f.source === 'rule' && byPath.has(f.path));
  if (!asked.some(Boolean)) return findings.map(() => false);
  const rulesAsked = new Set(findings.filter((_, i) => asked[i]).map((f) => f.ruleId));
  // Every rule finding of the asked rules in the changed files: each one uses up a base finding.
  const inPlay = findings.map((f) => f.source === 'rule' && byPath.has(f.path) && rulesAsked.has(f.ruleId));

  const baseTexts = new Map<string, string | undefined>();
  const baseText = async (headPath: string) => {
    if (!baseTexts.has(headPath)) {
      const file = byPath.get(headPath);
      baseTexts.set(headPath, file && hasBase(headPath) ? await input.source.readBase(file.previousPath ?? headPath) : undefined);
    }
    return baseTexts.get(headPath);
  };
  const head: Located[] = findings.filter((_, i) => inPlay[i]).map((finding) => ({ finding, text: input.contents.get(finding.path) }));
  const project = emptyProject(input.headPaths);

  // File rules on the base versions of the files with asked findings, then (if needed) of the other changed files.
  const fileFindings = async (paths: Iterable<string>, ids: Set<string>): Promise<Located[]> => {
    const rules = new Map([...input.rules].filter(([r]) => r.scope === 'file' && ids.has(r.id))) as EnabledRules;
    if (!rules.size) return [];
    const out: Located[] = [];
    const texts = new Map<string, string>();
    for (const path of paths) {
      const text = RUST.test(path) ? await baseText(path) : undefined;
      if (text !== undefined) texts.set(byPath.get(path)!.previousPath ?? path, text);
    }
    // Off the App's event loop and through the cache, as the head side (a base blob is often a blob reviewed before).
    const analysed = await analyzeFiles([...texts].map(([path, source]) => ({ path, source })), rules, project, { timeoutMs: input.timeoutMs, cache: input.analysis?.cache, offThread: input.analysis?.offThread });
    const headPathOf = new Map([...paths].map((p) => [byPath.get(p)!.previousPath ?? p, p]));
    for (const f of analysed.findings) {
      const path = headPathOf.get(f.path) ?? f.path;
      out.push({ finding: { ...f, path }, text: texts.get(f.path) });
    }
    return out;
  };

  const askedPaths = new Set(findings.filter((f, i) => asked[i] && hasBase(f.path)).map((f) => f.path));
  const base = await fileFindings(askedPaths, rulesAsked);
  base.push(...(await changeFindings(rulesAsked, input, baseText)));
  const deleted = deletedLines(input.files);
  const onDeletedLine = (f: Finding) => deleted(f.path)?.has(f.line) ?? false;
  let matched = matchBaseline(head, base, input.added, onDeletedLine);

  const headIndex = findings.flatMap((_, i) => (inPlay[i] ? [i] : []));
  const unmatchedRules = new Set(head.filter((h, k) => !matched[k] && asked[headIndex[k]!]).map((h) => h.finding.ruleId));
  if (unmatchedRules.size) {
    const others = input.files.filter((f) => hasBase(f.path) && RUST.test(f.path) && !askedPaths.has(f.path)).map((f) => f.path);
    const more = await fileFindings(others, unmatchedRules);
    if (more.length) matched = matchBaseline(head, [...base, ...more], input.added, onDeletedLine);
  }

  const result = findings.map(() => false);
  headIndex.forEach((i, k) => (result[i] = asked[i]! && matched[k]!));
  return result;
}

/** Per head path, the base lines the change deleted (built on first ask: most reviews never ask); every line of a removed file. */
function deletedLines(files: readonly FileDiff[]): (headPath: string) => { has(line: number): boolean } | undefined {
  const everyLine = { has: () => true };
  const byPath = new Map(files.map((f) => [f.path, f]));
  const built = new Map<string, Set<number>>();
  return (headPath) => {
    const file = byPath.get(headPath);
    if (!file) return undefined;
    // GitHub leaves out the patch of a large file: a removed file's lines are all gone even so.
    if (file.status === 'removed') return everyLine;
    let lines = built.get(headPath);
    if (!lines) {
      lines = new Set(file.hunks.flatMap((h) => h.lines.flatMap((l) => (l.kind === 'del' && l.oldLine !== undefined ? [l.oldLine] : []))));
      built.set(headPath, lines);
    }
    return lines;
  };
}

/** The change-scoped rules that reported a candidate, run over the base side of the change set. */
async function changeFindings(wanted: Set<string>, input: BaseSideInput, baseText: (headPath: string) => Promise<string | undefined>): Promise<Located[]> {
  const rules = new Map([...input.rules].filter(([r]) => r.scope === 'change' && wanted.has(r.id))) as Map<ChangeRule | FileRule, NonNullable<ReturnType<EnabledRules['get']>>>;
  if (!rules.size) return [];
  const toHead = new Map<string, string>();
  const files = [];
  for (const f of input.files) {
    if (f.status === 'added' || f.status === 'copied') continue;
    const text = await baseText(f.path);
    if (text === undefined) continue;
    const basePath = f.previousPath ?? f.path;
    toHead.set(basePath, f.path);
    // Every base line counts as touched: a finding the base had anywhere in these files is old.
    files.push({ path: basePath, status: 'modified' as const, addedLines: new LineSet([[1, lineCount(text)]]) });
  }
  if (!files.length) return [];
  const trees = new ReviewTrees(input.analysis?.cache);
  const change = {
    files,
    project: emptyProject(input.headPaths),
    readHead: async (p: string) => {
      const text = await input.source.readBase(p);
      if (text !== undefined && RUST.test(p)) await trees.prefetch(text);
      return text;
    },
    readBase: async () => undefined,
    parse: trees.parse,
  };
  // The App: on a worker, as the head side's change passes (the base of a large file is parsed there).
  // Cut short by a bound, the base side found nothing: the findings count as new (never as green).
  const timeoutMs = input.timeoutMs ?? 30_000;
  const off = input.analysis?.offThread
    ? await changePassesOffThread({ ...change, rules, projectPaths: input.headPaths, trees: [], treeOf: (text) => trees.encodedOf(text), noHooks: true, hardLimitMs: 4 * timeoutMs + 5000 + 2 * timeoutMs * files.length })
    : undefined;
  if (!off) await loadRustParser();
  const out = off?.changeOutput ?? (await runChangeRules(change, rules));
  const located: Located[] = [];
  for (const f of out.findings) {
    const path = toHead.get(f.path) ?? f.path;
    located.push({ finding: { ...f, path }, text: toHead.has(f.path) ? await baseText(path) : await input.source.readBase(f.path) });
  }
  return located;
}
