/**
 * Futures made without being awaited where they are made, collected (`futs.push(fut)`) and then
 * awaited together by a concurrent join (`try_join_all(futs)`, a `FuturesUnordered` or `JoinSet` they
 * were pushed into, a buffered stream over them). A loop that only builds them waits for nothing:
 * the work runs at the join, overlapped.
 */
import type { Node } from '../rust/parser.js';
import { calleeText, descendants, methodChain, methodName, methodReceiver } from '../rust/syntax.js';
import { isConcurrentJoinFunction, isConcurrentJoinType, isConcurrentStreamMethod } from '../catalogue/executor.js';
import { COLLECTION_ADD_METHODS } from '../catalogue/values.js';
import { isFutureType } from '../catalogue/executor.js';
import type { FnFact } from './facts.js';


/** The expression holding `call`'s value (its method chain), or null when that value is awaited there. */
function unawaitedValue(call: Node): Node | null {
  let cur = call;
  for (let p = cur.parent; p; cur = p, p = p.parent) {
    if (p.type === 'await_expression') return null;
    if (p.type === 'try_expression' || p.type === 'parenthesized_expression') continue;
    if (p.type === 'field_expression' && p.childForFieldName('value')?.id === cur.id && p.parent?.type === 'call_expression') {
      p = p.parent;
      continue;
    }
    return cur;
  }
  return cur;
}

const fnBodyOf = (node: Node): Node | null => {
  for (let a = node.parent; a; a = a.parent) if (a.type === 'function_item') return a.childForFieldName('body');
  return null;
};

/** The collection a value is added to: `c.push(<value>)`, or `let f = <value>; .. c.push(f)`. */
function collectionOf(value: Node): string | null {
  const added = (arg: Node): string | null => {
    const args = arg.parent;
    const call = args?.type === 'arguments' ? args.parent : null;
    const recv = call && COLLECTION_ADD_METHODS.test(methodName(call) ?? '') ? methodReceiver(call) : null;
    return recv?.type === 'identifier' ? recv.text : null;
  };
  const direct = added(value);
  if (direct) return direct;
  const decl = value.parent;
  if (decl?.type !== 'let_declaration' || decl.childForFieldName('pattern')?.type !== 'identifier') return null;
  const name = decl.childForFieldName('pattern')!.text;
  const block = decl.parent;
  if (!block) return null;
  for (const d of descendants(block)) if (d.startIndex > decl.endIndex && d.type === 'identifier' && d.text === name) {
    const c = added(d);
    if (c) return c;
  }
  return null;
}

/** Whether collection `name` in `body` is awaited by a concurrent join. */
function joinedConcurrently(name: string, body: Node): boolean {
  for (const d of descendants(body)) {
    if (d.type === 'let_declaration' && d.childForFieldName('pattern')?.text.replace(/^mut\s+/, '') === name) {
      const value = d.childForFieldName('value');
      if (value?.type === 'call_expression' && methodName(value) === null && isConcurrentJoinType(calleeText(value).replace(/::(new|with_capacity|default)$/, ''))) return true;
    }
    if (d.type !== 'call_expression') continue;
    const mentions = (n: Node | null) => !!n && (n.text === name || n.descendantsOfType('identifier').some((i) => i.text === name));
    const args = d.childForFieldName('arguments');
    if (methodName(d) === null && isConcurrentJoinFunction(calleeText(d)) && mentions(args)) return true;
    // `stream::iter(futs).buffer_unordered(8)`
    const method = methodName(d);
    if (method && isConcurrentStreamMethod(method) && mentions(methodChain(d).root)) return true;
  }
  return false;
}

/** Whether `call`'s future is collected, not awaited, and the collection is awaited by a concurrent join. */
export function collectedForConcurrentJoin(call: Node): boolean {
  const value = unawaitedValue(call);
  const body = fnBodyOf(call);
  if (!value || !body) return false;
  const collection = collectionOf(value);
  return !!collection && joinedConcurrently(collection, body);
}

/** A call to this fn makes a future that does nothing until awaited: an `async fn`, or a fn declared to return one (`-> impl Future<..>`). */
export function returnsFuture(fn: Pick<FnFact, 'async' | 'returnType'>): boolean {
  return fn.async || (!!fn.returnType && isFutureType(fn.returnType));
}
