/**
 * Which kind of lock a `.lock()` / `.read()` / `.write()` receiver is, blocking or async, from the
 * types written in the same file: struct field types (`self.cache`, `state.cache`), parameters, `let`
 * annotations and initialisers, statics and type aliases, all resolved through the file's `use` items
 * (`use std::sync::Mutex as StdMutex`, `use parking_lot::RwLock`, `use tokio::sync::*`). The lock
 * crates are the catalogue's; what code does with a guard is locks.ts's fact.
 */
import type { ImportMap } from '../rust/imports.js';
import type { Node } from '../rust/parser.js';
import { closest, descendants, findDescendants } from '../rust/syntax.js';
import { isLockTypeName, lockCrateKind } from '../catalogue/locks.js';

export type LockKind =
  /** A blocking lock (std, parking_lot, spin): its guard must not live across `.await`. */
  | { kind: 'sync'; path: string }
  /** An async lock (tokio, futures, async-lock, async-std): fine to hold across `.await`. */
  | { kind: 'async'; path: string }
  | { kind: 'unknown' };

function classifyPath(full: string): LockKind {
  const kind = lockCrateKind(full);
  return kind ? { kind, path: full } : { kind: 'unknown' };
}

/** Classifies a lock type name as written (`Mutex`, `StdMutex`, `parking_lot::RwLock`, `tokio::sync::Mutex`). */
export function classifyLockName(written: string, imports: ImportMap): LockKind {
  const full = imports.resolve(written);
  const direct = classifyPath(full);
  if (direct.kind !== 'unknown') return direct;
  const last = full.split('::').pop() ?? '';
  for (const g of imports.globs) {
    const viaGlob = classifyPath(`${g}::${full}`);
    if (viaGlob.kind !== 'unknown') return viaGlob;
  }
  // `std::sync::Mutex` can also be written after `use std::sync;` as `sync::Mutex`.
  if (/^sync::/.test(full) && isLockTypeName(last)) return { kind: 'sync', path: `std::${full}` };
  return { kind: 'unknown' };
}

export class LockTypes {
  private readonly fieldTypes = new Map<string, Node[]>();
  private readonly aliases = new Map<string, Node>();
  private readonly statics = new Map<string, Node>();

  constructor(root: Node, private readonly imports: ImportMap) {
    for (const d of descendants(root)) {
      if (d.type === 'field_declaration') {
        const name = d.childForFieldName('name')?.text;
        const type = d.childForFieldName('type');
        if (name && type) this.fieldTypes.set(name, [...(this.fieldTypes.get(name) ?? []), type]);
      } else if (d.type === 'type_item') {
        const name = d.childForFieldName('name')?.text;
        const type = d.childForFieldName('type');
        if (name && type) this.aliases.set(name, type);
      } else if (d.type === 'static_item' || d.type === 'const_item') {
        const name = d.childForFieldName('name')?.text;
        const type = d.childForFieldName('type');
        if (name && type) this.statics.set(name, type);
      }
    }
  }

  /** The lock kind named anywhere inside a type or initialiser expression (the outermost lock wins). */
  private classifyTypeNode(node: Node, depth = 0): LockKind {
    const candidates = [node, ...descendants(node)].filter(
      (n) => n.type === 'type_identifier' || n.type === 'scoped_type_identifier' || n.type === 'identifier' || n.type === 'scoped_identifier',
    );
    for (const c of candidates) {
      // `Mutex::new(..)` in an initialiser is a scoped_identifier whose path names the type.
      const written = c.type === 'scoped_identifier' && /::(new|default|const_new)$/.test(c.text) ? c.text.replace(/::\w+$/, '') : c.text;
      const last = written.split('::').pop() ?? '';
      const alias = this.aliases.get(written);
      if (alias && depth < 3) {
        const k = this.classifyTypeNode(alias, depth + 1);
        if (k.kind !== 'unknown') return k;
      }
      if (!isLockTypeName(last) && !isLockTypeName(this.imports.resolve(written).split("::").pop() ?? "")) continue;
      const k = classifyLockName(written, this.imports);
      if (k.kind !== 'unknown') return k;
    }
    return { kind: 'unknown' };
  }

