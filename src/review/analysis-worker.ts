/**
 * Worker thread: analyses Rust files with the rules of a job, one file per message, and sends back
 * with each file's output the tree it parsed (encoded, transferred), so that no other thread parses
 * the file again. A job (its rules, settings and the head tree's paths) is sent once.
 */
import { parentPort } from 'node:worker_threads';
import { ALL_RULES } from '../rules/registry.js';
import { analyzeRustFile, emptyProject, runChangeRules, type AnalysisOutput, type FileInput, type RuleSetting } from '../rules/engine.js';
import type { ChangedFileView, Rule } from '../rules/define-rule.js';
import { CrateModel, type FileFacts } from '../model/index.js';
import { loadRustParser, ReviewTrees } from '../rust/parser.js';
import { changeHooks, type ChangeHookOutput } from './hooks.js';
import { encodeTree, type EncodedTree } from '../rust/tree-encoding.js';
import { treeReader } from '../rust/tree-memory.js';

/** A changed file as it crosses threads (a Set does not survive structured cloning as one wants). */
export type ChangedFileMessage = Omit<ChangedFileView, 'addedLines'> & { addedLines: number[] };

export type WorkerRequest =
  /** `modelFacts`: the facts the review's crate model was built from (plain data): the worker builds the same model. */
  | { type: 'job'; job: number; rules: [string, RuleSetting][]; projectPaths: string[]; modelFacts?: readonly FileFacts[]; timeoutMs?: number }
  | { type: 'file'; job: number; index: number; file: FileInput }
  | { type: 'change'; job: number; index: number; files: ChangedFileMessage[]; trees: [string, EncodedTree][] }
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
  | { type: 'change'; job: number; index: number; value: ChangePassOutput }
  | { type: 'read'; request: number; side: 'head' | 'base'; path: string };

export interface WorkerResponse {
  job: number;
  index: number;
  output: AnalysisOutput;
  tree?: EncodedTree;
  /** Trees this thread has read through the public API so far (see tree-memory.ts). */
  fallbackTrees: number;
}

interface Job {
  rules: Map<Rule, RuleSetting>;
  project: ReturnType<typeof emptyProject>;
  timeoutMs?: number;
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

parentPort!.on('message', async (req: WorkerRequest) => {
  if (req.type === 'read-result') {
    reads.get(req.request)?.(req);
    reads.delete(req.request);
    return;
  }
  if (req.type === 'job') {
    const rules = new Map<Rule, RuleSetting>(req.rules.flatMap(([id, s]) => (byId.has(id) ? [[byId.get(id)!, s] as [Rule, RuleSetting]] : [])));
    jobs.set(req.job, { rules, project: emptyProject(req.projectPaths, req.modelFacts ? CrateModel.build(req.modelFacts) : undefined), timeoutMs: req.timeoutMs });
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
      files: req.files.map((f) => ({ ...f, addedLines: new Set(f.addedLines) })),
      project: job.project,
      readHead: readVia('head', trees),
      readBase: readVia('base', trees),
      parse: trees.parse,
    };
    const changeOutput = await runChangeRules(change, job.rules);
    const value: ChangePassOutput = { changeOutput, hooks: await changeHooks(change) };
    parentPort!.postMessage({ type: 'change', job: req.job, index: req.index, value } satisfies WorkerMessage);
    return;
  }
  let tree: EncodedTree | undefined;
  const output = analyzeRustFile(req.file, job.rules, job.project, job.timeoutMs, (t) => (tree = encodeTree(t)));
  const response: WorkerMessage = { type: 'file', job: req.job, index: req.index, output, tree, fallbackTrees: treeReader().fallbackTrees };
  parentPort!.postMessage(response, tree ? [tree.nodes.buffer as ArrayBuffer] : []);
});
