/**
 * Step 5 for Rust files: analyse each file once.
 *
 * - Files whose output is in the cache (same path, text, rule code, settings and head paths) are
 *   not analysed again.
 * - The rest run in this thread when the work is small (a worker's start-up costs more than it
 *   saves), else on worker threads (one per core, at most 4, kept for the life of the process), one
 *   file per message, largest first. The App always uses the workers (`offThread`): the thread that
 *   answers webhooks never runs a rule.
 * - Every parsed tree is handed to the review's `ReviewTrees` (workers send it encoded), so the
 *   change rules and the coverage table do not parse the file again, and to the cache.
 * - Each file on a worker is bounded: a file still running `hardLimitMs` after it started, or whose
 *   analysis exhausts the worker's heap, is reported as not reviewed (`limit: 'time' | 'memory'`),
 *   its worker replaced, and the other files go on.
 */
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { analysisKeyOf, fileOutputKey, loadCodeVersion, modelKeyOf, type AnalysisCache } from '../cache/analysis-cache.js';
import type { ChangedFileView, ProjectView } from '../rules/define-rule.js';
import { analyzeRustFile, emptyOutput, mergeOutputs, type AnalysisOutput, type EnabledRules, type FileInput, type RuleSetting } from '../rules/engine.js';
import { decodeRustTree, loadRustParser, parseRust, ParseTimeoutError, type ReviewTrees } from '../rust/parser.js';
import { encodeTree, sharedTree } from '../rust/tree-encoding.js';
import { fileFacts } from '../model/index.js';
import { yieldToEventLoop } from '../util/event-loop.js';
import type { EncodedTree } from '../rust/tree-encoding.js';
import type { FileFacts, ManifestFact } from '../model/index.js';
import { rangesOf } from '../diff/line-set.js';
import { countFallbackTree } from '../rust/tree-memory.js';
import type { ChangedFileMessage, ChangePassOutput, SerializedModel, WorkerMessage, WorkerRequest } from './analysis-worker.js';

/** Below this many bytes of Rust to analyse, the CLI analyses in-process (worker start-up is about 0.3 s). */
export const WORKER_THRESHOLD_BYTES = 400 * 1024;

const defaultWorkerUrl = new URL('./analysis-worker.js', import.meta.url);

/** Worker threads a large review is split across: one per core, at most 4. */
export const analysisThreadCount = (): number => Math.min(4, Math.max(1, os.availableParallelism?.() ?? os.cpus().length));

export interface AnalyzeOptions {
  /** Force in-process analysis (tests, tiny reviews). */
  inProcess?: boolean;
  /** Always analyse on worker threads, whatever the size (the App: its event loop stays free). */
  offThread?: boolean;
  /** Per-file time limit of parsing and of the rule walk (`limits.parse_timeout_ms`). */
  timeoutMs?: number;
  /** Hard limit per file on a worker, after which the worker is stopped (default 4x timeoutMs + 5 s, else 60 s). */
  hardLimitMs?: number;
  cache?: AnalysisCache;
  /** Receives every tree parsed (see ReviewTrees). */
  trees?: ReviewTrees;
}

