/**
 * One review, from a change set to a result. The steps, each one call:
 *
 *  1. Trigger   (the caller: a webhook handler, a `/rust-review` command or the CLI)
 *  2. Config    `.github/rust-review.yml`, parsed and validated once (config/load.ts), or the caller's
 *  3. Change    list changed files; apply path globs and limits
 *  4. Diff      line maps of added and context lines per file
 *  5. Rules     parse each Rust file once, one walk for all file rules; change rules over the whole set
 *  6. LLM       optional role passes, given the diff and the rule findings
 *  7. Merge     rule beats LLM on the same line and role; duplicates dropped
 *  8. Filter    move a finding off an untouched line to one of its `alsoLines` the change added;
 *                mark each finding (added / context / file / outside); the mode picks the inline ones;
 *                of those, the ones the base already had are counted as already present, not posted
 *  9. Publish   (the caller: post a review and a check run, or print text / JSON / SARIF)
 *
 * The gate never waits for the model: `reviewInStages` returns the rule result (steps 2-5, 7, 8)
 * first, and step 6 as a continuation that merges and filters again over rule and LLM findings.
 * The App publishes the first and completes its check run before it starts the second;
 * `runReview` (the CLI) runs both at once.
 */
import { loadReviewConfig, pathMatchers, type ReviewConfig } from '../config/load.js';
import { notesFor } from '../config/rules.js';
import type { Config } from '../config/schema.js';
import { LineMap } from '../diff/line-map.js';
import type { FileDiff } from '../diff/model.js';
import { ruleById } from '../rules/registry.js';
import { emptyProject, mergeOutputs, runChangeRules, type AnalysisOutput, type EnabledRules } from '../rules/engine.js';
import { applyCrateLints, crateLintAllows } from './crate-lints.js';
import { loadRustParser, ReviewTrees } from '../rust/parser.js';
import { analysisKeyOf, loadCodeVersion, modelKeyOf, type AnalysisCache } from '../cache/analysis-cache.js';
import { cachedChangePasses } from '../cache/change-cache.js';
import { analyzeFiles, changePassesOffThread, closeIdleAnalysisWorkers } from './analyze-files.js';
import { buildReviewModel, lookUpContext, modelContextPaths } from './crate-model.js';
import type { ChangeSource } from './change-source.js';
import { compareFindings, type Finding } from './finding.js';
import { mergeFindings } from './merge.js';
import { placeOnChange } from './relocate.js';
import { presentInBase } from './base-side.js';
import { isMigrationFile } from '../migrations/index.js';
import { changeHooks, type ChangeHookOutput } from './hooks.js';
import type { LlmStatus, MarkedFinding, ReviewResult } from './result.js';
import { CONFIG_EXCLUDED, decodeSource, formatBytes, skipReasonForPath, type SkippedFile } from './skip.js';
import { classifySkips } from './unreviewed.js';
import { decideConclusion } from './conclusion.js';

export { decideConclusion };
import { referencedPaths } from './included-files.js';
import { yieldToEventLoop } from '../util/event-loop.js';

/** The pull request's title and description, as its author wrote them: untrusted data. */
export interface PullRequestText {
  title?: string;
  body?: string;
}

export interface LlmPassInput {
  files: FileDiff[];
  contents: ReadonlyMap<string, string>;
  ruleFindings: readonly Finding[];
  config: Config;
  /** Context for the model, shown to it as untrusted data (the CLI has none). */
  pullRequest?: PullRequestText;
  /** Aborted when the review is superseded: the pass makes no further call and resolves soon. */
  signal?: AbortSignal;
}

/** Resolves (does not reject) also when `input.signal` aborts; the pipeline's checkpoint then stops the review. */
export type LlmPass = (input: LlmPassInput) => Promise<{ findings: Finding[]; status: LlmStatus }>;

export interface ReviewOptions {
  /** The config, already loaded (the App reads it from the base branch first); else the source's. */
  config?: ReviewConfig;
  llm?: LlmPass;
  /** Overrides the config's `llm.enabled` (the CLI's `--llm` / `--no-llm`). */
  llmEnabled?: boolean;
  /** Title and description of the pull request, given to the LLM passes as untrusted data. */
  pullRequest?: PullRequestText;
  /** Called between steps; a long review reports progress. */
  onProgress?: (step: string) => void;
  /** Checked between steps and passed to the LLM passes: a superseded review stops before it publishes. */
  signal?: AbortSignal;
  /** How step 5 runs: the cache of earlier analyses, and whether rules may run on the calling thread. */
  analysis?: AnalysisSettings;
}

