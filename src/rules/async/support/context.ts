/**
 * The async code around a node, as the async rules name it in messages. Where code runs (executor,
 * offloaded, sync) is the model's answer (src/model/executor.ts), re-exported here.
 */
import type { FileModel } from '../../../model/index.js';
import { NodeMemo, type Node } from '../../../rust/parser.js';
import { isRuntimeEntryAttribute } from '../../../catalogue/executor.js';
import { ancestors, attributePath, attributesOf, isAsyncClosure, isAsyncFn } from '../../../rust/syntax.js';

export { executorContext, onExecutor, type ExecutorContext } from '../../../model/executor.js';

/** The innermost async body holding `node`: an `async fn` item, an `async` block or an async closure. */
export function asyncBody(node: Node): Node | null {
  for (const a of ancestors(node)) {
    if (a.type === 'async_block') return a;
    if (a.type === 'closure_expression') {
      if (isAsyncClosure(a)) return a;
      return null;
    }
    if (a.type === 'function_item') return isAsyncFn(a) ? a : null;
  }
  return null;
}


/**
 * Code whose blocking stalls no one else: reached only from the program's entry (start-up before
 * serving, a command-line tool's commands) or only from tests, by the model's call graph, any
 * code of a command-line tool (one user waits for one command). A task spawned in a service's
 * start-up or a service loop there runs beside the program's other work: not alone. An async fn
 * that only `block_on` drives today is not "alone": it is an async fn, the next caller awaits it on
 * the executor, and real maintainers fixed exactly this shape (docs.rs 3f50d6b, eval:bugs), so the
 * model's `drivenOffExecutor` fact is not an exemption here.
 */
export function runsAlone(ctx: { model: FileModel }, node: Node): boolean {
  const where = ctx.model.executionContext(node);
  return where === 'startup' || where === 'test' || ctx.model.inCommandLineTool;
}

/**
 * Async code that today stalls no executor worker: every caller of its fn drives it with `block_on`
 * on a synchronous thread, or awaits it from code that runs alone (the model's drivenOffExecutor).
 * Not an exemption (see runsAlone): the rules still say it, as a note, because the next caller may
 * await it on the executor; but it is not a defect of the code as it runs now.
 */
export function offExecutorToday(ctx: { model: FileModel }, node: Node): boolean {
  return ctx.model.drivenOffExecutor(node);
}

/** The enclosing `fn` item, closures ignored. */
export function enclosingFn(node: Node): Node | null {
  for (let a = node.parent; a; a = a.parent) if (a.type === 'function_item') return a;
  return null;
}

export { isContextBoundary } from '../../../model/scopes.js';

/** How messages name the async code around `node`: "async fn `quote`" or "the async block in `start`". */
export function asyncOwnerLabel(node: Node): string {
  for (const a of ancestors(node)) {
    if (a.type === 'async_block' || (a.type === 'closure_expression' && isAsyncClosure(a))) {
      const fn = enclosingFn(a);
      const name = fn?.childForFieldName('name')?.text;
      return name ? `the async block in \`${name}\`` : 'this async block';
    }
    if (a.type === 'function_item') return `async fn \`${a.childForFieldName('name')?.text ?? '?'}\``;
  }
  return 'async code';
}
