/**
 * What a free call names: `fs::read(..)` is `std::fs::read` under `use std::fs;`, `StdMutex::new(..)`
 * is `std::sync::Mutex::new` under `use std::sync::Mutex as StdMutex;`, a block's own `use` shadowing
 * the module's. One answer for the facts (CallFact.resolved) and for the rules that look a call up in
 * the catalogue, so a name never resolves one way for a summary and another way for a rule.
 */
import type { ImportMap } from '../rust/imports.js';
import type { Node } from '../rust/parser.js';
import { calleeText, methodName } from '../rust/syntax.js';

/** The full path of a free-function call, or null for method calls and closures held in variables or fields. */
export function resolvedCallee(call: Node, imports: ImportMap): string | null {
  if (methodName(call) !== null) return null;
  const fn = call.childForFieldName('function');
  const path = fn?.type === 'generic_function' ? fn.childForFieldName('function') : fn;
  if (!path || (path.type !== 'identifier' && path.type !== 'scoped_identifier')) return null;
  return imports.resolveAt(calleeText(call), call);
}

/**
 * `f(..).await`, `f(..)?.await`, `(f(..)).await`: the call's own value is the future awaited (a call
 * further down a chain, `client.get(u).send().await`'s `get`, is not: CallFact.awaited says that).
 */
export function awaitedDirectly(call: Node): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'await_expression') return true;
    if (p.type !== 'try_expression' && p.type !== 'parenthesized_expression') return false;
  }
  return false;
}