export async function analyzeFiles(files: FileInput[], rules: EnabledRules, project: ProjectView, options: AnalyzeOptions = {}): Promise<AnalysisOutput> {
  const ruleList = [...rules].map(([r, s]) => [r.id, s] as [string, typeof s]);
  const cache = options.cache;
  if (cache) await loadCodeVersion();
  // File rules read the crate model (facts of the other files): its facts are part of the key.
  const analysisKey = cache ? analysisKeyOf(ruleList, project.paths, `${process.env.RUST_REVIEW_CHECK_REQUIRES ?? ''}\0${modelKeyOf(project)}`) : '';
  const outputs: AnalysisOutput[] = new Array(files.length);
  const todo: number[] = [];
  await Promise.all(
    files.map(async (f, i) => {
      const hit = cache ? await cache.getJson<AnalysisOutput>(fileOutputKey(analysisKey, f.path, f.source)) : undefined;
      if (hit) outputs[i] = hit;
      else todo.push(i);
    }),
  );
  const done = (i: number, output: AnalysisOutput, json?: string) => {
    outputs[i] = output;
    // Outputs cut short by a limit depend on the machine's load: never cached.
    if (cache && !output.skipped.length) cache.setJson(fileOutputKey(analysisKey, files[i]!.path, files[i]!.source), output, json);
  };
  const bytes = todo.reduce((n, i) => n + files[i]!.source.length, 0);
  const pool = options.inProcess || !todo.length ? undefined : options.offThread || bytes >= WORKER_THRESHOLD_BYTES ? workerPool(options) : undefined;
  // Trees of earlier runs, fetched only for the files that are analysed (a warm review reads none).
  const trees = options.trees;
  if (trees && todo.length) await Promise.all(todo.map((i) => trees.prefetch(files[i]!.source)));
  if (!pool) {
    if (todo.length) await loadRustParser();
    for (const i of todo) {
      const f = files[i]!;
      const trees = options.trees;
      const parsed = trees?.has(f.source) ? () => trees.tree(f.source) : undefined;
      done(i, analyzeRustFile(f, rules, project, options.timeoutMs, (tree) => trees?.add(f.source, tree), parsed));
    }
  } else {
    const hardLimitMs = options.hardLimitMs ?? (options.timeoutMs ? 4 * options.timeoutMs + 5000 : 60_000);
    const treeOf = (source: string) => trees?.encodedOf(source);
    // The CLI's own thread takes files too (see sharesWork): decoded here, never kept decoded.
    const local = sharesWork(options) ? await localFileAnalysis(files, rules, project, options, treeOf, (i, output, tree) => {
      if (tree) {
        cache?.setTree(files[i]!.source, tree);
        trees?.add(files[i]!.source, tree);
      }
      done(i, output);
    }) : undefined;
    await analyzeOnPool(pool, files, todo, treeOf, { rules: ruleList, projectPaths: [...project.paths], modelFacts: project.model?.facts, modelManifests: project.model?.manifests, timeoutMs: options.timeoutMs, json: !!cache }, hardLimitMs, (i, output, tree, json) => {
      if (tree) {
        cache?.setTree(files[i]!.source, tree);
        options.trees?.add(files[i]!.source, tree);
      }
      done(i, output, json);
    }, local);
  }
  return mergeOutputs(outputs);
}

interface PoolJob {
  rules: [string, RuleSetting][];
  projectPaths: string[];
  modelFacts?: readonly FileFacts[];
  modelManifests?: readonly ManifestFact[];
  timeoutMs?: number;
  /** Outputs come with their JSON text (for the cache). */
  json?: boolean;
}

/** Why a task produced no result: the bound it hit. */
interface TaskFailure {
  limit: 'time' | 'memory' | 'error';
  reason: string;
}

interface Task {
  job: number;
  message: WorkerRequest & { type: 'file' | 'change' | 'facts' };
  transfer: ArrayBuffer[];
  hardLimitMs: number;
  onRead?: (side: 'head' | 'base', path: string) => Promise<{ text: string | undefined; tree?: EncodedTree }>;
  resolve(result: WorkerMessage | TaskFailure): void;
}

interface Slot {
  worker: Worker;
  /** Jobs whose setup this worker has. */
  jobs: Set<number>;
  task?: Task;
  timer?: NodeJS.Timeout;
  /** The worker's last reported count of trees read through the public API. */
  fallbackTrees: number;
}

/** Heap of each analysis worker: a file that needs more is reported as not reviewed. */
const WORKER_HEAP_MB = Number(process.env.RUST_REVIEW_WORKER_HEAP_MB) || 512;
/**
 * Young generation of each analysis worker. V8's default (up to 48 MB on 64-bit) stays resident in
 * every worker; 8 MB cut the peak RSS of a cold `review --all` of lemmy from 400 to 353 MB at the
 * same CPU time (the garbage of a file's walk is short-lived and small; issue 17).
 */
const WORKER_YOUNG_MB = Number(process.env.RUST_REVIEW_WORKER_YOUNG_MB) || 8;

