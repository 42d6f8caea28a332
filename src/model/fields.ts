/**
 * Reads and writes of struct fields, and how fields are initialised, per file (part of FileFacts):
 * the crate index gathers them so that a rule asks "what does the crate do with `AppState.cache`"
 * or "how is `Client.http` built" without opening the other files.
 */
import { isSharingConstructor } from '../catalogue/http.js';
import type { ImportMap } from '../rust/imports.js';
import { NodeMemo, type Node } from '../rust/parser.js';
import { calleeText, methodChain, methodName, patternIdentifier } from '../rust/syntax.js';
import { resolveBinding, usesOf, type Declaration } from './bindings.js';
import { classifyLockCall, isLockCall, type LockUse } from './locks.js';
import { innerType } from './types.js';
import { implOwnerOf } from './impl-owner.js';

/**
 * What one mention of a field does: takes its lock and only reads (`lock-read`), only looks up a
 * collection behind the lock (`lock-lookup`: a read when the guarded type is a std collection),
 * replaces the guarded value wholesale (`lock-replace`), mutates through the guard (`lock-mutate`),
 * or anything else (assigned, passed on, named in a macro: `other`).
 */
export type FieldUseKind = 'lock-read' | 'lock-lookup' | 'lock-replace' | 'lock-mutate' | 'other';

export interface FieldUseFact {
  field: string;
  /** The receiver's type when the code says it (`self` in `impl T`, `state: State<AppState>`); absent when unknown. */
  owner?: string;
  use: FieldUseKind;
  /** First line of such a use in the file, and how many there are. */
  line: number;
  count: number;
}

/** A value's construction, followed through `?`, `&`, `Arc::new(..)`, `.clone()` and a local `let`. */
export interface ConstructionFact {
  /** Resolved path of the call at the root of the chain (`reqwest::Client::builder`). */
  root: string;
  /** Methods called on it, in order (`timeout`, `build`). */
  links: string[];
  line: number;
  /** The construction as written (shortened). */
  text: string;
  /** The single argument's construction, when the root takes one (`Arc::new(client)`, a wrapping builder). */
  arg?: ConstructionFact;
}

export interface FieldInitFact {
  /** The struct named in the struct expression (`Self` resolved to the impl's type). */
  struct: string;
  field: string;
  line: number;
  value: ConstructionFact;
}

