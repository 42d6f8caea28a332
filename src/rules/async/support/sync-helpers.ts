/**
 * One level of call graph inside a file: sync fns whose own body makes a call of interest
 * (a blocking call, a `block_on`, a password hash), and calls to them (`helper(..)`,
 * `self.helper(..)`, `Self::helper(..)`). A sync helper called straight from async code blocks the
 * executor just as much as the call written inline.
 */
import { NodeMemo, type Node } from '../../../rust/parser.js';
import { calleeText, findDescendants, isAsyncFn, methodName, methodReceiver } from '../../../rust/syntax.js';
import { executorContext } from './context.js';

/** The `fn` items of a file, in source order (memoised per root: the async rules share them). */
export function functionItems(root: Node): Node[] {
  let fns = fileFunctions.get(root);
  if (!fns) fileFunctions.set(root, (fns = findDescendants(root, 'function_item')));
  return fns;
}
const fileFunctions = new NodeMemo<Node[]>();

/** The calls in `body` (nested closures included) that run in sync context, in source order (memoised). */
function syncCallsIn(body: Node): Node[] {
  let calls = bodySyncCalls.get(body);
  if (!calls) bodySyncCalls.set(body, (calls = findDescendants(body, 'call_expression').filter((c) => executorContext(c) === 'sync')));
  return calls;
}
const bodySyncCalls = new NodeMemo<Node[]>();

/** Sync, non-test fns of the file whose body makes a call matching `matches` outside offloading closures. */
export function syncHelpersCalling(root: Node, isTest: (n: Node) => boolean, matches: (call: Node) => boolean): Map<string, Node> {
  const out = new Map<string, Node>();
  const ambiguous = new Set<string>();
  for (const fn of functionItems(root)) {
    const name = fn.childForFieldName('name')?.text;
    const body = fn.childForFieldName('body');
    if (!name || !body) continue;
    if (isAsyncFn(fn) || isTest(fn)) {
      ambiguous.add(name);
      continue;
    }
    const inner = syncCallsIn(body).find((c) => matches(c));
    if (inner && !out.has(name)) out.set(name, inner);
  }
  for (const name of ambiguous) out.delete(name);
  return out;
}

/** `helper(..)`, `self.helper(..)`, `Self::helper(..)`: the name of a same-file fn being called. */
export function localCalleeName(call: Node): string | null {
  const method = methodName(call);
  if (method !== null) return methodReceiver(call)?.type === 'self' ? method : null;
  const text = calleeText(call).replace(/\s+/g, '');
  const m = /^(?:Self::)?(\w+)$/.exec(text);
  return m ? m[1]! : null;
}
