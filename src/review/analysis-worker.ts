/**
 * Worker thread: analyses Rust files with the rules of a job, one file per message, and sends back
 * with each file's output the tree it parsed (encoded, in shared memory), so that no other thread
 * parses the file again. A job (its rules, settings and the head tree's paths) is sent once.
 */
import { deserialize, serialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { LineSet } from '../diff/line-set.js';
import { ALL_RULES } from '../rules/registry.js';
import { analyzeRustFile, emptyProject, runChangeRules, type AnalysisOutput, type FileInput, type RuleSetting } from '../rules/engine.js';
import type { ChangedFileView, Rule } from '../rules/define-rule.js';
import { CrateModel, fileFacts, type FileFacts, type ManifestFact } from '../model/index.js';
import { decodeRustTree, loadRustParser, parseRust, ParseTimeoutError, ReviewTrees } from '../rust/parser.js';
import { changeHooks, type ChangeHookOutput } from './hooks.js';
import { encodeTree, sharedTree, type EncodedTree } from '../rust/tree-encoding.js';
import { treeReader } from '../rust/tree-memory.js';

/** A changed file as it crosses threads: its added lines as ranges (a new file of a million lines is one). */
export type ChangedFileMessage = Omit<ChangedFileView, 'addedLines'> & { addedLines: [number, number][] };

export type WorkerRequest =
  /**
   * `model`: the facts (each file's serialised apart) and manifests the review's crate model was built from
   * (`serializeModel`): the worker builds the same model. `json`: send each file's output as JSON text too (for the cache).
   */
  | { type: 'job'; job: number; rules: [string, RuleSetting][]; projectPaths: string[]; model?: SerializedModel; timeoutMs?: number; json?: boolean }
  /** `tree`: the file's tree parsed already (by the facts pass or an earlier run): decoded, not parsed again. */
  | { type: 'file'; job: number; index: number; file: FileInput; tree?: EncodedTree }
  /** Parse a file and compute its crate-model facts (the first pass of a review: the model needs every file's facts). */
  | { type: 'facts'; job: number; index: number; path: string; source: string; timeoutMs?: number }
  /** `noHooks`: the change rules only, without the coverage table (the base side's pass). */
  | { type: 'change'; job: number; index: number; files: ChangedFileMessage[]; wholeTree: boolean; trees: [string, EncodedTree][]; noHooks?: boolean }
  | { type: 'read-result'; request: number; text: string | undefined; tree?: EncodedTree }
  | { type: 'end'; job: number };

/** The change passes' output: change rules and the coverage table (see pipeline.ts). */
export interface ChangePassOutput {
  changeOutput: AnalysisOutput;
  hooks: ChangeHookOutput;
}

/** Messages from a worker: a file's or a change's result, or a request to read a file of the head or base tree. */
export type WorkerMessage =
  | ({ type: 'file' } & WorkerResponse)
  /** `facts`: serialised here (v8) and as JSON (for the cache): the App's thread neither clones nor serialises the objects. */
  | { type: 'facts'; job: number; index: number; facts?: Uint8Array; factsJson?: string; tree?: EncodedTree; timedOut?: boolean; fallbackTrees: number }
  | { type: 'change'; job: number; index: number; value: ChangePassOutput }
  | { type: 'read'; request: number; side: 'head' | 'base'; path: string };

/** A crate model as it crosses threads: each file's facts and the manifests, v8-serialised. */
export interface SerializedModel {
  facts: Uint8Array[];
  manifests: Uint8Array;
}

export interface WorkerResponse {
  job: number;
  index: number;
  output: AnalysisOutput;
  /** The output as JSON text, when the job asks (the cache's entry, serialised here rather than on the App's thread). */
  outputJson?: string;
  tree?: EncodedTree;
  /** Trees this thread has read through the public API so far (see tree-memory.ts). */
  fallbackTrees: number;
}

interface Job {
  rules: Map<Rule, RuleSetting>;
  project: ReturnType<typeof emptyProject>;
  timeoutMs?: number;
  json?: boolean;
}

const ready = loadRustParser();
const jobs = new Map<number, Job>();
const byId = new Map(ALL_RULES.map((r) => [r.id, r]));
const reads = new Map<number, (answer: { text: string | undefined; tree?: EncodedTree }) => void>();
let nextRead = 0;

/** Reads through the thread that owns the change source (GitHub or git); a cached tree of the text comes along. */
const readVia = (side: 'head' | 'base', trees: ReviewTrees) => (path: string) =>
  new Promise<string | undefined>((resolve) => {
    const request = nextRead++;
    reads.set(request, ({ text, tree }) => {
      if (text !== undefined && tree) trees.add(text, tree);
      resolve(text);
    });
    parentPort!.postMessage({ type: 'read', request, side, path } satisfies WorkerMessage);
  });

/** A tree that does not fit its text (a damaged cache entry) is parsed instead. */
function decodeOrParse(tree: EncodedTree, source: string) {
  try {
    return decodeRustTree(tree, source);
  } catch {
    return undefined;
  }
}

parentPort!.on('message', async (req: WorkerRequest) => {
  if (req.type === 'read-result') {
    reads.get(req.request)?.(req);
    reads.delete(req.request);
    return;
  }
  if (req.type === 'job') {
    const rules = new Map<Rule, RuleSetting>(req.rules.flatMap(([id, s]) => (byId.has(id) ? [[byId.get(id)!, s] as [Rule, RuleSetting]] : [])));
    const model = req.model ? CrateModel.build(req.model.facts.map((b) => deserialize(b) as FileFacts), deserialize(req.model.manifests) as ManifestFact[]) : undefined;
    jobs.set(req.job, { rules, project: emptyProject(req.projectPaths, model), timeoutMs: req.timeoutMs, json: req.json });
    return;
  }
  if (req.type === 'end') {
    jobs.delete(req.job);
    return;
  }
  await ready;
  const job = jobs.get(req.job);
  if (!job) throw new Error(`analysis worker: ${req.type} for unknown job ${req.job}`);
  if (req.type === 'change') {
    const trees = new ReviewTrees();
    for (const [source, tree] of req.trees) trees.add(source, tree);
    const change = {
      files: req.files.map((f) => ({ ...f, addedLines: new LineSet(f.addedLines) })),
      wholeTree: req.wholeTree,
      project: job.project,
      readHead: readVia('head', trees),
      readBase: readVia('base', trees),
      parse: trees.parse,
    };
    const changeOutput = await runChangeRules(change, job.rules);
    const value: ChangePassOutput = { changeOutput, hooks: req.noHooks ? { coverage: [], notes: [] } : await changeHooks(change) };
    parentPort!.postMessage({ type: 'change', job: req.job, index: req.index, value } satisfies WorkerMessage);
    return;
  }
  if (req.type === 'facts') {
    let response: WorkerMessage;
    try {
      const parsed = parseRust(req.source, req.timeoutMs);
      const tree = sharedTree(encodeTree(parsed));
      const facts = fileFacts(parsed.rootNode, req.path);
      response = { type: 'facts', job: req.job, index: req.index, facts: serialize(facts), factsJson: JSON.stringify(facts), tree, fallbackTrees: treeReader().fallbackTrees };
      parentPort!.postMessage(response);
    } catch (e) {
      if (!(e instanceof ParseTimeoutError)) throw e;
      response = { type: 'facts', job: req.job, index: req.index, timedOut: true, fallbackTrees: treeReader().fallbackTrees };
      parentPort!.postMessage(response);
    }
    return;
  }
  // A tree that came along is not sent back (the sender has it).
  const given = req.tree;
  let tree: EncodedTree | undefined;
  const output = analyzeRustFile(req.file, job.rules, job.project, job.timeoutMs, (t) => (tree = given ? undefined : sharedTree(encodeTree(t))), given ? () => decodeOrParse(given, req.file.source) : undefined);
  // A cut-short output is not cached (see analyzeFiles): no text for it.
  const outputJson = job.json && !output.skipped.length ? JSON.stringify(output) : undefined;
  const response: WorkerMessage = { type: 'file', job: req.job, index: req.index, output, outputJson, tree, fallbackTrees: treeReader().fallbackTrees };
  parentPort!.postMessage(response);
});