export interface AnalysisSettings {
  /** Per-file trees and outputs, and change-pass outputs, of earlier reviews (src/cache). */
  cache?: AnalysisCache;
  /** Every file rule runs on a worker thread, whatever the size (the App: its event loop stays free). */
  offThread?: boolean;
}

const RUST = /\.rs$/;
const REVIEWABLE = /\.rs$|\.sql$|(^|\/)Cargo\.toml$/;

/** A review in two stages: the gate first, the model after. */
export interface StagedReview {
  /** Steps 2-5, 7, 8 over the rule findings: what the check run's conclusion is decided on. `llm.state` is `pending` when `withLlm` follows. */
  rules: ReviewResult;
  /** Step 6, then 7 and 8 again over rule and LLM findings; present when the LLM passes are to run. */
  withLlm?: () => Promise<ReviewResult>;
}

/** Both stages in one go (the CLI). */
export async function runReview(source: ChangeSource, options: ReviewOptions = {}): Promise<ReviewResult> {
  const staged = await reviewInStages(source, options);
  return staged.withLlm ? staged.withLlm() : staged.rules;
}

export async function reviewInStages(source: ChangeSource, options: ReviewOptions = {}): Promise<StagedReview> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  const checkpoint = () => options.signal?.throwIfAborted();

  progress('config');
  const loaded = options.config ?? loadReviewConfig(await source.readConfig());              // 2
  const config = withLlmOverride(loaded.config, options.llmEnabled);
  const rules = loaded.rules;
  checkpoint();

  progress('change');
  const { files, skipped, notes, others } = await selectFiles(await source.listFiles(), config); // 3
  const lineMaps = new Map(files.map((f) => [f.path, LineMap.ofFile(f)]));                 // 4
  checkpoint();
  await yieldToEventLoop();

  progress('rules');
  const { output, contents, skipped: unreadable, reviewed, headPaths, migrationsAsHistory } = await runRulePasses(source, files, lineMaps, rules, config, progress, options.analysis ?? {}, others); // 5
  skipped.push(...unreadable);
  const unlisted = source.unlisted?.();
  if (unlisted) skipped.push({ path: '(files beyond the listed ones)', reason: unlisted, blocking: true });
  const skippedFiles = await classifySkips(skipped, files, (p) => source.readBase(p));
  notes.push(...notesFor(loaded.config), ...output.notes);
  checkpoint();

  // The base side answers for rule findings only; the LLM stage reuses the rule stage's answers.
  let basePresence: Map<string, boolean> | undefined;
  const finish = async (llmFindings: Finding[], llmStatus: LlmStatus): Promise<ReviewResult> => {
    // Each step over every finding is one span of this thread (thousands on a hostile change): between them, others run.
    await yieldToEventLoop();
    const merged = mergeFindings(output.findings, llmFindings);                                // 7
    await yieldToEventLoop();
    const placed = merged.map((f) => placeOnChange(f, lineMaps.get(f.path), contents.get(f.path))); // 8
    const marked = placed.map((f): MarkedFinding => ({ ...f, mark: lineMaps.get(f.path)?.mark(f.line, f.endLine) ?? 'outside' }));
    await yieldToEventLoop();
    const inlineMarks = INLINE_MARKS[config.filter];
    const inFilter = marked.flatMap((f, i) => (inlineMarks.includes(f.mark) ? [i] : []));
    let present: boolean[];
    if (!basePresence) {
      progress('base side');
      // Matched on the findings as the rules reported them (placing moves a finding and rewrites its snippet).
      present = source.wholeTree
        ? merged.map(() => false)
        : await presentInBase(
            merged,
            marked.map((f) => inlineMarks.includes(f.mark)),
            { source, files, rules, contents, headPaths, added: (f) => lineMaps.get(f.path)?.added.has(f.line) ?? false, timeoutMs: config.limits.parse_timeout_ms, analysis: options.analysis },
          );
      basePresence = new Map(merged.map((f, i) => [presenceKey(f), present[i]!]));
    } else {
      const known = basePresence;
      present = merged.map((f) => (f.source === 'rule' && known.get(presenceKey(f))) || false);
    }
    checkpoint();
    await yieldToEventLoop();
    const inline = inFilter.filter((i) => !present[i]).map((i) => marked[i]!).sort(compareFindings);
    const alreadyPresent = inFilter.filter((i) => present[i]).map((i) => marked[i]!).sort(compareFindings);
    const outsideFilter = marked.filter((f) => !inlineMarks.includes(f.mark)).sort(compareFindings);
    // A PR that only deletes Rust files was still reviewed (change rules ran on it): not `skipped`.
    const { conclusion, reason } = decideConclusion(inline, config, reviewed.length + files.filter((f) => f.status === 'removed').length, skippedFiles.filter((s) => s.blocking));
    return {
      inline,
      alreadyPresent,
      migrationsAsHistory,
      outsideFilter,
      suppressed: output.suppressed,
      reviewedFiles: reviewed,
      skippedFiles,
      ruleErrors: output.ruleErrors,
      coverage: output.coverage,
      notes,
      llm: llmStatus,
      conclusion,
      conclusionReason: reason,
      config,
      durationMs: Date.now() - started,
    };
  };

  const llm = options.llm;
  if (!llm || !config.llm.enabled) return { rules: await finish([], { state: 'off' }) };
  return {
    rules: await finish([], { state: 'pending' }),
    withLlm: async () => {
      progress('llm');
      await loadRustParser(); // the passes read each file's enclosing functions from its tree
      const out = await llm({ files, contents, ruleFindings: output.findings, config, pullRequest: options.pullRequest, signal: options.signal }); // 6
      checkpoint();
      return finish(out.findings, out.status);
    },
  };
}

