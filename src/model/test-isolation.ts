/**
 * Whether tests that change the process environment take turns: facts about test code that
 * tests/env-mutation asks. Two ways teams serialise them:
 *
 * - a process-wide lock held while they do (`let _guard = ENV_LOCK.lock().unwrap();` on a `static`);
 * - a sandbox that serialises its users and restores the environment (figment's `Jail`, see the
 *   catalogue). It does not serialise the tests outside it: when another test calls, outside any
 *   sandbox, the code the sandboxed test configures through the environment, the two still race.
 */
import { isSerialisingSandbox } from '../catalogue/environment.js';
import { isLockAcquireMethod } from '../catalogue/locks.js';
import type { Node } from '../rust/parser.js';
import { ancestors, descendants, methodName, methodReceiver } from '../rust/syntax.js';
import type { FnRef } from './crate-index.js';
import type { CrateModel, FileModel } from './index.js';

/** A `static` (or a path to one): SCREAMING_CASE, as rustc's lint asks of statics. */
const STATIC_NAME = /^(?:[\w]+::)*[A-Z][A-Z0-9_]*$/;

/** The static lock (`MUTEX`, `crate::ENV_LOCK`) a `let` binds the guard of: `MUTEX.lock().unwrap()`, `LOCK.lock().await`. */
function guardedStatic(value: Node): string | null {
  for (const d of [value, ...descendants(value)]) {
    if (d.type !== 'call_expression' || !isLockAcquireMethod(methodName(d) ?? '')) continue;
    const receiver = methodReceiver(d);
    const text = receiver?.text.replace(/\s+/g, '') ?? '';
    if (receiver && (receiver.type === 'identifier' || receiver.type === 'scoped_identifier') && STATIC_NAME.test(text)) return text;
  }
  return null;
}

/**
 * The static lock whose guard is alive at `node`: bound by a `let` (to a name, not `_`, which drops
 * it at once) in a block around `node`, before it.
 */
export function staticLockHeldAt(node: Node): string | null {
  let child = node;
  for (const a of ancestors(node)) {
    if (a.type === 'block') {
      for (const stmt of a.namedChildren) {
        if (stmt.startIndex >= child.startIndex) break;
        if (stmt.type !== 'let_declaration') continue;
        const pattern = stmt.childForFieldName('pattern');
        const value = stmt.childForFieldName('value');
        if (!value || !pattern || pattern.text === '_') continue;
        const lock = guardedStatic(value);
        if (lock) return lock;
      }
    }
    if (a.type === 'function_item') return null;
    child = a;
  }
  return null;
}

/** Per crate model: crate fn key -> the test fns that call it outside any serialising sandbox. */
const unsandboxedCallers = new WeakMap<CrateModel, Map<string, FnRef[]>>();

function callersOutsideSandboxes(model: CrateModel): Map<string, FnRef[]> {
  let out = unsandboxedCallers.get(model);
  if (out) return out;
  out = new Map();
  for (const ref of model.index.fns) {
    if (!ref.fn.test && model.contexts.of(ref) !== 'test') continue;
    const calls = ref.fn.calls;
    for (let i = 0; i < calls.length; i++) {
      if (inSandbox(calls, i)) continue;
      for (const target of model.summaries.knownCallees(ref, i)) {
        const list = out.get(target.key);
        if (list) list.push(ref);
        else out.set(target.key, [ref]);
      }
    }
  }
  unsandboxedCallers.set(model, out);
  return out;
}

/** Whether call `i` runs in the closure of a serialising sandbox (`Jail::expect_with(|jail| ..)`), at any depth. */
function inSandbox(calls: FnRef['fn']['calls'], i: number): boolean {
  const seen = new Set<number>();
  for (let at = calls[i]!.closureOf; at !== undefined && !seen.has(at); at = calls[at]!.closureOf) {
    seen.add(at);
    const holder = calls[at]!;
    if (isSerialisingSandbox(holder.resolved ?? holder.written ?? '')) return true;
  }
  return false;
}

/**
 * For a sandbox call in a test (`Jail::expect_with(|jail| { jail.set_env(..); load() })`): a test of
 * the same crate that calls, outside any sandbox, a crate fn the sandboxed closure calls (the code
 * the sandbox configures through the environment). Its label (`tests::caches`), or null when the
 * sandbox's serialisation covers every test that runs that code.
 */
export function unsandboxedTestOfSameCode(file: FileModel, sandboxCall: Node): string | null {
  const closure = sandboxCall.childForFieldName('arguments')?.namedChildren.find((a) => a.type === 'closure_expression');
  if (!closure) return null;
  const callers = callersOutsideSandboxes(file.model);
  let own: FnRef | undefined;
  for (const a of ancestors(sandboxCall)) if (a.type === 'function_item') own = own ?? file.fnOf(a);
  for (const call of descendants(closure)) {
    if (call.type !== 'call_expression') continue;
    for (const target of file.knownCallees(call)) {
      const other = callers.get(target.key)?.find((c) => c.key !== own?.key && file.index.crateOf(c.file.path) === file.crate);
      if (other) return `${other.file.path}: ${other.fn.name}`;
    }
  }
  return null;
}
