/**
 * Step 5 for Rust files: analyse each file once. Large change sets are split across worker threads
 * (one per core, kept for the life of the process) since parsing and rule walks are CPU-bound.
 */
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ProjectView } from '../rules/define-rule.js';
import { analyzeRustFile, mergeOutputs, type AnalysisOutput, type EnabledRules, type FileInput } from '../rules/engine.js';
import type { WorkerRequest } from './analysis-worker.js';

/** Below this many files a worker's start-up costs more than it saves. */
export const WORKER_THRESHOLD = 40;

const workerUrl = new URL('./analysis-worker.js', import.meta.url);
let pool: Worker[] | undefined;
let nextId = 0;

/** Worker threads a large review is split across: one per core, at most 4. */
export const analysisThreadCount = (): number => Math.min(4, Math.max(1, os.availableParallelism?.() ?? os.cpus().length));

function workerPool(): Worker[] | undefined {
  // Under vitest the sources are .ts and there is no compiled worker: analyse in-process.
  if (!fs.existsSync(fileURLToPath(workerUrl))) return undefined;
  const size = analysisThreadCount();
  if (size < 2) return undefined;
  pool ??= Array.from({ length: size }, () => {
    const w = new Worker(workerUrl);
    w.unref();
    return w;
  });
  return pool;
}

function runOnWorker(worker: Worker, req: WorkerRequest): Promise<AnalysisOutput> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { id: number; output: AnalysisOutput }) => {
      if (msg.id !== req.id) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      resolve(msg.output);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.ref();
    worker.postMessage(req);
  }).finally(() => worker.unref()) as Promise<AnalysisOutput>;
}

export interface AnalyzeOptions {
  /** Force in-process analysis (tests, tiny reviews). */
  inProcess?: boolean;
  /** Per-file time limit (`limits.parse_timeout_ms`). */
  timeoutMs?: number;
}

export async function analyzeFiles(files: FileInput[], rules: EnabledRules, project: ProjectView, options: AnalyzeOptions = {}): Promise<AnalysisOutput> {
  const workers = !options.inProcess && files.length > WORKER_THRESHOLD ? workerPool() : undefined;
  if (!workers) return mergeOutputs(files.map((f) => analyzeRustFile(f, rules, project, options.timeoutMs)));
  // Balance by size: largest files first, each to the least-loaded worker.
  const buckets = workers.map(() => ({ bytes: 0, files: [] as FileInput[] }));
  for (const f of [...files].sort((a, b) => b.source.length - a.source.length)) {
    const b = buckets.reduce((min, x) => (x.bytes < min.bytes ? x : min));
    b.bytes += f.source.length;
    b.files.push(f);
  }
  const ruleList = [...rules].map(([r, s]) => [r.id, s] as [string, typeof s]);
  const outputs = await Promise.all(
    buckets.map((b, i) => (b.files.length ? runOnWorker(workers[i]!, { id: nextId++, files: b.files, rules: ruleList, projectPaths: [...project.paths], modelFacts: project.model?.facts, timeoutMs: options.timeoutMs }) : Promise.resolve(mergeOutputs([])))),
  );
  return mergeOutputs(outputs);
}

/** Stops the worker threads (tests and graceful shutdown). */
export async function closeAnalysisWorkers(): Promise<void> {
  const p = pool;
  pool = undefined;
  await Promise.all((p ?? []).map((w) => w.terminate()));
}
