/**
 * Copies that are only ever borrowed: `let b = a.clone();` where every use of `b` reads it through a
 * shared reference (`&b`, `&*b`, `b.as_str()`, a `format!` argument) and `a` is neither moved nor
 * changed while `b` is in scope. Then `&a` lends the same value, whatever the type costs to clone:
 * a clone has its source's type, and a borrow of either reads the same thing.
 *
 * The source must be a binding that nothing else can change meanwhile: a parameter, a closure
 * parameter, a `for` binding, or a `let` of an evidently owned value. A `let` that may borrow from
 * something else (`let item = map.get(k)?`) is left alone: the copy may be what lets `map` change.
 */
import type { Node } from '../rust/parser.js';
import { enclosingStatement, methodName, methodReceiver } from '../rust/syntax.js';
import { SHARED_BORROW_METHODS } from '../catalogue/values.js';
import { macroArgumentsBorrowed } from '../rust/macro-graft.js';
import { resolveBinding, usesOf, type Declaration, type Use } from './bindings.js';
import { evidentlyOwned } from './clones.js';
import type { FileModel } from './index.js';

export interface BorrowedCopy {
  /** The `let` binding of the copy. */
  copy: Declaration;
  /** The cloned binding. */
  source: Declaration;
}

/** `let b = a.clone();` whose copy `b` is only borrowed while `a` stays as it is; null for anything else. */
export function onlyBorrowedCopy(call: Node, model?: FileModel): BorrowedCopy | null {
  if (call.type !== 'call_expression' || methodName(call) !== 'clone' || call.childForFieldName('arguments')?.namedChildCount !== 0) return null;
  const receiver = methodReceiver(call);
  const stmt = call.parent;
  if (receiver?.type !== 'identifier' || stmt?.type !== 'let_declaration' || stmt.childForFieldName('value')?.id !== call.id || stmt.parent?.type !== 'block') return null;
  const ident = stmt.childForFieldName('pattern');
  // `let mut b = a.clone()` is made to be changed.
  if (ident?.type !== 'identifier') return null;
  const source = resolveBinding(receiver);
  if (!source || !stableSource(source)) return null;
  const copy: Declaration = { kind: 'let', name: ident.text, node: stmt, ident, type: stmt.childForFieldName('type'), value: call, scope: stmt.parent, simple: true };
  const uses = usesOf(copy);
  if (!uses.length || !uses.every((u) => onlyBorrows(u, stmt, model))) return null;
  // The source, while the copy lives: read only (a move or a change there is why the copy exists).
  const end = liveEnd(uses, stmt, copy.scope);
  if (!usesOf(source).every((u) => u.node.startIndex < stmt.endIndex || u.node.startIndex >= end || onlyBorrows(u, stmt, model))) return null;
  return { copy, source };
}

/**
 * Where the copy (or a borrow of it) may last until: the end of each statement that uses it (a
 * borrow lives as long as the statement's temporaries), the last use of a `let` that statement binds
 * (its value may hold the borrow), the statement around a closure that uses it (the closure may be
 * kept and called later); the end of the copy's scope when a borrow may be kept in a pattern.
 */
function liveEnd(uses: readonly Use[], copyLet: Node, scope: Node): number {
  let end = copyLet.endIndex;
  for (const u of uses) {
    let site = u.node;
    for (let a = u.node.parent; a && !(a.startIndex <= copyLet.startIndex && a.endIndex >= copyLet.endIndex); a = a.parent) {
      if (a.type === 'closure_expression' || a.type === 'async_block') site = a;
    }
    const statement = enclosingStatement(site);
    if (!statement) return scope.endIndex;
    end = Math.max(end, statement.endIndex);
    if (statement.type !== 'let_declaration') continue;
    const pattern = statement.childForFieldName('pattern');
    if (pattern?.type !== 'identifier') return scope.endIndex;
    if (statement.parent?.type !== 'block') return scope.endIndex;
    const kept: Declaration = { kind: 'let', name: pattern.text, node: statement, ident: pattern, type: null, value: statement.childForFieldName('value'), scope: statement.parent, simple: true };
    for (const k of usesOf(kept)) end = Math.max(end, k.node.endIndex);
  }
  return end;
}