const presenceKey = (f: Finding) => `${f.ruleId}\0${f.path}\0${f.line}\0${f.message}`;

const INLINE_MARKS: Record<Config['filter'], MarkedFinding['mark'][]> = {
  added: ['added'],
  diff_context: ['added', 'context'],
  file: ['added', 'context', 'file'],
  none: ['added', 'context', 'file', 'outside'],
};

function withLlmOverride(config: Config, enabled: boolean | undefined): Config {
  return enabled === undefined || enabled === config.llm.enabled ? config : { ...config, llm: { ...config.llm, enabled } };
}

async function selectFiles(all: FileDiff[], config: Config): Promise<{ files: FileDiff[]; skipped: SkippedFile[]; notes: string[]; others: FileDiff[] }> {
  const { include, exclude } = pathMatchers(config);
  const skipped: SkippedFile[] = [];
  const notes: string[] = [];
  const files: FileDiff[] = [];
  const others: FileDiff[] = [];
  for (const f of all) {
    if (!REVIEWABLE.test(f.path)) {
      others.push(f); // reviewed as Rust if a Rust file compiles it (#[path], include!)
      continue;
    }
    if (!include(f.path) || exclude(f.path)) {
      skipped.push({ path: f.path, reason: CONFIG_EXCLUDED });
      continue;
    }
    const byPath = skipReasonForPath(f.path);
    if (byPath) {
      skipped.push({ path: f.path, reason: byPath });
      continue;
    }
    if (f.binary) {
      skipped.push({ path: f.path, reason: 'binary file' });
      continue;
    }
    files.push(f);
  }
  if (files.length > config.limits.max_files) {
    const over = files.splice(config.limits.max_files);
    notes.push(`Limit hit: ${over.length} files beyond \`limits.max_files\` (${config.limits.max_files}) were not reviewed.`);
    skipped.push(...over.map((f) => ({ path: f.path, reason: 'over the file limit' })));
  }
  return { files, skipped, notes, others };
}

interface RulePassOutput {
  output: AnalysisOutput & ChangeHookOutput;
  contents: Map<string, string>;
  skipped: SkippedFile[];
  reviewed: string[];
  headPaths: string[];
  /** Migration files a whole-tree review left out of the change set (see `ChangeSource.wholeTree`). */
  migrationsAsHistory: number;
}

