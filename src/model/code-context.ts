/**
 * Where a piece of code runs, in the five places a rule weighing a panic or a leak tells apart: test
 * code; start-up code (reached only from `main`: a panic there stops the deploy, not a request; or a
 * command of a command-line tool); static initialisation (code that runs once per process, once.ts);
 * code of no deployed backend (a command-line tool, a browser frontend, a side tool); or a path that
 * serves traffic (a request, a background job, or code the model cannot place). Decided from
 * structure (context.ts, once.ts): never from a fn's or a file's name.
 */
import type { Node } from '../rust/parser.js';
import { isTestContext } from './test-attributes.js';
import type { FileModel } from './index.js';
import { runsOncePerProcess } from './once.js';

/** `elsewhere`: code of no deployed backend (a command-line tool, a frontend, a side tool the workspace leaves out). */
export type CodeContext = 'test' | 'startup' | 'static-init' | 'elsewhere' | 'production';

export function codeContext(file: FileModel, node: Node): CodeContext {
  if (isTestContext(node, file.path)) return 'test';
  if (runsOncePerProcess(node)) return 'static-init';
  const context = file.executionContext(node);
  if (context === 'test') return 'test';
  if (context === 'startup') return 'startup';
  if (!file.inBackend) return 'elsewhere';
  return 'production';
}
