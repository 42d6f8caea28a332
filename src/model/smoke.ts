/**
 * Calls whose only way to fail is a panic: what a test that runs code and drops its value checks.
 *
 * A test that calls a fn under test and throws its value away (`let _ = parse(&huge_input);`,
 * `let _queue = Queue::new(url, region);`) checks that the call does not panic: a regression test
 * for a ReDoS or an overflow, a constructor's own invariants. That is a real check when the fn
 * cannot report a failure any other way. When it returns a `Result`, dropping it hides the failure
 * the test was written for; when it is a helper of the tests, it is not the code under test.
 */
import type { Node } from '../rust/parser.js';
import type { FnRef } from './crate-index.js';
import type { FileModel } from './index.js';

/** A written return type that can carry an error (`Result<T, E>`, `io::Result<()>`, an alias `DbResult<T>`, a future of one). */
const REPORTS_FAILURE = /Result\b/;

/** Code of the tests themselves: a test fn, a `#[cfg(test)]` module, a `tests/` file, a test-support package. */
function isTestCode(file: FileModel, ref: FnRef): boolean {
  const contexts = file.model.contexts;
  return ref.fn.test || contexts.inTestOnlyModule(ref) || contexts.inTestSupportPackage(ref.file.path);
}

/**
 * The call goes to crate fns that are the code under test (not test code) and that fail only by
 * panicking: none returns a type that carries an error, and an async one is awaited (a future
 * dropped unawaited runs nothing).
 */
export function failsOnlyByPanicking(file: FileModel, call: Node): boolean {
  // A method called on a value the test holds (`let _ = cart.total_with(c);`) asks that value a question and
  // drops the answer; running a fn or a constructor on an input (`parse(&huge)`, `Queue::new(..)`) is the smoke test.
  if (call.childForFieldName('function')?.type === 'field_expression') return false;
  const targets = file.knownCallees(call);
  if (!targets.length) return false;
  const awaited = call.parent?.type === 'await_expression';
  return targets.every((t) => !isTestCode(file, t) && !REPORTS_FAILURE.test(t.fn.returnType ?? '') && (!t.fn.async || awaited));
}
