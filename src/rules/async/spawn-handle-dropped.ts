import type { Node } from '../../rust/parser.js';
import { calleeText, findDescendants, methodChain, methodName } from '../../rust/syntax.js';
import { resolveBinding } from '../../model/bindings.js';
import { CURRENT_HANDLE, isDetachingSpawnFunction } from '../../catalogue/executor.js';
import type { FileModel } from '../../model/index.js';
import { defineRule, type FileContext } from '../define-rule.js';
import { resolvedCallee } from '../../model/callee.js';
import { isContextBoundary } from './support/context.js';

/** The spawn function a call is (`tokio::spawn`), or null. `JoinSet::spawn` and other methods keep their handle. */
function spawnFunction(ctx: FileContext, call: Node): string | null {
  const resolved = resolvedCallee(call, ctx.imports);
  if (resolved && isDetachingSpawnFunction(resolved)) return resolved;
  if (methodName(call) === 'spawn') {
    const root = methodChain(call).root;
    const rootPath = root.type === 'call_expression' ? resolvedCallee(root, ctx.imports) : null;
    if (rootPath === CURRENT_HANDLE) return 'Handle::current().spawn';
  }
  return null;
}

/** The handle is thrown away: `spawn(..);`, `let _ = spawn(..);`, or `let _task = spawn(..);` never used. */
function handleDropped(call: Node): boolean {
  const parent = call.parent;
  if (parent?.type === 'expression_statement') return true;
  if (parent?.type !== 'let_declaration') return false;
  const pattern = parent.childForFieldName('pattern');
  if (pattern?.type === '_') return true;
  if (pattern?.type !== 'identifier' || !pattern.text.startsWith('_')) return false;
  const block = parent.parent;
  return !!block && !findDescendants(block, 'identifier').some((i) => i.text === pattern.text && i.startIndex > parent.endIndex);
}

/** Nodes of `body` that belong to it, not to nested closures, async blocks or fns. */
function ownNodes(body: Node, type: string): Node[] {
  return findDescendants(body, type, isContextBoundary).filter((n) => {
    for (let p = n.parent; p && p.id !== body.id; p = p.parent) if (isContextBoundary(p)) return false;
    return true;
  });
}

/** The name of the fn a call calls: `submit(..)`, `self.submit(..)`, `Self::submit(..)`, `jobs::submit(..)`. */
function calledName(call: Node): string {
  return methodName(call) ?? /(\w+)$/.exec(calleeText(call).replace(/\s+/g, ''))?.[1] ?? '?';
}

/** `Result<..>` returned by the fn a call calls (in this file or another file of the crate: the model knows), described. */
function resultOfCall(call: Node, model: FileModel): string | null {
  const targets = model.knownCallees(call);
  if (targets.length !== 1) return null;
  const ret = (targets[0]!.fn.returnType ?? '').replace(/,/g, ', ');
  return /(^|::|\b)Result\b/.test(ret) ? `\`${ret}\` returned by \`${calledName(call)}\`` : null;
}

/** The value the `let` that `name` resolves to bound (`let delivery = async move {..}`), by the model's scopes. */
function boundValue(name: Node): Node | null {
  const decl = resolveBinding(name);
  return decl?.kind === 'let' ? decl.value : null;
}

/** What is lost with the handle: a description of the task's `Result`, or null if it returns none. */
function lostResult(task: Node, model: FileModel): string | null {
  if (task.type === 'identifier') {
    // `let delivery = async move { .. }; tokio::spawn(delivery);`: the task is what the `let` bound.
    const value = boundValue(task);
    return value && value.type !== 'identifier' ? lostResult(value, model) : null;
  }
  if (task.type === 'call_expression') return resultOfCall(task, model);
  if (task.type !== 'closure_expression' && task.type !== 'async_block') return null;
  const body = task.type === 'async_block' ? task.namedChildren.find((c) => c.type === 'block') : task.childForFieldName('body');
  if (!body) return null;
  const tail = body.type === 'block' ? body.namedChildren[body.namedChildren.length - 1] : body;
  // `?` on Options (`rx.recv().await?` with a `Some(())` tail) ends the task quietly by design.
  if (tail && /^(Some\s*\(|None\b)/.test(tail.text)) return null;
  if (ownNodes(body, 'try_expression').length) return 'the errors its `?` returns';
  if (tail && /^(Ok|Err)\s*\(/.test(tail.text)) return 'the `Result` it returns';
  if (tail?.type === 'await_expression' && tail.namedChildren[0]?.type === 'call_expression') return resultOfCall(tail.namedChildren[0], model);
  return null;
}

export default defineRule({
  id: 'async/spawn-handle-dropped',
  role: 'async',
  category: 'suspicious',
  docs: {
    summary: '`tokio::spawn` (or `spawn_blocking`, `actix_rt::spawn`) of a task returning `Result` whose `JoinHandle` is dropped.',
    why: 'Dropping a `JoinHandle` detaches the task: its `Err` and any panic go nowhere. A failed background step (warehouse hand-off, e-mail, cache fill) disappears without a log line, and shutdown does not wait for it.',
    bad: [
      'pub async fn create_order(State(state): State<AppState>, Json(input): Json<NewOrder>) -> Result<Json<Order>, ApiError> {',
      '    let order = orders::insert(&state.db, &input).await?;',
      '    tokio::spawn(submit_to_warehouse(state.clone(), order.id));',
      '    Ok(Json(order))',
      '}',
      '',
      'async fn submit_to_warehouse(state: AppState, id: Uuid) -> Result<(), WarehouseError> {',
      '    state.warehouse.submit(id).await',
      '}',
      '',
    ].join('\n'),
    good: [
      'pub async fn create_order(State(state): State<AppState>, Json(input): Json<NewOrder>) -> Result<Json<Order>, ApiError> {',
      '    let order = orders::insert(&state.db, &input).await?;',
      '    let id = order.id;',
      '    tokio::spawn(async move {',
      '        if let Err(e) = submit_to_warehouse(state, id).await {',
      '            tracing::error!(order = %id, error = %e, "warehouse hand-off failed");',
      '        }',
      '    });',
      '    Ok(Json(order))',
      '}',
      '',
      'async fn submit_to_warehouse(state: AppState, id: Uuid) -> Result<(), WarehouseError> {',
      '    state.warehouse.submit(id).await',
      '}',
      '',
    ].join('\n'),
    anchor: 'tokio::task::JoinHandle docs ("A JoinHandle detaches the associated task when it is dropped")',
  },
  messages: {
    dropped: 'the `JoinHandle` of this `{{spawn}}` is dropped, so {{lost}} (and any panic) are silently discarded',
  },
  help: 'Handle the error inside the task (log it, retry, or write to an outbox), or keep the handle (`JoinSet`, `TaskTracker`, a stored `JoinHandle`) and check its result.',
  requires: /spawn/,
  create(ctx) {
    return {
      call_expression(call) {
        const spawn = spawnFunction(ctx, call);
        if (!spawn || !handleDropped(call) || ctx.isTest(call) || ctx.model.onlyInTests(call)) return;
        const task = call.childForFieldName('arguments')?.namedChildren[0];
        const lost = task ? lostResult(task, ctx.model) : null;
        if (!lost) return;
        ctx.report({ node: call, messageId: 'dropped', data: { spawn: spawn.replace(/^tokio::task::/, 'tokio::'), lost } });
      },
    };
  },
});
