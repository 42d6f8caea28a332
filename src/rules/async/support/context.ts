/**
 * How the async rules name the async code around a node in messages. Where code runs (executor,
 * offloaded, sync; the async body and the async code around a node) is the model's answer
 * (src/model/executor.ts), re-exported here; whether it runs alone or only off the executor today is
 * the FileModel's (runsAlone, drivenOffExecutor).
 */
import type { Node } from '../../../rust/parser.js';
import { ancestors, closest, isAsyncClosure } from '../../../rust/syntax.js';

export { asyncBody, asyncOwner, executorContext, onExecutor, type ExecutorContext } from '../../../model/executor.js';
export { isContextBoundary } from '../../../model/scopes.js';

/** How messages name the async code around `node`: "async fn `quote`" or "the async block in `start`". */
export function asyncOwnerLabel(node: Node): string {
  for (const a of ancestors(node)) {
    if (a.type === 'async_block' || (a.type === 'closure_expression' && isAsyncClosure(a))) {
      const name = closest(a, 'function_item')?.childForFieldName('name')?.text;
      return name ? `the async block in \`${name}\`` : 'this async block';
    }
    if (a.type === 'function_item') return `async fn \`${a.childForFieldName('name')?.text ?? '?'}\``;
  }
  return 'async code';
}