class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly jobSetups = new Map<number, WorkerRequest & { type: 'job' }>();
  private nextJob = 0;
  private closed = false;

  constructor(
    private readonly url: URL,
    private readonly execArgv: string[],
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(this.url, { execArgv: this.execArgv, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    worker.unref();
    const slot: Slot = { worker, jobs: new Set(), fallbackTrees: 0 };
    worker.on('message', (msg: WorkerMessage) => {
      const task = slot.task;
      if (!task) return;
      if (msg.type === 'read') {
        const answer = (a: { text: string | undefined; tree?: EncodedTree }) => {
          try {
            worker.postMessage({ type: 'read-result', request: msg.request, ...a } satisfies WorkerRequest);
          } catch {
            worker.postMessage({ type: 'read-result', request: msg.request, text: a.text } satisfies WorkerRequest);
          }
        };
        void (task.onRead?.(msg.side, msg.path) ?? Promise.resolve({ text: undefined })).then(answer, () => answer({ text: undefined }));
        return;
      }
      if (msg.job !== task.job || msg.index !== task.message.index) return;
      if (msg.type === 'file' || msg.type === 'facts') {
        countFallbackTree(msg.fallbackTrees - slot.fallbackTrees);
        slot.fallbackTrees = msg.fallbackTrees;
      }
      this.finish(slot);
      task.resolve(msg);
    });
    worker.on('error', (err) => this.fail(slot, (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'error', err));
    worker.on('exit', () => this.fail(slot, 'error', new Error('the analysis worker exited')));
    return slot;
  }

  /** Runs `fn` with a job registered (its setup is sent to each worker that takes one of its tasks). */
  async withJob<T>(setup: PoolJob, fn: (job: number) => Promise<T>): Promise<T> {
    const job = this.nextJob++;
    const { modelFacts, modelManifests, ...rest } = setup;
    this.jobSetups.set(job, { type: 'job', job, ...rest, model: modelFacts ? serializeModel(modelFacts, modelManifests) : undefined });
    try {
      return await fn(job);
    } finally {
      this.jobSetups.delete(job);
      for (const slot of this.slots) {
        if (slot.jobs.delete(job)) slot.worker.postMessage({ type: 'end', job } satisfies WorkerRequest);
      }
    }
  }

  submit(task: Omit<Task, 'resolve'>): Promise<WorkerMessage | TaskFailure> {
    return new Promise((resolve) => {
      this.queue.push({ ...task, resolve });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.task || !this.queue.length) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      if (!slot.jobs.has(task.job)) {
        slot.jobs.add(task.job);
        slot.worker.postMessage(this.jobSetups.get(task.job)!);
      }
      slot.worker.postMessage(task.message, task.transfer);
      slot.timer = setTimeout(() => this.fail(slot, 'time', new Error(`over ${task.hardLimitMs} ms`)), task.hardLimitMs);
    }
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.task = undefined;
    slot.worker.unref();
    this.pump();
  }

  /** The worker's task could not finish: report its bound, replace the worker, go on with the others. */
  private fail(slot: Slot, limit: TaskFailure['limit'], err: unknown): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    const task = slot.task;
    clearTimeout(slot.timer);
    this.slots.splice(index, 1);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    if (!this.closed) this.slots.push(this.spawn());
    if (task) {
      const reason =
        limit === 'time'
          ? `ran over the time limit (${task.hardLimitMs} ms; \`limits.parse_timeout_ms\`)`
          : limit === 'memory'
            ? `ran out of memory (${WORKER_HEAP_MB} MB)`
            : `failed (${err instanceof Error ? err.message : String(err)})`;
      task.resolve({ limit, reason });
    }
    this.pump();
  }

  /** Workers (a failed one is replaced). */
  get size(): number {
    return this.slots.length;
  }

  /** No task running or queued, no job open. */
  idle(): boolean {
    return !this.queue.length && !this.jobSetups.size && this.inFlight() === 0;
  }

  inFlight(): number {
    return this.slots.filter((s) => s.task).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const task of this.queue.splice(0)) task.resolve({ limit: 'error', reason: 'the analysis workers were stopped' });
    await Promise.all(
      slots.map((s) => {
        s.worker.removeAllListeners();
        s.task?.resolve({ limit: 'error', reason: 'the analysis workers were stopped' });
        return s.worker.terminate();
      }),
    );
  }
}

const isFailure = (r: WorkerMessage | TaskFailure): r is TaskFailure => 'limit' in r;

/** Each file's facts as the worker that computed them serialised them (or as serialised here once). */
const factsBytes = new WeakMap<FileFacts, Uint8Array>();
const serializedModels = new WeakMap<readonly FileFacts[], WeakMap<readonly ManifestFact[], SerializedModel>>();
const NO_MANIFESTS: readonly ManifestFact[] = [];

