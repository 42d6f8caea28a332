/**
 * What kind of value an expression is, when the file says so: string and slice shapes for the
 * allocation rules, and the declared type behind an identifier or `self.field`.
 */
import type { Node } from '../rust/parser.js';
import { methodName, methodReceiver } from '../rust/syntax.js';
import { macroName } from '../rust/macros.js';
import { resolveBinding, type Declaration } from './bindings.js';
import { implOwnerOf } from './impl-owner.js';
import { derefType, typeArgs, typeHead, type StructIndex } from './clone-cost.js';
import { isWrapperType, STR_RETURNING_METHODS, STRING_RETURNING_METHODS } from '../catalogue/values.js';

/** `PathBuf` / `OsString`: the owned path and OS string types, whose `clone()` copies what `&Path` / `&OsStr` view. */
export type ValueShape = 'str' | 'String' | 'slice' | 'Vec' | 'Path' | 'OsStr' | 'CStr' | 'PathBuf' | 'OsString';


/** Shape of a type node: `&str`, `String`, `&[T]`, `Vec<T>`, `&'a String`... */
export function shapeOfType(type: Node | null): ValueShape | null {
  const t = derefType(type);
  if (!t) return null;
  const head = typeHead(t);
  if (t.type === 'primitive_type' && t.text === 'str') return 'str';
  if (head === 'String') return 'String';
  if (head === 'Cow' && typeArgs(t)[0]?.text === 'str') return 'str';
  if (head === 'Box' && typeArgs(t)[0]?.text === 'str') return 'str';
  if (t.type === 'array_type') return 'slice';
  if (head === 'Vec') return 'Vec';
  if (head === 'PathBuf' || head === 'OsString') return head;
  // Borrowed path and C/OS string types (`&Path`): their `to_owned()` is a `PathBuf` / `OsString` / `CString`.
  if (type?.type === 'reference_type' && (head === 'Path' || head === 'OsStr' || head === 'CStr')) return head;
  return null;
}