/** A binding nothing else changes while the copy lives: a parameter, a closure or `for` binding, or an owned `let`. */
function stableSource(decl: Declaration): boolean {
  if (decl.kind === 'param' || decl.kind === 'closure-param' || decl.kind === 'for') return true;
  if (decl.kind !== 'let') return false;
  if (decl.type) return decl.type.type !== 'reference_type';
  return evidentlyOwned(decl.value);
}

/** A use that reads the binding through a shared reference and keeps nothing of it (`&b`, `&*b`, `b.len()`, `format!("{b}")`). */
function onlyBorrows(use: Use, copyLet: Node, model: FileModel | undefined): boolean {
  // Inside a `move` closure or async block that the copy's `let` is outside of: captured by value.
  for (let a = use.node.parent; a && !(a.startIndex <= copyLet.startIndex && a.endIndex >= copyLet.endIndex); a = a.parent) {
    if ((a.type === 'closure_expression' || a.type === 'async_block') && a.children.some((c) => c.type === 'move')) return false;
  }
  if (use.inMacro) return borrowedByMacro(use.node);
  let n = use.node;
  // `*b` read through: `&*b`.
  if (n.parent?.type === 'unary_expression' && n.parent.text.startsWith('*')) n = n.parent;
  // `b.config.mailer`: a field path read in place (what is done with it decides).
  while (n.parent?.type === 'field_expression' && n.parent.childForFieldName('value')?.id === n.id && !isCalled(n.parent)) n = n.parent;
  const p = n.parent;
  if (p?.type === 'reference_expression') return !p.children.some((c) => c.type === 'mutable_specifier');
  // `b.len()`, `b.as_str()`, `b.mailer.send(..)`: a method that borrows its receiver.
  if (p?.type === 'field_expression' && p.childForFieldName('value')?.id === n.id && isCalled(p)) return methodBorrowsReceiver(p.parent!, p.childForFieldName('field')?.text ?? '', model);
  return false;
}

const isCalled = (field: Node): boolean => field.parent?.type === 'call_expression' && field.parent.childForFieldName('function')?.id === field.id;

/**
 * A method call that only borrows its receiver: a std method known to (the catalogue), or crate
 * methods that all take `&self`: those the model resolves the call to, else every crate method of
 * that name (a receiver reached through `Deref` has its target's methods).
 */
function methodBorrowsReceiver(call: Node, method: string, model: FileModel | undefined): boolean {
  if (SHARED_BORROW_METHODS.has(method)) return true;
  if (!model) return false;
  let targets = model.knownCallees(call);
  if (!targets.length) targets = model.callees(call);
  if (!targets.length) targets = model.index.methodsNamed(model.crate, method).filter((t) => t.fn.hasSelf);
  return targets.length > 0 && targets.every((t) => t.fn.selfTaken === 'shared');
}

/** A bare argument of a format-like or logging macro (`println!("{}", b)`, `"{b}"`), which the macro takes by reference. */
function borrowedByMacro(token: Node): boolean {
  let tt: Node | null = token.parent;
  while (tt && tt.parent?.type !== 'macro_invocation') tt = tt.parent;
  const invocation = tt?.parent;
  if (!invocation || !macroArgumentsBorrowed(invocation)) return false;
  if (token.type === 'string_literal' || token.type === 'raw_string_literal') return true;
  // The name alone between separators: `b.into_inner()` or `b.0` is something else.
  const next = token.nextSibling;
  const prev = token.previousSibling;
  return (!next || next.text === ',' || next.text === ')') && (!prev || prev.text === ',' || prev.text === '(' || prev.text === '%' || prev.text === '?');
}