/**
 * A crate model's facts (megabytes of small objects for the largest files) serialised once per file
 * and per model: every job of a review (files, change passes, base side) on every worker gets a copy
 * of these bytes, where a structured clone of the objects would walk them on this thread each time.
 * Facts computed on a worker come serialised by it: this thread serialises only facts from its caches.
 */
export function serializeModel(facts: readonly FileFacts[], manifests: readonly ManifestFact[] = NO_MANIFESTS): SerializedModel {
  let byManifests = serializedModels.get(facts);
  if (!byManifests) serializedModels.set(facts, (byManifests = new WeakMap()));
  let model = byManifests.get(manifests);
  if (!model) {
    const bytesOf = (f: FileFacts) => {
      let b = factsBytes.get(f);
      if (!b) factsBytes.set(f, (b = serialize(f)));
      return b;
    };
    byManifests.set(manifests, (model = { facts: facts.map(bytesOf), manifests: serialize(manifests) }));
  }
  return model;
}

/** Files on the pool, largest first; each file's result (or the bound it hit) to `onFile`. A tree `treeOf` has goes along (shared when a worker parsed it, else copied: this thread keeps it). `local` analyses a file on this thread (see sharesWork). */
async function analyzeOnPool(pool: WorkerPool, files: FileInput[], indexes: number[], treeOf: (source: string) => EncodedTree | undefined, setup: PoolJob, hardLimitMs: number, onFile: (index: number, output: AnalysisOutput, tree?: EncodedTree, json?: string) => void, local?: (index: number) => void): Promise<void> {
  const order = [...indexes].sort((a, b) => files[b]!.source.length - files[a]!.source.length);
  await pool.withJob(setup, (job) =>
    shareOut(pool, order, async (index) => {
      const r = await pool.submit({ job, message: { type: 'file', job, index, file: files[index]!, tree: treeOf(files[index]!.source) }, transfer: [], hardLimitMs });
      if (!isFailure(r)) return void (r.type === 'file' && onFile(index, r.output, r.tree, r.outputJson));
      const output = emptyOutput();
      output.skipped.push({ path: files[index]!.path, reason: `not reviewed: its analysis ${r.reason}`, limit: r.limit });
      onFile(index, output);
    }, local),
  );
}

/**
 * Hands the items out in order, one at a time to each worker (so that a worker that finishes early
 * takes the next), and, with `local`, to this thread as well between the workers' messages.
 */
async function shareOut(pool: WorkerPool, order: readonly number[], onWorker: (index: number) => Promise<void>, local?: (index: number) => void): Promise<void> {
  let k = 0;
  const next = () => (k < order.length ? order[k++] : undefined);
  const feeders = Array.from({ length: Math.max(1, pool.size) }, async () => {
    for (let i = next(); i !== undefined; i = next()) await onWorker(i);
  });
  const here = local
    ? (async () => {
        // Each item is one synchronous span: between two, the workers' answers are taken and the next sent.
        for (await yieldToEventLoop(); ; await yieldToEventLoop()) {
          const i = next();
          if (i === undefined) break;
          local(i);
        }
      })()
    : undefined;
  await Promise.all([...feeders, here]);
}

/**
 * Whether this thread analyses files beside one worker fewer: the CLI's (never the App's, whose
 * thread answers webhooks), with at least two cores, unless `RUST_REVIEW_LOCAL_SHARE=off`. It has the
 * crate model and the parser already and waits for the workers anyway: a cold review --all costs 13%
 * less CPU (lemmy 9.5 -> 8.2 s, crates.io 10.2 -> 8.9 s), and one worker's heap fewer is resident
 * (issue 17: this thread's heap grows by what the file analysis needs, which, since the change passes
 * hold one tree at a time and the heap's growth is bounded (src/cli.ts), is less than a worker's).
 */
function sharesWork(options: { offThread?: boolean }): boolean {
  return !options.offThread && analysisThreadCount() >= 2 && process.env.RUST_REVIEW_LOCAL_SHARE !== 'off';
}