/** Shape of a type written as text (a field type from the model of the crate). */
export function shapeOfTypeText(text: string): ValueShape | null {
  const t = text.replace(/^&\s*('\w+\s+)?(mut\s+)?/, '').trim();
  if (t === 'str' || /^(Box|Cow<'\w+,)\s*<?\s*str\s*>$/.test(t)) return 'str';
  if (/^(std::string::)?String$/.test(t)) return 'String';
  if (/^(std::vec::)?Vec\s*</.test(t)) return 'Vec';
  const owned = /^(?:std::(?:path|ffi)::)?(PathBuf|OsString)$/.exec(t);
  if (owned) return owned[1] as ValueShape;
  if (/^\[[^\]]+\]$/.test(t)) return 'slice';
  if (text.trim().startsWith('&') && /^(std::path::)?Path$/.test(t)) return 'Path';
  return null;
}

/**
 * The shape of `value.field` when `value`'s type is not evident but every struct of the crate with a
 * field of that name agrees on its shape (`inserted.actor_id` where each struct's `actor_id` is a `String`).
 */
export function shapeOfFieldByName(expr: Node, fieldTypes: (field: string) => readonly string[]): ValueShape | null {
  if (expr.type !== 'field_expression') return null;
  const field = expr.childForFieldName('field');
  if (field?.type !== 'field_identifier') return null;
  const shapes = fieldTypes(field.text).map(shapeOfTypeText);
  return shapes.length && shapes.every((s) => s && s === shapes[0]) ? shapes[0]! : null;
}

/** The declaration's type as written, or as evident from its initial value. */
export function shapeOfDeclaration(decl: Declaration): ValueShape | null {
  if (decl.type) return shapeOfType(decl.type);
  if (decl.kind === 'let' && decl.value) return shapeOfExpr(decl.value, undefined, false);
  return null;
}

/** The shape of an expression, following identifiers to their declarations. */
export function shapeOfExpr(expr: Node, structs?: StructIndex, follow = true): ValueShape | null {
  switch (expr.type) {
    case 'string_literal':
    case 'raw_string_literal':
      return 'str';
    case 'identifier': {
      if (!follow) return null;
      const decl = resolveBinding(expr);
      return decl?.simple ? shapeOfDeclaration(decl) : null;
    }
    case 'field_expression': {
      const field = structs && selfFieldType(expr, structs);
      return field ? shapeOfType(field) : null;
    }
    case 'reference_expression': {
      const inner = expr.childForFieldName('value');
      return inner ? shapeOfExpr(inner, structs, follow) : null;
    }
    case 'array_expression':
      return 'slice';
    case 'index_expression': {
      // `&items[..]`, `&items[1..]`: a slice of an array, slice or Vec.
      const [base, index] = expr.namedChildren;
      // The base is followed even from a declaration (`let some = &names[..1]`): a let names an earlier value.
      const baseShape = base ? shapeOfExpr(base, structs, true) : null;
      return index?.type === 'range_expression' && (baseShape === 'slice' || baseShape === 'Vec') ? 'slice' : null;
    }
    case 'macro_invocation': {
      const name = macroName(expr);
      if (name === 'format') return 'String';
      if (name === 'vec') return 'Vec';
      return null;
    }
    case 'call_expression': {
      const method = methodName(expr);
      if (method && STR_RETURNING_METHODS.has(method)) {
        const recv = methodReceiver(expr);
        // `as_ref` is everywhere; trust it only on something already string-like.
        if (method === 'as_ref' && !(recv && shapeOfExpr(recv, structs, follow))) return null;
        return 'str';
      }
      if (method && STRING_RETURNING_METHODS.has(method)) {
        const recv = methodReceiver(expr);
        const r = recv ? shapeOfExpr(recv, structs, follow) : null;
        return r === 'str' || r === 'String' ? 'String' : null;
      }
      const callee = expr.childForFieldName('function')?.text ?? '';
      if (/^(std::string::)?String::(from|new|with_capacity)$/.test(callee)) return 'String';
      // `Path::new("..")`, `OsStr::new(..)`, `CStr::from_bytes_with_nul(..).unwrap()`: borrowed views.
      const view = /^(?:std::(?:path|ffi)::)?(Path|OsStr)::new$/.exec(callee);
      if (view) return view[1] as ValueShape;
      if ((method === 'unwrap' || method === 'expect') && /^(?:std::ffi::)?CStr::from_bytes_with_nul$/.test(methodReceiver(expr)?.childForFieldName('function')?.text ?? '')) return 'CStr';
      if (/^(std::vec::)?Vec::(new|with_capacity)$/.test(callee)) return 'Vec';
      if (method === 'collect' && /::<\s*Vec\b/.test(expr.childForFieldName('function')?.text ?? '')) return 'Vec';
      return null;
    }
  }
  return null;
}

/** The declared type of `self.field` from the struct that the enclosing `impl` is for. */
export function selfFieldType(expr: Node, structs: StructIndex): Node | null {
  if (expr.type !== 'field_expression' || expr.childForFieldName('value')?.type !== 'self') return null;
  const field = expr.childForFieldName('field')?.text;
  return structs.get(implOwnerOf(expr) ?? '')?.fields.find((f) => f.name === field)?.type ?? null;
}

/** The struct type an expression evidently has: `S { .. }`, `S::new(..)`, `Arc::new(S ..)`, a binding of those, `self`. */
export function structNameOf(expr: Node | null, depth = 0): string | null {
  if (!expr || depth > 4) return null;
  switch (expr.type) {
    case 'struct_expression': {
      const name = typeHead(expr.childForFieldName('name'));
      return name === 'Self' ? implTypeName(expr) : name;
    }
    case 'self':
      return implTypeName(expr);
    case 'identifier': {
      const decl = resolveBinding(expr);
      if (!decl?.simple) return null;
      if (decl.type) {
        const t = typeHead(decl.type) === 'Arc' ? typeArgs(decl.type)[0] : decl.type;
        return t ? typeHead(t) || null : null;
      }
      return structNameOf(decl.value, depth + 1);
    }
    case 'call_expression': {
      const method = methodName(expr);
      if (method === 'clone') return structNameOf(methodReceiver(expr), depth + 1);
      const callee = expr.childForFieldName('function')?.text ?? '';
      const m = /(?:^|::)([A-Z]\w*)::\w+$/.exec(callee);
      if (!m) return null;
      if (isWrapperType(m[1]!)) return structNameOf(expr.childForFieldName('arguments')?.namedChildren[0] ?? null, depth + 1);
      return m[1] === 'Self' ? implTypeName(expr) : m[1]!;
    }
    case 'try_expression':
    case 'await_expression':
      return structNameOf(expr.namedChildren[0] ?? null, depth + 1);
  }
  return null;
}

/** The type of the `impl` around a node (impl-owner.ts), or null. */
export function implTypeName(node: Node): string | null {
  return implOwnerOf(node) ?? null;
}
