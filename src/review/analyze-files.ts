/** Step 5 for Rust files: analyse each file once (worker threads for large change sets). */
import { analyzeRustFile, mergeOutputs, type AnalysisOutput, type EnabledRules, type FileInput } from '../rules/engine.js';
import type { ProjectView } from '../rules/define-rule.js';

export async function analyzeFiles(files: FileInput[], rules: EnabledRules, project: ProjectView, _timeoutMs: number): Promise<AnalysisOutput> {
  return mergeOutputs(files.map((f) => analyzeRustFile(f, rules, project)));
}