  /** What the receiver of `.lock()` is, as far as the file says. */
  classifyReceiver(receiver: Node, depth = 0): LockKind {
    if (depth > 3) return { kind: 'unknown' };
    let expr = receiver;
    while (expr.type === 'parenthesized_expression' || expr.type === 'reference_expression' || expr.type === 'unary_expression') {
      const inner = expr.namedChildren[expr.namedChildren.length - 1];
      if (!inner) break;
      expr = inner;
    }
    if (expr.type === 'field_expression') {
      const field = expr.childForFieldName('field')?.text ?? '';
      const types = this.fieldTypes.get(field) ?? [];
      const kinds = types.map((t) => this.classifyTypeNode(t));
      if (kinds.some((k) => k.kind === 'async')) return kinds.find((k) => k.kind === 'async')!;
      return kinds.find((k) => k.kind === 'sync') ?? { kind: 'unknown' };
    }
    if (expr.type === 'identifier') return this.classifyLocal(expr, depth);
    if (expr.type === 'call_expression') {
      // `state.cache.clone().lock()` / `Arc::clone(&self.cache).lock()`: look through the clone.
      const fn = expr.childForFieldName('function');
      if (fn?.type === 'field_expression' && /^(clone|as_ref|deref)$/.test(fn.childForFieldName('field')?.text ?? '')) {
        const inner = fn.childForFieldName('value');
        if (inner) return this.classifyReceiver(inner, depth + 1);
      }
      const arg = expr.childForFieldName('arguments')?.namedChildren[0];
      if (fn && /(^|::)clone$/.test(fn.text) && arg) return this.classifyReceiver(arg, depth + 1);
    }
    return { kind: 'unknown' };
  }

  /** A local binding, a parameter or a static named like the receiver. */
  private classifyLocal(ident: Node, depth: number): LockKind {
    const name = ident.text;
    const fn = closest(ident, 'function_item');
    if (fn) {
      for (const p of findDescendants(fn.childForFieldName('parameters') ?? fn, 'parameter')) {
        const pat = p.childForFieldName('pattern');
        if (pat && findDescendants(pat, 'identifier').concat(pat.type === 'identifier' ? [pat] : []).some((i) => i.text === name)) {
          const type = p.childForFieldName('type');
          if (type) return this.classifyTypeNode(type);
        }
      }
      const body = fn.childForFieldName('body');
      const lets = body ? findDescendants(body, 'let_declaration').filter((l) => l.startIndex < ident.startIndex) : [];
      for (const l of lets.reverse()) {
        const pat = l.childForFieldName('pattern');
        const bound = pat?.type === 'identifier' ? pat.text : pat?.type === 'mut_pattern' ? pat.namedChildren[0]?.text : null;
        if (bound !== name) continue;
        const type = l.childForFieldName('type');
        if (type) return this.classifyTypeNode(type);
        const value = l.childForFieldName('value');
        if (!value) return { kind: 'unknown' };
        const fromInit = this.classifyTypeNode(value);
        if (fromInit.kind !== 'unknown') return fromInit;
        return this.classifyReceiver(value, depth + 1);
      }
    }
    const staticType = this.statics.get(name);
    return staticType ? this.classifyTypeNode(staticType) : { kind: 'unknown' };
  }

  /** What the file's imports alone say a bare `Mutex` / `RwLock` is. */
  importedKind(typeName: 'Mutex' | 'RwLock'): LockKind {
    if (!this.imports.names.has(typeName) && !this.imports.globs.length) return { kind: 'unknown' };
    return classifyLockName(typeName, this.imports);
  }
}
