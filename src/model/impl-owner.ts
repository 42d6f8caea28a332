/**
 * Which type an `impl` block belongs to, asked once for the model and every rule: `Invoice` for
 * `impl Invoice`, `impl<T> Invoice<T>` and `impl Display for billing::Invoice` (the last path
 * segment, generics dropped), as the crate index names structs and enums, so an impl's owner and
 * a struct's name compare equal. A type that is no path (`&'a T`, `(A, B)`, `dyn Trait`) keeps its
 * text and names no struct. The trait of `impl Trait for T` is read the same way.
 */
import type { Node } from '../rust/parser.js';

/** A type's name without generics and path: `Invoice` of `billing::Invoice<T>`. */
function namedType(t: Node | null | undefined): string | undefined {
  if (!t) return undefined;
  if (t.type === 'generic_type') return namedType(t.childForFieldName('type'));
  if (t.type === 'scoped_type_identifier') return t.childForFieldName('name')?.text;
  return t.text;
}

/** The type `impl` is for: `Invoice` of `impl<T> fmt::Display for billing::Invoice<T>`. */
export function implOwnerName(impl: Node): string | undefined {
  return namedType(impl.childForFieldName('type'));
}

/** The trait `impl` implements (`Display` of `impl fmt::Display for Invoice`), or undefined for an inherent impl. */
export function implTraitName(impl: Node): string | undefined {
  return namedType(impl.childForFieldName('trait'));
}

/** The nearest `impl` block around a node (its methods' bodies included), or null. */
export function enclosingImpl(node: Node): Node | null {
  for (let a = node.parent; a; a = a.parent) if (a.type === 'impl_item') return a;
  return null;
}

/** The type of the nearest `impl` around a node: what `self` and `Self` are there. */
export function implOwnerOf(node: Node): string | undefined {
  const impl = enclosingImpl(node);
  return impl ? implOwnerName(impl) : undefined;
}
