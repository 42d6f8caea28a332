/**
 * Where a piece of code runs, as the architecture rules care about it: test code, start-up code
 * (reached only from `main`: a panic there stops the deploy instead of a request; or a command of a
 * command-line tool), static initialisation (`const` / `static` / `LazyLock::new(..)`), code of no
 * deployed backend (a command-line tool, a browser frontend, a side tool), or a path that serves traffic (a request, a background job, or code the model cannot place). The model of
 * the crate (src/model/context.ts) decides, from structure: never a fn's or a file's name.
 */
import type { Node } from '../../../rust/parser.js';
import { isLazyInit } from '../../../catalogue/executor.js';
import { modelOfTree } from '../../../model/index.js';
import { ancestors, calleeText, methodName } from '../../../rust/syntax.js';

/** `elsewhere`: code of no deployed backend (a command-line tool, a frontend, a side tool the workspace leaves out). */
export type CodeContext = 'test' | 'startup' | 'static-init' | 'elsewhere' | 'production';

/** Is `node` inside a `const` / `static` item or a lazy one-time initialiser closure? */
export function isStaticInit(node: Node): boolean {
  for (const a of ancestors(node)) {
    if (a.type === 'const_item' || a.type === 'static_item') return true;
    if (a.type === 'call_expression' && isLazyInit(calleeText(a).replace(/\s+/g, ''), methodName(a))) return true;
    if (a.type === 'function_item') return false;
  }
  return false;
}

/** The nearest enclosing `fn` item, looking through closures and async blocks. */
export function outerFunction(node: Node): Node | null {
  for (const a of ancestors(node)) if (a.type === 'function_item') return a;
  return null;
}

export function codeContext(node: Node, isTest: (n: Node) => boolean): CodeContext {
  if (isTest(node)) return 'test';
  if (isStaticInit(node)) return 'static-init';
  const model = modelOfTree(node.tree);
  const context = model?.executionContext(node);
  if (context === 'test') return 'test';
  if (context === 'startup') return 'startup';
  if (model && !model.inBackend) return 'elsewhere';
  return 'production';
}

/** Is this file a binary entry point (`src/main.rs`, `src/bin/*`)? */
export function isBinaryEntryPath(path: string): boolean {
  return /(^|\/)src\/main\.rs$/.test(path) || /(^|\/)src\/bin\//.test(path);
}