async function runRulePasses(
  source: ChangeSource,
  files: FileDiff[],
  lineMaps: Map<string, LineMap>,
  rules: EnabledRules,
  config: Config,
  progress: (step: string) => void,
  analysis: AnalysisSettings,
  others: FileDiff[] = [],
): Promise<RulePassOutput> {
  // The parser (WASM) is loaded by the first step that parses: a review answered by the cache never loads it.
  const present = files.filter((f) => f.status !== 'removed');
  // The model of the crate reads the unchanged Rust files around the change too: in the same batch.
  const headPaths = await source.headPaths();
  const modelContext = modelContextPaths(present.map((f) => f.path), headPaths);
  // A source that names the head's files by blob id (a commit's tree) lets the model find the facts of
  // the unchanged ones without reading them: it fetches only what the cache has no facts for.
  const lookup = await lookUpContext(source, modelContext.paths, { cache: analysis.cache, manifests: modelContext.manifests, headPaths });
  const context = lookup ? [...lookup.unread, ...(lookup.manifests ? [] : modelContext.manifests)] : [...modelContext.paths, ...modelContext.manifests];
  await source.prefetchHead?.([...present.map((f) => f.path), ...context]);
  const contents = new Map<string, string>();
  const skipped: SkippedFile[] = [];
  let totalBytes = 0;
  for (const f of present) {
    const bytes = await source.readHead(f.path);
    if (!bytes) continue;
    if (totalBytes + bytes.byteLength > config.limits.max_total_bytes) {
      skipped.push({ path: f.path, reason: `over \`limits.max_total_bytes\` (${formatBytes(config.limits.max_total_bytes)})` });
      continue;
    }
    const decoded = decodeSource(f.path, bytes, config.limits.max_file_bytes);
    if ('reason' in decoded) {
      skipped.push({ path: f.path, reason: decoded.reason });
      continue;
    }
    totalBytes += bytes.byteLength;
    contents.set(f.path, decoded.text);
  }

  const included = await readIncludedFiles(source, contents, files, lineMaps, others, config, skipped);

  // Each file is parsed once: the model's parses (on the workers when the work pays) are the review's
  // trees, which the file analysis, the change rules and the coverage table read; the cache keeps
  // trees and facts for later reviews, so a file reviewed before is neither parsed nor decoded for its facts.
  const { cache } = analysis;
  const trees = new ReviewTrees(cache);
  progress('model of the crate');
  const crateModel = await buildReviewModel(source, contents, modelContext.paths, { timeoutMs: config.limits.parse_timeout_ms, trees, cache, offThread: analysis.offThread, manifests: modelContext.manifests, headPaths, lookup });
  const project = emptyProject(headPaths, crateModel.model);
  const rustFiles = [...contents].filter(([p]) => RUST.test(p) || included.has(p)).map(([path, text]) => ({ path, source: text }));
  progress(`rules: ${rustFiles.length} Rust files`);
  const fileOutput = await analyzeFiles(rustFiles, rules, project, { timeoutMs: config.limits.parse_timeout_ms, cache, trees, offThread: analysis.offThread });
  skipped.push(...fileOutput.skipped);
  // The CLI started workers for a large review only; what follows runs here. Their heaps (a crate
  // model and the garbage of hundreds of trees each) would stay resident beside this thread's.
  if (!analysis.offThread) await closeIdleAnalysisWorkers();

  const decoder = new TextDecoder();
  // A whole-tree review lists every file as added; its migrations were applied long ago, so the
  // change-scoped rules (which judge what a change introduces: a new migration's deployment safety)
  // do not see them as part of the change.
  const history = source.wholeTree ? files.filter((f) => isMigrationFile(f.path, contents.get(f.path))) : [];
  const changed = history.length ? files.filter((f) => !history.includes(f)) : files;
  const change = {
    files: changed.map((f) => ({ path: f.path, previousPath: f.previousPath, status: f.status === 'copied' ? ('added' as const) : f.status, addedLines: lineMaps.get(f.path)!.added })),
    project,
    wholeTree: !!source.wholeTree,
    readHead: async (p: string) => contents.get(p) ?? (await source.readHead(p).then((b) => (b ? decoder.decode(b) : undefined))),
    readBase: (p: string) => source.readBase(p),
    parse: trees.parse,
  };
  /** Rust texts the change passes read come with their cached trees, so that `parse` finds them. */
  const withTrees = (read: (p: string) => Promise<string | undefined>) => async (p: string) => {
    const text = await read(p);
    if (text !== undefined && RUST.test(p)) await trees.prefetch(text);
    return text;
  };
  const ruleList = [...rules].map(([r, s]) => [r.id, s] as [string, typeof s]);
  // Change rules read the crate model too: its facts are part of the key.
  const analysisKey = cache ? (await loadCodeVersion(), analysisKeyOf(ruleList, headPaths, modelKeyOf(project))) : '';
  const { changeOutput, hooks } = await cachedChangePasses(cache, analysisKey, change, async (recorded) => {
    const c = { ...recorded, readHead: withTrees(recorded.readHead), readBase: withTrees(recorded.readBase) };
    progress('rules: whole change');
    // Off the thread, the worker parses: this thread loads no parser (its WASM compile is a long span).
    if (analysis.offThread) {
      const hardLimitMs = 4 * config.limits.parse_timeout_ms + 5000 + 2 * config.limits.parse_timeout_ms * c.files.length;
      const off = await changePassesOffThread({ ...c, rules, projectPaths: headPaths, modelFacts: project.model?.facts, modelManifests: project.model?.manifests, trees: trees.encoded(), treeOf: (text) => trees.encodedOf(text), hardLimitMs });
      if (off) return off;
    }
    await loadRustParser();
    const changeOutput = await runChangeRules(c, rules);
    progress('coverage of the change');
    return { changeOutput, hooks: await changeHooks(c) };
  }, (r) => !r.hooks.notes.length && !r.changeOutput.skipped.length);
  await yieldToEventLoop();
  const output = { ...mergeOutputs([fileOutput, changeOutput]), ...hooks, notes: hooks.coverageNote ? [...hooks.notes, hooks.coverageNote] : hooks.notes };
  // Clippy lints a whole crate allows (Cargo.toml `[lints.clippy]`, the crate root's `#![allow]`).
  applyCrateLints(output, await crateLintAllows(headPaths, rustFiles.map((f) => f.path), change.readHead), ruleById);
  // A file whose parse hit the time limit was not reviewed; one whose walk stopped part-way was (partly).
  const unparsed = new Set(fileOutput.skipped.filter((s) => /^not (analysed|reviewed)\b/.test(s.reason)).map((s) => s.path));
  return { output, contents, skipped, reviewed: [...contents.keys()].filter((p) => !unparsed.has(p)), headPaths, migrationsAsHistory: history.length };
}

