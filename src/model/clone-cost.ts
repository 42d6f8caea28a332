/**
 * Syntax-only type knowledge: which types are cheap to clone (handles,
 * pointers, Copy values), which are heavy (owned collections and strings), and what the structs
 * declared in a file hold. Without a type checker this is all we can know, so every answer has an
 * `unknown`, and rules stay silent on it.
 */
import { NodeMemo, type Node } from '../rust/parser.js';
import { attributeText, attributesOf } from '../rust/syntax.js';
import { namesHandleType } from '../catalogue/naming.js';
import { isCheapCloneType, isCloneTransparentType, isHeavyContainerType, isOwnedTextType, isPrimitiveTypeName } from '../catalogue/types.js';

export type Cost = 'cheap' | 'heavy' | 'unknown';

/** A type named like a handle or a shared pointer, whose clone is cheap by design (the catalogue's types, or a handle's name shape: `DbPool`, `HttpClient`, `EventsTx`). */
export const isHandleName = (name: string): boolean => isCheapCloneType(name) || namesHandleType(name);


/** The last path segment of a type: `web::Data<T>` -> `Data`, `&Vec<u8>` -> `&`. */
export function typeHead(type: Node | null | undefined): string {
  if (!type) return '';
  switch (type.type) {
    case 'generic_type':
      return typeHead(type.childForFieldName('type'));
    case 'scoped_type_identifier':
      return type.childForFieldName('name')?.text ?? '';
    case 'type_identifier':
    case 'primitive_type':
      return type.text;
    case 'reference_type':
      return '&';
    default:
      return type.type;
  }
}

/** The type arguments of `G<A, B>` (types only, no lifetimes or bindings). */
export function typeArgs(type: Node | null | undefined): Node[] {
  if (type?.type !== 'generic_type') return [];
  const args = type.childForFieldName('type_arguments');
  return args ? args.namedChildren.filter((c) => c.type !== 'lifetime' && c.type !== 'type_binding' && !c.type.endsWith('comment')) : [];
}

export interface FieldInfo {
  name: string;
  type: Node;
  decl: Node;
}

export interface StructInfo {
  name: string;
  node: Node;
  fields: FieldInfo[];
  derives: string[];
}

const structIndexes = new NodeMemo<StructIndex>();

/** Structs declared in a file, by name. */
export class StructIndex {
  readonly structs = new Map<string, StructInfo>();

  /** Built once per root and shared by every rule (callers must not mutate it: `merge` into a new index). */
  static of(root: Node): StructIndex {
    let index = structIndexes.get(root);
    if (index) return index;
    index = new StructIndex();
    for (const n of root.descendantsOfType('struct_item')) index.add(n);
    structIndexes.set(root, index);
    return index;
  }

  add(node: Node): void {
    const name = node.childForFieldName('name')?.text;
    if (!name) return;
    const fields: FieldInfo[] = [];
    const body = node.childForFieldName('body');
    if (body?.type === 'field_declaration_list') {
      for (const f of body.namedChildren) {
        const fname = f.childForFieldName('name')?.text;
        const ftype = f.childForFieldName('type');
        if (f.type === 'field_declaration' && fname && ftype) fields.push({ name: fname, type: ftype, decl: f });
      }
    } else if (body?.type === 'ordered_field_declaration_list') {
      body.namedChildren.filter((c) => c.type.endsWith('type') || c.type === 'type_identifier').forEach((t, i) => fields.push({ name: String(i), type: t, decl: t }));
    }
    const derives = attributesOf(node)
      .map(attributeText)
      .filter((t) => /^derive\s*\(/.test(t))
      .flatMap((t) => t.replace(/^derive\s*\(|\)$/g, '').split(',').map((s) => s.trim().split('::').pop()!));
    this.structs.set(name, { name, node, fields, derives });
  }

  get(name: string): StructInfo | undefined {
    return this.structs.get(name);
  }

  merge(other: StructIndex): void {
    for (const [k, v] of other.structs) if (!this.structs.has(k)) this.structs.set(k, v);
  }
}

/**
 * How expensive a clone of a value of this type is. `heavy` means it copies owned heap data
 * (collections, strings, or a local struct holding them); `unknown` for types declared elsewhere.
 */
export function cloneCost(type: Node | null | undefined, index?: StructIndex, depth = 0, bulkOnly = false): Cost {
  if (!type) return 'unknown';
  switch (type.type) {
    case 'reference_type':
    case 'pointer_type':
    case 'function_type':
    case 'never_type':
    case 'unit_type':
      return 'cheap';
    case 'primitive_type':
      return 'cheap';
    case 'array_type':
      return cloneCost(type.childForFieldName('element'), index, depth, bulkOnly);
    case 'tuple_type': {
      const costs = type.namedChildren.map((c) => cloneCost(c, index, depth, bulkOnly));
      return costs.includes('heavy') ? 'heavy' : costs.every((c) => c === 'cheap') ? 'cheap' : 'unknown';
    }
  }
  const head = typeHead(type);
  if (isPrimitiveTypeName(head)) return 'cheap';
  if (isCloneTransparentType(head)) {
    const inner = typeArgs(type)[0];
    return inner ? cloneCost(inner, index, depth, bulkOnly) : 'unknown';
  }
  if (isOwnedTextType(head)) return bulkOnly ? 'cheap' : 'heavy';
  if (isHeavyContainerType(head)) return 'heavy';
  if (isHandleName(head)) return 'cheap';
  const local = index?.get(head);
  if (local && depth < 4) return structCost(local, index!, depth + 1, bulkOnly);
  return 'unknown';
}

/** A struct is cheap when every field is, heavy when one field is. */
export function structCost(info: StructInfo, index: StructIndex, depth = 0, bulkOnly = false): Cost {
  if (info.derives.includes('Copy')) return 'cheap';
  let unknown = false;
  for (const f of info.fields) {
    const c = cloneCost(f.type, index, depth, bulkOnly);
    if (c === 'heavy') return 'heavy';
    if (c === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'cheap';
}

/** The field that makes a struct heavy, for messages ("`index: SearchIndex`"). */
export function heavyField(info: StructInfo, index: StructIndex, bulkOnly = false): FieldInfo | undefined {
  return info.fields.find((f) => cloneCost(f.type, index, 1, bulkOnly) === 'heavy');
}

/** Strips `&`, `&mut` and lifetimes: `&'a mut Vec<T>` -> `Vec<T>`. */
export function derefType(type: Node | null | undefined): Node | null {
  let t = type ?? null;
  while (t?.type === 'reference_type') t = t.childForFieldName('type');
  return t;
}

