/**
 * Whether the code that starts a task waits for it in the same fn: the task is then a step of that
 * code (a command that fans its work out over tasks and collects them), not a job that runs beside
 * it. A task whose handle is dropped, returned or stored elsewhere runs on its own.
 *
 * Waited for, in the fn that spawns it:
 *   `spawn(..).await`, `thread::spawn(..).join()`
 *   `let h = spawn(..); .. h.await` / `h.join()` / `join!(h, ..)` / `join_all(vec![h])`
 *   handles pushed into a collection (`tasks.push(h)`, `.map(|x| spawn(..)).collect()`) that is then
 *   joined (`join_all(tasks)`) or walked awaiting each (`for h in tasks { h.await }`)
 *   a task set's `set.spawn(..)` when the fn joins the set (`set.join_next()`, `set.join_all()`)
 *   `s.spawn(..)` of a `thread::scope(|s| ..)`: the scope joins its threads before it returns
 */
import type { Node } from '../rust/parser.js';
import { calleeText, descendants, methodName, methodReceiver } from '../rust/syntax.js';
import type { ImportMap } from '../rust/imports.js';
import { isAwaitingMacro, isConcurrentJoinFunction, isJoiningScope, isTaskJoinMethod } from '../catalogue/executor.js';
import { COLLECTION_ADD_METHODS } from '../catalogue/values.js';
import { macroName } from '../rust/macros.js';

/** Whether the task `spawn` (a spawning call within `body`, a fn body) starts is waited for in `body`. */
export function spawnJoined(spawn: Node, body: Node, imports: ImportMap): boolean {
  const receiver = methodName(spawn) !== null ? methodReceiver(spawn) : null;
  if (receiver?.type === 'identifier') {
    // `set.spawn(..)`: the set holds the handle; `s.spawn(..)` in a thread scope is joined by it.
    if (scopeParameter(receiver, imports)) return true;
    if (setJoined(receiver.text, body)) return true;
  }
  const value = handleValue(spawn);
  if (waitsOn(value)) return true;
  const holder = holderOf(value);
  return !!holder && nameJoined(holder, body, 2);
}

/** The expression a spawn's handle is: the call, or its parenthesised / block-tail form. */
function handleValue(spawn: Node): Node {
  let v = spawn;
  while (v.parent && (v.parent.type === 'parenthesized_expression' || (v.parent.type === 'block' && v.parent.lastNamedChild?.id === v.id && v.parent.parent?.type !== 'function_item'))) v = v.parent;
  return v;
}

/** `<value>.await`, `<value>.join()`. */
function waitsOn(value: Node): boolean {
  const p = value.parent;
  if (p?.type === 'await_expression') return true;
  if (p?.type === 'field_expression' && p.childForFieldName('value')?.id === value.id && p.parent?.type === 'call_expression') return isTaskJoinMethod(p.childForFieldName('field')?.text ?? '');
  return false;
}

/**
 * The local that holds a handle: `let h = <value>`, the collection of `c.push(<value>)`, the collection a
 * closure's value is collected into (`let hs: Vec<_> = xs.map(|x| <value>).collect()`).
 */
function holderOf(value: Node): string | null {
  const p = value.parent;
  if (p?.type === 'let_declaration' && p.childForFieldName('value')?.id === value.id) {
    const pattern = p.childForFieldName('pattern');
    return pattern?.type === 'identifier' ? pattern.text : null;
  }
  const added = addedTo(value);
  if (added) return added;
  // The value a closure returns (its body, or its body block's tail), collected by the chain it is handed to.
  let closure: Node | null = p?.type === 'closure_expression' ? p : null;
  if (!closure && p?.type === 'block' && p.lastNamedChild?.id === value.id && p.parent?.type === 'closure_expression') closure = p.parent;
  if (!closure) return null;
  let top: Node = closure;
  while (top.parent && (top.parent.type === 'arguments' || top.parent.type === 'call_expression' || top.parent.type === 'field_expression' || top.parent.type === 'generic_function')) top = top.parent;
  const decl = top.parent;
  if (decl?.type !== 'let_declaration' || !/\.collect\b/.test(top.text)) return null;
  const pattern = decl.childForFieldName('pattern');
  return pattern?.type === 'identifier' ? pattern.text : null;
}

/** The collection `c` of `c.push(<value>)` (an identifier receiver), or null. */
function addedTo(value: Node): string | null {
  const args = value.parent;
  const call = args?.type === 'arguments' ? args.parent : null;
  if (!call || call.type !== 'call_expression' || !COLLECTION_ADD_METHODS.test(methodName(call) ?? '')) return null;
  const recv = methodReceiver(call);
  return recv?.type === 'identifier' ? recv.text : null;
}

/** Whether the handle (or collection of handles) `name` is waited for in `body`. */
function nameJoined(name: string, body: Node, depth: number): boolean {
  for (const d of descendants(body)) {
    if (d.type === 'identifier' && d.text === name) {
      if (waitsOn(d)) return true;
      // Pushed on into a collection that is joined.
      const into = depth > 0 ? addedTo(d) : null;
      if (into && into !== name && nameJoined(into, body, depth - 1)) return true;
      if (passedToJoin(d)) return true;
    } else if (d.type === 'for_expression' && mentions(d.childForFieldName('value'), name)) {
      const pattern = d.childForFieldName('pattern');
      const each = pattern?.type === 'identifier' ? pattern.text : null;
      if (each && [...descendants(d.childForFieldName('body')!)].some((i) => i.type === 'identifier' && i.text === each && waitsOn(i))) return true;
    } else if (d.type === 'call_expression' && isTaskJoinMethod(methodName(d) ?? '') && methodName(d) !== 'join' && methodReceiver(d)?.text === name) return true;
  }
  return false;
}

/** An identifier among the arguments of a concurrent join (`join_all(tasks)`, `try_join_all(hs)`) or an awaiting macro (`join!(a, b)`). */
function passedToJoin(id: Node): boolean {
  for (let a = id.parent; a; a = a.parent) {
    if (a.type === 'arguments' && a.parent?.type === 'call_expression' && methodName(a.parent) === null && isConcurrentJoinFunction(calleeText(a.parent))) return true;
    if (a.type === 'macro_invocation') return isAwaitingMacro(macroName(a));
    if (a.type === 'block' || a.type === 'expression_statement' || a.type === 'let_declaration') return false;
  }
  return false;
}

/** A task set `name` that the fn joins: `name.join_next()`, `name.join_all()`. */
function setJoined(name: string, body: Node): boolean {
  for (const d of descendants(body)) {
    if (d.type !== 'call_expression') continue;
    const m = methodName(d);
    if (m && m !== 'join' && isTaskJoinMethod(m) && methodReceiver(d)?.text === name) return true;
  }
  return false;
}

/** `s` in `thread::scope(|s| { s.spawn(..) })`: the parameter of a closure handed to a joining scope. */
function scopeParameter(receiver: Node, imports: ImportMap): boolean {
  for (let a = receiver.parent; a; a = a.parent) {
    if (a.type !== 'closure_expression') continue;
    const param = a.childForFieldName('parameters')?.namedChildren[0];
    if (param?.text.replace(/:.*$/, '').trim() !== receiver.text) continue;
    const call = a.parent?.type === 'arguments' ? a.parent.parent : null;
    return !!call && methodName(call) === null && isJoiningScope(imports.resolve(calleeText(call)));
  }
  return false;
}

const mentions = (n: Node | null, name: string): boolean => !!n && (n.text === name || [...descendants(n)].some((i) => i.type === 'identifier' && i.text === name));