const MAX_TEXT = 80;
const MAX_DEPTH = 4;
const short = (n: Node): string => {
  const t = n.text.replace(/\s*\n\s*/g, '').replace(/\s+/g, ' ');
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 3)}...` : t;
};

/** The type a receiver has when the code says it: `self` (the impl), a typed parameter or `let`. */
export function ownerOf(recv: Node | null): string | undefined {
  if (!recv) return undefined;
  if (recv.type === 'self') return implOwnerOf(recv);
  if (recv.type !== 'identifier') return undefined;
  const type = resolveBinding(recv)?.type;
  return type ? innerType(type.text.replace(/\s+/g, '')) : undefined;
}

const typedNames = new NodeMemo<Map<string, string | null>>();

/**
 * `ownerOf` for every field mention of a file, cheaply: the types the enclosing fn's parameters and
 * typed `let`s declare, by name (a name declared twice with different types is unknown).
 */
function ownerInFile(recv: Node | null): string | undefined {
  if (!recv) return undefined;
  if (recv.type === 'self') return implOwnerOf(recv);
  if (recv.type !== 'identifier') return undefined;
  let fn: Node | null = recv.parent;
  while (fn && fn.type !== 'function_item') fn = fn.parent;
  if (!fn) return undefined;
  let names = typedNames.get(fn);
  if (!names) {
    names = new Map();
    const declare = (pattern: Node | null, type: Node | null) => {
      if (!pattern || !type) return;
      const t = innerType(type.text.replace(/\s+/g, '')) ?? null;
      const ids = pattern.type === 'identifier' ? [pattern] : pattern.descendantsOfType('identifier');
      for (const id of ids) names!.set(id.text, names!.has(id.text) && names!.get(id.text) !== t ? null : t);
    };
    for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) if (p.type === 'parameter') declare(p.childForFieldName('pattern'), p.childForFieldName('type'));
    for (const l of fn.descendantsOfType('let_declaration')) declare(l.childForFieldName('pattern'), l.childForFieldName('type'));
    typedNames.set(fn, names);
  }
  return names.get(recv.text) ?? undefined;
}

/** `x.clone()` / `Arc::clone(&x)` bound by a simple `let`: the alias's declaration. */
function aliasOf(expr: Node): Declaration | null {
  let call: Node | null = null;
  if (expr.parent?.type === 'field_expression' && expr.parent.parent?.type === 'call_expression' && methodName(expr.parent.parent) === 'clone') call = expr.parent.parent;
  else if (expr.parent?.type === 'reference_expression' && expr.parent.parent?.type === 'arguments' && /(^|::)(Arc|Rc)::clone$/.test(expr.parent.parent.parent?.childForFieldName('function')?.text ?? '')) call = expr.parent.parent.parent;
  const letDecl = call?.parent;
  if (!call || letDecl?.type !== 'let_declaration' || letDecl.parent?.type !== 'block') return null;
  const pattern = letDecl.childForFieldName('pattern');
  const ident = patternIdentifier(pattern);
  if (ident?.type !== 'identifier') return null;
  return { kind: 'let', name: ident.text, node: letDecl, ident, type: null, value: call, scope: letDecl.parent, simple: true };
}

const LOCK_USE: Record<LockUse, FieldUseKind> = { read: 'lock-read', replace: 'lock-replace', mutate: 'lock-mutate' };

/** What a lock call does, for any guarded type: a lookup is a read only behind a std collection. */
function lockUse(call: Node): FieldUseKind {
  const plain = classifyLockCall(call, '');
  if (plain !== 'mutate') return LOCK_USE[plain];
  return classifyLockCall(call, 'HashMap') === 'read' ? 'lock-lookup' : 'lock-mutate';
}

/**
 * The uses one mention of a shared lock amounts to: a lock site, the uses of a `let` alias
 * (`let c = Arc::clone(&state.cache)`), or `other`. Exported for a rule judging a local binding.
 */
export function lockUsesOf(expr: Node, depth = 0): FieldUseKind[] {
  const p = expr.parent;
  if (p?.type === 'field_expression' && p.childForFieldName('value')?.id === expr.id && p.parent?.type === 'call_expression' && isLockCall(p.parent)) return [lockUse(p.parent)];
  const alias = depth < 3 ? aliasOf(expr) : null;
  if (!alias) return ['other'];
  return usesOf(alias).flatMap((u) => (u.inMacro ? ['other' as const] : lockUsesOf(u.node, depth + 1)));
}

/** Every field mention of a file (not method calls), aggregated by field, owner and use. */
export function fieldUseFacts(root: Node): FieldUseFact[] {
  const out = new Map<string, FieldUseFact>();
  const add = (field: string, owner: string | undefined, use: FieldUseKind, line: number) => {
    const key = `${field}|${owner ?? ''}|${use}`;
    const known = out.get(key);
    if (known) known.count++;
    else out.set(key, { field, ...(owner ? { owner } : {}), use, line, count: 1 });
  };
  for (const n of root.descendantsOfType(['field_expression', 'token_tree'])) {
    if (n.type === 'token_tree') {
      // Arguments of a known macro are parsed as expressions (their field expressions are met below); an
      // unknown macro's are tokens: any `.name` there may be anything (conservatively `other`).
      if (n.parent?.type !== 'macro_invocation' || n.descendantsOfType('field_expression').length) continue;
      for (const m of n.text.matchAll(/\.\s*([a-z_][a-z0-9_]*)\b(?!\s*[(!])/g)) add(m[1]!, undefined, 'other', n.startPosition.row + 1);
      continue;
    }
    const field = n.childForFieldName('field');
    if (field?.type !== 'field_identifier') continue;
    // `x.method(..)`: a method call, not a field.
    if (n.parent?.type === 'call_expression' && n.parent.childForFieldName('function')?.id === n.id) continue;
    const owner = ownerInFile(n.childForFieldName('value'));
    for (const use of new Set(lockUsesOf(n))) add(field.text, owner, use, n.startPosition.row + 1);
  }
  return [...out.values()];
}

/** The construction of a value, followed through wrappers, clones and one `let` of the same fn. */
export function constructionOf(expr: Node, imports: ImportMap, depth = 0): ConstructionFact | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let e = expr;
  while (e.type === 'try_expression' || e.type === 'parenthesized_expression' || e.type === 'reference_expression') e = e.namedChildren[e.namedChildren.length - 1]!;
  const { root, links } = methodChain(e);
  const names = links.map((l) => l.name);
  if (root.type === 'call_expression' && methodName(root) === null) {
    const path = imports.resolve(calleeText(root).replace(/\s+/g, '').replace(/::<[^>]*>/g, ''));
    const args = root.childForFieldName('arguments')?.namedChildren ?? [];
    const fact: ConstructionFact = { root: path, links: names, line: e.startPosition.row + 1, text: short(e) };
    const arg = args.length === 1 ? constructionOf(args[0]!, imports, depth + 1) : undefined;
    if (arg) fact.arg = arg;
    return fact;
  }
  if (!names.every((n) => n === 'clone' || n === 'into')) return undefined;
  if (root.type === 'identifier') {
    // The `let` the name resolves to by scope (not the last `let` of that name written above it).
    const decl = resolveBinding(root);
    return decl?.kind === 'let' && decl.value ? constructionOf(decl.value, imports, depth + 1) : undefined;
  }
  return undefined;
}

/** How struct expressions of a file initialise their fields, where the value is a construction (a call at the root). */
export function fieldInitFacts(root: Node, imports: ImportMap): FieldInitFact[] {
  const out: FieldInitFact[] = [];
  for (const s of root.descendantsOfType('struct_expression')) {
    const written = s.childForFieldName('name')?.text ?? '';
    const name = written === 'Self' ? implOwnerOf(s) : written.split('::').pop();
    if (!name) continue;
    for (const init of s.childForFieldName('body')?.namedChildren ?? []) {
      let field: string | undefined;
      let value: ConstructionFact | undefined;
      if (init.type === 'field_initializer') {
        field = init.childForFieldName('field')?.text;
        const v = init.childForFieldName('value');
        value = v ? constructionOf(v, imports) : undefined;
      } else if (init.type === 'shorthand_field_initializer' && init.namedChildren[0]) {
        field = init.namedChildren[0].text;
        value = constructionOf(init.namedChildren[0], imports);
      }
      if (field && value && (value.root.includes('::') || value.arg)) out.push({ struct: name, field, line: init.startPosition.row + 1, value });
    }
  }
  return out;
}

/** A construction with its wrappers peeled: `Arc::new(Client::new())` -> the `Client::new()` construction. */
export function unwrapShared(c: ConstructionFact): ConstructionFact {
  let cur = c;
  while (cur.arg && !cur.links.length && isSharingConstructor(cur.root)) cur = cur.arg;
  return cur;
}