/** A file's analysis on this thread as a worker does it: its tree decoded from `treeOf`'s (not kept decoded), else parsed and handed back encoded. */
async function localFileAnalysis(files: FileInput[], rules: EnabledRules, project: ProjectView, options: AnalyzeOptions, treeOf: (source: string) => EncodedTree | undefined, onFile: (index: number, output: AnalysisOutput, tree?: EncodedTree) => void): Promise<(index: number) => void> {
  await loadRustParser();
  return (index) => {
    const f = files[index]!;
    const known = treeOf(f.source);
    let parsedHere: EncodedTree | undefined;
    const decoded = known
      ? () => {
          try {
            return decodeRustTree(known, f.source);
          } catch {
            return undefined; // a damaged cache entry: parsed instead
          }
        }
      : undefined;
    const output = analyzeRustFile(f, rules, project, options.timeoutMs, (tree) => void (known ? undefined : (parsedHere = encodeTree(tree))), decoded);
    onFile(index, output, parsedHere);
  };
}

/** A file's crate-model facts computed on a worker, with the tree it parsed (or the bound it hit). */
export interface WorkerFacts {
  facts?: FileFacts;
  /** The facts as JSON text (the cache's entry), serialised by the worker. */
  factsJson?: string;
  tree?: EncodedTree;
  /** The parse ran over `timeoutMs`: the file has no facts (as when parsed in this thread). */
  timedOut?: boolean;
}

/**
 * The first pass of a review on the worker threads: each file parsed once, its facts computed, the
 * tree sent back (in shared memory) for the rules' pass. Undefined when the work is too small to pay for
 * the workers (the CLI, below `WORKER_THRESHOLD_BYTES`) or there are none; an entry without facts and
 * without `timedOut` is a file whose worker failed (the caller parses it in this thread).
 */
export async function factsOnWorkers(files: readonly { path: string; source: string }[], options: { timeoutMs?: number; offThread?: boolean }): Promise<WorkerFacts[] | undefined> {
  const bytes = files.reduce((n, f) => n + f.source.length, 0);
  if (!files.length || (!options.offThread && bytes < WORKER_THRESHOLD_BYTES)) return undefined;
  const pool = workerPool(options);
  if (!pool) return undefined;
  const hardLimitMs = options.timeoutMs ? 4 * options.timeoutMs + 5000 : 60_000;
  const out: WorkerFacts[] = files.map(() => ({}));
  const order = files.map((_, i) => i).sort((a, b) => files[b]!.source.length - files[a]!.source.length);
  // The CLI's own thread takes files too (see sharesWork): parsed here, the tree kept encoded.
  if (sharesWork(options)) await loadRustParser();
  const local = sharesWork(options)
    ? (index: number) => {
        const f = files[index]!;
        try {
          const parsed = parseRust(f.source, options.timeoutMs);
          // Shared, as a worker's: sent on to the rules' worker without a copy.
          out[index] = { facts: fileFacts(parsed.rootNode, f.path), tree: sharedTree(encodeTree(parsed)) };
        } catch (e) {
          if (!(e instanceof ParseTimeoutError)) throw e;
          out[index] = { timedOut: true };
        }
      }
    : undefined;
  await pool.withJob({ rules: [], projectPaths: [] }, (job) =>
    shareOut(
      pool,
      order,
      async (index) => {
        const f = files[index]!;
        const r = await pool.submit({ job, message: { type: 'facts', job, index, path: f.path, source: f.source, timeoutMs: options.timeoutMs }, transfer: [], hardLimitMs });
        if (!isFailure(r)) {
          if (r.type === 'facts') {
            // Read back from the worker's bytes, which go on as they are to the jobs' workers (serializeModel).
            const facts = r.facts ? (deserialize(r.facts) as FileFacts) : undefined;
            if (facts) factsBytes.set(facts, r.facts!);
            out[index] = { facts, factsJson: r.factsJson, tree: r.tree, timedOut: r.timedOut };
          }
        } else if (r.limit !== 'error') {
          // Over the hard limit or out of memory: this thread would fare no better (the rules' pass reports it).
          out[index] = { timedOut: true };
        }
      },
      local,
    ),
  );
  return out;
}

