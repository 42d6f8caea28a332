/** Spawned futures and app state: the places where values must be `Send` (and `Sync`). */
import type { Node } from '../rust/parser.js';
import type { ImportMap } from '../rust/imports.js';
import { calleeText, descendants, methodName, methodReceiver } from '../rust/syntax.js';
import { isThreadCrossingSpawn, spawnsOnCurrentThread } from '../catalogue/executor.js';
import { isStdThreadUnsafePath, NOT_SEND_TYPES, NOT_SYNC_TYPES } from '../catalogue/types.js';

/**
 * The future or closure handed to a thread-crossing spawn (`tokio::spawn`, `task::spawn`,
 * `JoinSet::spawn`, `std::thread::spawn`), or null. `spawn_local` and actix's `rt::spawn` run on
 * the current thread and accept `!Send` futures, so they are not spawns here.
 */
export function spawnedBody(call: Node, imports: ImportMap): Node | null {
  if (call.type !== 'call_expression') return null;
  // The callee first: most calls are not spawns, and their argument lists need not be looked at.
  const method = methodName(call);
  if (method !== null) {
    if (method !== 'spawn') return null;
    const recv = methodReceiver(call)?.text ?? '';
    if (spawnsOnCurrentThread(recv)) return null;
  } else {
    const resolved = imports.resolve(calleeText(call));
    if (!isThreadCrossingSpawn(resolved)) return null;
    if (/^actix/.test(resolved)) return null;
  }
  const args = call.childForFieldName('arguments');
  const arg = args?.namedChildren[0];
  if (!arg || args!.namedChildCount !== 1) return null;
  // `tokio::spawn(async move { .. })`, `thread::spawn(move || ..)`, or `tokio::spawn(recorder.run())`.
  return arg;
}

/** Type names that are never `Send`. */
export const NOT_SEND: ReadonlySet<string> = new Set(NOT_SEND_TYPES);
/** Type names that are `Send` but never `Sync` (fine owned by one task, wrong in shared state). */
export const NOT_SYNC: ReadonlySet<string> = new Set(NOT_SYNC_TYPES);

/** The first `Rc`/`RefCell`/... named in a type, with the full offending type text. */
export function findNonThreadSafe(type: Node, names: ReadonlySet<string>, imports: ImportMap): Node | null {
  for (const d of [type, ...descendants(type)]) {
    if (d.type !== 'generic_type') continue;
    const head = d.childForFieldName('type');
    const written = head?.text ?? '';
    const last = written.split('::').pop()!;
    if (!names.has(last)) continue;
    const resolved = imports.resolve(written);
    // `Rc` from std (or written bare with no other import); `once_cell::sync::OnceCell` is Sync.
    if (isStdThreadUnsafePath(resolved) || resolved === last) return d;
  }
  return null;
}


