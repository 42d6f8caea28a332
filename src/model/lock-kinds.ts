/**
 * Which kind of lock a `.lock()` / `.read()` / `.write()` receiver is, blocking or async, from the
 * types written in the same file: struct field types (`self.cache`, `state.cache`), parameters, `let`
 * annotations and initialisers, statics and type aliases, all resolved through the file's `use` items
 * (`use std::sync::Mutex as StdMutex`, `use parking_lot::RwLock`, `use tokio::sync::*`); and, with the
 * crate model, from the types other files declare (crateFieldKind: `Arc<Mutex<T>>` in `state.rs`
 * locked in `routes/*.rs`, aliases of other modules, `use` renames and re-exports). The lock crates
 * are the catalogue's; what code does with a guard is locks.ts's fact.
 */
import type { ImportMap } from '../rust/imports.js';
import type { Node } from '../rust/parser.js';
import { ancestors, closest, descendants, findDescendants, patternIdentifier } from '../rust/syntax.js';
import { isLockTypeName, lockCrateKind } from '../catalogue/locks.js';
import type { FileModel } from './index.js';
import { ownerOf } from './fields.js';

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

  /** `model`: the crate model of the review; without it only this file's types are read. */
  constructor(root: Node, private readonly imports: ImportMap, private readonly model?: FileModel) {
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
      const local = kinds.find((k) => k.kind === 'sync');
      if (local) return local;
      return this.model ? crateFieldKind(this.model, expr) : { kind: 'unknown' };
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
        const bound = patternIdentifier(pat)?.text ?? null;
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

/** The inline modules (`mod a { mod b { .. } }`) around a node, outermost first. */
function inlineModuleOf(node: Node): string[] {
  const out: string[] = [];
  for (const a of ancestors(node)) if (a.type === 'mod_item') out.unshift(a.childForFieldName('name')?.text ?? '');
  return out;
}

const TYPE_PATH = /[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*/g;

/**
 * The lock kind a type, as written in `crate`'s `module`, names (the outermost lock wins): its paths
 * followed through the crate's `use` items to another crate's path the catalogue knows, and through
 * type aliases of any module (`type Shared = Arc<Mutex<Cache>>` in `state.rs`).
 */
function kindOfWrittenType(model: FileModel, crate: string, module: readonly string[], type: string, depth = 0): LockKind {
  const index = model.index;
  for (const written of type.match(TYPE_PATH) ?? []) {
    const r = index.resolve(crate, module, written);
    if (r?.name && !r.name.includes('::')) {
      // The crate's own type: an alias leads on (bounded), anything else is not a lock.
      if (depth >= 3) continue;
      const at = r.module.join('::');
      const alias = index.typesNamed(r.crate, r.name).find((t) => t.type.kind === 'alias' && t.type.target && index.moduleAt(t.file, t.type.module).join('::') === at);
      if (alias) {
        const k = kindOfWrittenType(model, r.crate, index.moduleAt(alias.file, alias.type.module), alias.type.target!, depth + 1);
        if (k.kind !== 'unknown') return k;
      }
      continue;
    }
    for (const full of index.externalPaths(crate, module, written)) {
      // A lock type of a lock crate (`std::sync::Arc` is of the crate, not a lock).
      if (!isLockTypeName(full.split('::').pop() ?? '')) continue;
      const k = classifyPath(full);
      if (k.kind !== 'unknown') return k;
      // `use std::sync;` then `sync::Mutex`.
      if (/^sync::/.test(full) && isLockTypeName(full.split('::').pop() ?? '')) return { kind: 'sync', path: `std::${full}` };
    }
  }
  return { kind: 'unknown' };
}

/** The lock kind of a field of a struct of the crate, read in the struct's own module. */
function kindOfField(model: FileModel, crate: string, s: { file: { path: string }; struct: { module: string[] } }, type: string): LockKind {
  return kindOfWrittenType(model, crate, [...model.index.moduleOfFile(s.file.path), ...s.struct.module], type);
}

/**
 * The kind of lock `recv.field` is, from the structs the crate declares in any file: the receiver's
 * own struct when the code says its type (`self` in `impl AppState`, `State(state): State<AppState>`,
 * resolved through the file's `use`s), else every struct of the crate with a field of that name, when
 * they agree (one async lock among them is enough to stay silent: it may be the one locked).
 */
function crateFieldKind(model: FileModel, expr: Node): LockKind {
  const field = expr.childForFieldName('field')?.text;
  if (!field) return { kind: 'unknown' };
  const index = model.index;
  const crate = model.crate;
  const owner = ownerOf(expr.childForFieldName('value'));
  if (owner) {
    const s = index.structAt(crate, index.moduleAt(model.file, inlineModuleOf(expr)), owner);
    const f = s?.struct.fields.find((x) => x.name === field);
    if (s && f) return kindOfField(model, s.crate, s, f.type);
  }
  let byName = fieldKindsByName.get(index);
  if (!byName) fieldKindsByName.set(index, (byName = new Map()));
  const key = `${crate}|${field}`;
  let kind = byName.get(key);
  if (!kind) byName.set(key, (kind = fieldKindByName(model, crate, field)));
  return kind;
}

/** Per crate index, `crate|field` -> the kind every field of that name agrees on (a whole tree asks once per name). */
const fieldKindsByName = new WeakMap<object, Map<string, LockKind>>();

function fieldKindByName(model: FileModel, crate: string, field: string): LockKind {
  let sync: LockKind | undefined;
  for (const s of model.index.allStructs()) {
    if (s.crate !== crate) continue;
    for (const f of s.struct.fields) {
      if (f.name !== field) continue;
      const k = kindOfField(model, s.crate, s, f.type);
      if (k.kind === 'async') return k;
      // A field of that name that is no lock we know: the receiver may be that one.
      if (k.kind === 'unknown') return k;
      sync ??= k;
    }
  }
  return sync ?? { kind: 'unknown' };
}
