/** Worker thread: analyses batches of Rust files with the rules named in each request. */
import { parentPort } from 'node:worker_threads';
import { ALL_RULES } from '../rules/registry.js';
import { analyzeRustFile, emptyProject, mergeOutputs, type RuleSetting } from '../rules/engine.js';
import { loadRustParser } from '../rust/parser.js';
import type { FileInput } from '../rules/engine.js';
import type { Rule } from '../rules/define-rule.js';
import { CrateModel, type FileFacts } from '../model/index.js';

export interface WorkerRequest {
  id: number;
  files: FileInput[];
  rules: [string, RuleSetting][];
  projectPaths: string[];
  /** The facts the review's crate model was built from (plain data): the worker builds the same model. */
  modelFacts?: readonly FileFacts[];
  timeoutMs?: number;
}

const ready = loadRustParser();

parentPort!.on('message', async (req: WorkerRequest) => {
  await ready;
  const byId = new Map(ALL_RULES.map((r) => [r.id, r]));
  const rules = new Map<Rule, RuleSetting>(req.rules.flatMap(([id, s]) => (byId.has(id) ? [[byId.get(id)!, s] as [Rule, RuleSetting]] : [])));
  const project = emptyProject(req.projectPaths, req.modelFacts ? CrateModel.build(req.modelFacts) : undefined);
  const output = mergeOutputs(req.files.map((f) => analyzeRustFile(f, rules, project, req.timeoutMs)));
  parentPort!.postMessage({ id: req.id, output });
});