export interface ChangePassInput {
  files: readonly ChangedFileView[];
  wholeTree?: boolean;
  rules: EnabledRules;
  projectPaths: readonly string[];
  /** The facts of the review's crate model (the worker builds the same model). */
  modelFacts?: readonly FileFacts[];
  modelManifests?: readonly ManifestFact[];
  readHead(path: string): Promise<string | undefined>;
  readBase(path: string): Promise<string | undefined>;
  /** The tree of a text read, when this thread has it (parsed by the file analysis or cached). */
  treeOf(source: string): EncodedTree | undefined;
  /** Trees parsed already (by the file analysis), sent along so that the worker does not parse them again. */
  trees: [string, EncodedTree][];
  hardLimitMs: number;
  /** The change rules only, without the coverage table (the base side's pass). */
  noHooks?: boolean;
}

/**
 * The change rules and the coverage table on a worker thread (the App: the thread that answers
 * webhooks runs no rule); files are read through this thread. Undefined when there are no workers.
 * When the passes hit a bound, every changed Rust file is reported as not (completely) reviewed.
 */
export async function changePassesOffThread(input: ChangePassInput): Promise<ChangePassOutput | undefined> {
  const pool = workerPool();
  if (!pool) return undefined;
  const rules = [...input.rules].map(([r, s]) => [r.id, s] as [string, RuleSetting]);
  const files: ChangedFileMessage[] = input.files.map((f) => ({ ...f, addedLines: rangesOf(f.addedLines) }));
  const r = await pool.withJob({ rules, projectPaths: [...input.projectPaths], modelFacts: input.modelFacts, modelManifests: input.modelManifests }, (job) =>
    pool.submit({
      job,
      message: { type: 'change', job, index: 0, files, wholeTree: !!input.wholeTree, trees: input.trees, noHooks: input.noHooks },
      // Trees parsed on workers are shared (no copy); this thread may still send the same trees along with reads.
      transfer: [],
      hardLimitMs: input.hardLimitMs,
      onRead: async (side, path) => {
        const text = await (side === 'head' ? input.readHead(path) : input.readBase(path));
        return { text, tree: text === undefined ? undefined : input.treeOf(text) };
      },
    }),
  );
  if (!isFailure(r)) return r.type === 'change' ? r.value : undefined;
  const changeOutput = emptyOutput();
  for (const f of input.files) {
    if (f.status !== 'removed' && f.path.endsWith('.rs')) changeOutput.skipped.push({ path: f.path, reason: `not completely reviewed: the change-wide rules ${r.reason}`, limit: r.limit });
  }
  return { changeOutput, hooks: { coverage: [], notes: [`The change-wide rules and the coverage table did not finish: they ${r.reason}.`] } };
}

let pool: WorkerPool | undefined;
let workerOverride: { url: URL; execArgv: string[] } | undefined;

/**
 * Where the worker's code is: the compiled `analysis-worker.js` next to this module. Tests (which
 * run the TypeScript sources) may point at the sources with a loader.
 */
export function useAnalysisWorker(url: URL, execArgv: string[] = []): void {
  workerOverride = { url, execArgv };
}

/** The workers (started on first use): one per core, one fewer when this thread shares the work (see sharesWork). */
function workerPool(options: { offThread?: boolean } = { offThread: true }): WorkerPool | undefined {
  if (pool) return pool;
  const { url, execArgv } = workerOverride ?? { url: defaultWorkerUrl, execArgv: [] };
  // Under vitest the sources are .ts and there is no compiled worker: analyse in-process.
  if (!fs.existsSync(fileURLToPath(url))) return undefined;
  return (pool = new WorkerPool(url, execArgv, analysisThreadCount() - (sharesWork(options) ? 1 : 0)));
}

/** Tasks running on worker threads right now (tests observe the App's event loop while one runs). */
export const analysisTasksInFlight = (): number => pool?.inFlight() ?? 0;

/** Starts the worker threads ahead of the first review (the App at start-up). */
export function warmAnalysisWorkers(): boolean {
  return workerPool() !== undefined;
}

/**
 * Stops the worker threads when none has work (the CLI between a large review's file analysis and
 * its in-process passes: their memory goes back). A later analysis starts new ones.
 */
export async function closeIdleAnalysisWorkers(): Promise<void> {
  if (pool?.idle()) await closeAnalysisWorkers();
}

/** Stops the worker threads (tests and graceful shutdown). */
export async function closeAnalysisWorkers(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.close();
}