/**
 * Changed files that are not `.rs` but that a Rust file compiles (`#[path = "x.in"] mod x;`,
 * `include!("x.inc")`), followed transitively: read and analysed as Rust, marked against their diff.
 */
async function readIncludedFiles(
  source: ChangeSource,
  contents: Map<string, string>,
  files: FileDiff[],
  lineMaps: Map<string, LineMap>,
  others: FileDiff[],
  config: Config,
  skipped: SkippedFile[],
): Promise<Set<string>> {
  const included = new Set<string>();
  const candidates = new Map(others.filter((f) => f.status !== 'removed').map((f) => [f.path, f]));
  let queue = [...contents].filter(([p]) => RUST.test(p));
  while (queue.length && candidates.size) {
    const next: [string, string][] = [];
    for (const [path, text] of queue) {
      for (const target of referencedPaths(path, text)) {
        const f = candidates.get(target);
        if (!f) continue;
        candidates.delete(target);
        files.push(f);
        lineMaps.set(f.path, LineMap.ofFile(f));
        const bytes = await source.readHead(f.path);
        if (!bytes) continue;
        const decoded = decodeSource(f.path, bytes, config.limits.max_file_bytes);
        if ('reason' in decoded) {
          skipped.push({ path: f.path, reason: decoded.reason });
          continue;
        }
        included.add(f.path);
        contents.set(f.path, decoded.text);
        next.push([f.path, decoded.text]);
      }
    }
    queue = next;
  }
  return included;
}
