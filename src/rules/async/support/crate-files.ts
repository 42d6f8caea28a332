/**
 * Navigating a crate by syntax: other files are reached through `use crate::a::b::Type` (-> the
 * module file `src/a/b.rs` or `src/a/b/mod.rs`), types through the `impl` around `self` or the
 * parameter types of a fn (`State(state): State<AppState>` -> `AppState`).
 */
import { ImportMap } from '../../../rust/imports.js';
import type { Node } from '../../../rust/parser.js';
import { ancestors, findDescendants } from '../../../rust/syntax.js';
import { enclosingFn } from './context.js';

export interface ParsedFile {
  path: string;
  root: Node;
  imports: ImportMap;
}

/** A file loader for other files of the crate (returns null when absent). */
export type FileLoader = (path: string) => Promise<ParsedFile | null>;

/** A caching loader over a change rule's head tree (each file parsed at most once). */
export function headLoader(ctx: { readHead(path: string): Promise<string | undefined>; parse(source: string): Node }): FileLoader {
  const cache = new Map<string, Promise<ParsedFile | null>>();
  return (path) => {
    let p = cache.get(path);
    if (!p) {
      p = ctx.readHead(path).then((src) => {
        if (src === undefined) return null;
        const root = ctx.parse(src);
        return { path, root, imports: ImportMap.fromRoot(root) };
      });
      cache.set(path, p);
    }
    return p;
  };
}

/** Extractor and smart-pointer wrappers: the interesting type is inside them. */
const WRAPPER_TYPES = new Set(['State', 'Data', 'Arc', 'Rc', 'Box', 'Extension', 'Option', 'Json', 'Path', 'Query', 'Form', 'Self', 'Mutex', 'RwLock']);

/** The last non-wrapper type name in a type: `web::Data<AppState>` -> `AppState`, `Arc<Mailer>` -> `Mailer`. */
export function innerTypeName(type: Node): string | null {
  const names = [type, ...findDescendants(type, 'type_identifier')].filter((t) => t.type === 'type_identifier').map((t) => t.text);
  return names.filter((n) => !WRAPPER_TYPES.has(n)).pop() ?? null;
}

/** The type name of the `impl` block around a node. */
export function implTypeOf(node: Node): string | null {
  for (const a of ancestors(node)) {
    if (a.type === 'impl_item') {
      const t = a.childForFieldName('type');
      return t ? (t.type === 'generic_type' ? t.childForFieldName('type')?.text ?? null : t.text) : null;
    }
  }
  return null;
}

/** The app-state type of an expression's root binding: `self` -> impl type, `state: State<AppState>` -> `AppState`. */
export function ownerType(root: Node): string | null {
  if (root.type === 'self') return implTypeOf(root);
  if (root.type !== 'identifier') return null;
  const fn = enclosingFn(root);
  for (const p of findDescendants(fn?.childForFieldName('parameters') ?? root, 'parameter')) {
    const pat = p.childForFieldName('pattern');
    const bound = pat && (pat.type === 'identifier' ? [pat] : findDescendants(pat, 'identifier'));
    if (!bound?.some((b) => b.text === root.text)) continue;
    const type = p.childForFieldName('type');
    if (!type) return null;
    return innerTypeName(type);
  }
  return null;
}

/** Candidate files of a `crate::a::b::Type` path, relative to the crate's `src/` folder. */
export function moduleFiles(fullPath: string, fromPath: string): string[] {
  const segs = fullPath.split('::');
  if (segs[0] !== 'crate' || segs.length < 3) return [];
  const srcRoot = /^(.*?\bsrc\/)/.exec(fromPath)?.[1] ?? 'src/';
  const mod = segs.slice(1, -1).join('/');
  return [`${srcRoot}${mod}.rs`, `${srcRoot}${mod}/mod.rs`];
}


/** Whether a file defines (or implements) the type `name`. */
export function definesType(file: ParsedFile, name: string): boolean {
  return findDescendants(file.root, ['struct_item', 'enum_item', 'impl_item']).some((d) => {
    if (d.type === 'impl_item') {
      const t = d.childForFieldName('type');
      return (t?.type === 'generic_type' ? t.childForFieldName('type')?.text : t?.text) === name;
    }
    return d.childForFieldName('name')?.text === name;
  });
}

/** The file defining type `name` as seen from `from`: `from` itself, or the module its `use` points at. */
export async function fileDefining(name: string, from: ParsedFile, load: FileLoader): Promise<ParsedFile | null> {
  if (definesType(from, name)) return from;
  for (const candidate of moduleFiles(from.imports.resolve(name), from.path)) {
    const other = await load(candidate);
    if (other && definesType(other, name)) return other;
  }
  return null;
}

/** The declared type of field `field` of struct `typeName` in `file`. */
export function fieldType(file: ParsedFile, typeName: string, field: string): Node | null {
  for (const s of findDescendants(file.root, 'struct_item')) {
    if (s.childForFieldName('name')?.text !== typeName) continue;
    for (const f of findDescendants(s, 'field_declaration')) {
      if (f.childForFieldName('name')?.text === field) return f.childForFieldName('type');
    }
  }
  return null;
}
