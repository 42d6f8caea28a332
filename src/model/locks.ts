/**
 * What code does with a lock: classify each `.lock()` / `.read()` / `.write()` site (and what is
 * done with its guard) as a read, a wholesale replacement (`*guard = new`), or a mutation. A fact of
 * the model (field uses in facts.ts are classified with it); the method names are the catalogue's.
 * Which kind of lock (blocking or async) a receiver is: lock-kinds.ts.
 */
import { isCollectionReadMethod, isLockAcquireMethod, isOrderingReadMethod, isReadLockMethod, isReadOnlyMethod, isStdCollection } from '../catalogue/locks.js';
import type { Node } from '../rust/parser.js';
import { methodName, patternIdentifier } from '../rust/syntax.js';
import { usesOf } from './bindings.js';

export type LockUse = 'read' | 'replace' | 'mutate';

export function isLockCall(call: Node): boolean {
  return call.type === 'call_expression' && isLockAcquireMethod(methodName(call) ?? '');
}

/** `x.lock().unwrap()`, `.lock().await`, `.read().expect(..)`, `?`: the expression that is the guard. */
function guardExpr(lockCall: Node): Node {
  let g = lockCall;
  for (;;) {
    const p = g.parent;
    if (!p) return g;
    if (p.type === 'await_expression' || p.type === 'try_expression') {
      g = p;
      continue;
    }
    if (p.type === 'field_expression' && p.parent?.type === 'call_expression' && /^(unwrap|expect|unwrap_or_else)$/.test(p.childForFieldName('field')?.text ?? '')) {
      g = p.parent;
      continue;
    }
    return g;
  }
}

/** What one use of a guard (or of the guarded value through it) does. */
function useOfGuard(expr: Node, innerHead: string): LockUse {
  let e = expr;
  const p = e.parent;
  if (!p) return 'mutate';
  // `*guard = new` / `*guard` read.
  if (p.type === 'unary_expression' && p.text.startsWith('*')) {
    const pp = p.parent;
    if (pp?.type === 'assignment_expression' && pp.childForFieldName('left')?.id === p.id) return 'replace';
    if (pp?.type === 'compound_assignment_expr' && pp.childForFieldName('left')?.id === p.id) return 'mutate';
    if (pp?.type === 'reference_expression' && pp.text.startsWith('&mut')) return 'mutate';
    if (pp?.type === 'field_expression' || pp?.type === 'parenthesized_expression') return useOfGuard(pp.type === 'parenthesized_expression' ? pp : p, innerHead);
    return 'read';
  }
  if (p.type === 'reference_expression') return p.text.startsWith('&mut') ? 'mutate' : 'read';
  if (p.type === 'field_expression' && p.childForFieldName('value')?.id === e.id) {
    const name = p.childForFieldName('field')?.text ?? '';
    const isCall = p.parent?.type === 'call_expression' && p.parent.childForFieldName('function')?.id === p.id;
    if (isCall) return isReadOnlyMethod(name) || (isCollectionReadMethod(name) && isStdCollection(innerHead)) ? 'read' : 'mutate';
    // `guard.field`: climb to the outermost field access and judge that.
    e = p;
    while (e.parent?.type === 'field_expression' && e.parent.childForFieldName('value')?.id === e.id && !(e.parent.parent?.type === 'call_expression')) e = e.parent;
    const q = e.parent;
    if (q?.type === 'assignment_expression' && q.childForFieldName('left')?.id === e.id) return 'mutate';
    if (q?.type === 'compound_assignment_expr' && q.childForFieldName('left')?.id === e.id) return 'mutate';
    if (q?.type === 'reference_expression') return q.text.startsWith('&mut') ? 'mutate' : 'read';
    if (q?.type === 'field_expression' && q.parent?.type === 'call_expression') {
      const m = q.childForFieldName('field')?.text ?? '';
      return isReadOnlyMethod(m) || isCollectionReadMethod(m) || isOrderingReadMethod(m) ? 'read' : 'mutate';
    }
    return 'read';
  }
  if (p.type === 'binary_expression' || p.type === 'index_expression' || p.type === 'token_tree') return 'read';
  return 'mutate';
}

/**
 * Classifies one lock call: what its guard is used for. A `write` lock that is only read from is
 * still a read; `*guard = value` is a wholesale replacement; anything we cannot follow is a mutation.
 */
export function classifyLockCall(lockCall: Node, innerHead: string): LockUse {
  if (isReadLockMethod(methodName(lockCall) ?? '') && lockCall.childForFieldName('arguments')?.namedChildCount === 0) return 'read';
  const g = guardExpr(lockCall);
  const p = g.parent;
  if (p?.type === 'let_declaration' && p.childForFieldName('value')?.id === g.id) {
    const pattern = p.childForFieldName('pattern');
    const ident = patternIdentifier(pattern);
    if (ident?.type !== 'identifier' || p.parent?.type !== 'block') return 'mutate';
    const decl = { kind: 'let' as const, name: ident.text, node: p, ident, type: null, value: g, scope: p.parent, simple: true };
    let worst: LockUse = 'read';
    for (const u of usesOf(decl)) {
      if (u.inMacro) continue;
      const r = useOfGuard(u.node, innerHead);
      if (r === 'mutate') return 'mutate';
      if (r === 'replace') worst = 'replace';
    }
    return worst;
  }
  return useOfGuard(g, innerHead);
}
