/**
 * Code that runs once for the whole process however often its fn is called: the closure of a lazy
 * initialiser (`CELL.get_or_init(|| ..)`, `LazyLock::new(|| ..)`), what a once cell's constructor
 * is given, a `static` / `const` initialiser, `lazy_static!` / `thread_local!`. A copy, a leak or a
 * pool made there is made once, not per request. And fns that run once as a whole: start-up code,
 * a command-line tool's command, or tests, by the model's call graph.
 */
import { isOnceInit } from '../catalogue/executor.js';
import type { Node } from '../rust/parser.js';
import { ancestors, calleeText, methodName } from '../rust/syntax.js';
import { modelOfTree } from './index.js';

export function runsOncePerProcess(node: Node): boolean {
  for (const a of ancestors(node)) {
    // A fn item declared inside an initialiser runs when it is called, not where it is written.
    if (a.type === 'function_item') return false;
    if (a.type === 'static_item' || a.type === 'const_item') return true;
    if (a.type === 'macro_invocation' && /lazy_static|thread_local/.test(a.text.slice(0, 20))) return true;
    if (a.type === 'call_expression' && isOnceInit(calleeText(a).replace(/\s+/g, ''), methodName(a))) return true;
  }
  return false;
}

/**
 * Code that runs once (start-up before serving, a command-line tool's command) or only in tests:
 * a leak or a deep clone there costs nothing per request. The model's call graph decides, never the name.
 */
export function isStartupFn(fn: Node | null): boolean {
  if (!fn) return false;
  const context = modelOfTree(fn.tree)?.executionContext(fn);
  return context === 'startup' || context === 'test';
}
