/**
 * Loops over the values of a fieldless enum (`for alg in algorithms` with `algorithms: impl
 * Iterator<Item = Compression>`, a `HashSet<Status>`): what they walk is a handful of variants,
 * known when the program was compiled, never rows of data. From the written type of what the loop
 * walks (a parameter's, a `let`'s annotation, a generic parameter's `Item = ..` bound) and the
 * enums the workspace declares, resolved through the file's `use`s (into another member too).
 */
import type { Node } from '../rust/parser.js';
import { methodName, methodReceiver } from '../rust/syntax.js';
import { ITERATION_ADAPTERS } from '../catalogue/values.js';
import { resolveBinding } from './bindings.js';
import type { FileModel } from './index.js';

/** `Vec<T>`, `HashSet<T>`, `&[T]`, `[T; N]`, `impl Iterator<Item = T>`, `I` with `I: IntoIterator<Item = T>`: the `T`. */
function elementType(type: string, fn: Node | null): string | undefined {
  let t = type.replace(/\s+/g, ' ').trim().replace(/^&\s*('\w+\s+)?(mut\s+)?/, '');
  const item = /\bItem\s*=\s*([\w:]+)\s*>/.exec(t);
  if (item) return item[1];
  if (/^[A-Z]\w*$/.test(t) && fn) {
    // A generic parameter: its bound in `<I: Iterator<Item = T>>` or `where I: IntoIterator<Item = T>`.
    const bounds = [fn.childForFieldName('type_parameters')?.text ?? '', ...fn.namedChildren.filter((c) => c.type === 'where_clause').map((c) => c.text)].join(' ');
    const bound = new RegExp(`\\b${t}\\s*:[^,>]*?\\bItem\\s*=\\s*([\\w:]+)\\s*>`).exec(bounds.replace(/\s+/g, ' '));
    return bound?.[1];
  }
  const slice = /^\[\s*([\w:]+)\s*(;[^\]]*)?\]$/.exec(t);
  if (slice) return slice[1];
  const collection = /^(?:[\w:]*::)?(?:Vec|VecDeque|HashSet|BTreeSet|IndexSet|SmallVec)\s*<\s*([\w:]+)\s*(?:,[^>]*)?>$/.exec(t);
  return collection?.[1];
}

/** The fn item around a node. */
function fnAround(node: Node): Node | null {
  for (let a = node.parent; a; a = a.parent) if (a.type === 'function_item') return a;
  return null;
}

/** Whether a `for` loop walks values of a fieldless enum the workspace declares. */
export function walksEnumVariants(loop: Node, file: FileModel): boolean {
  if (loop.type !== 'for_expression') return false;
  let value = loop.childForFieldName('value');
  while (value) {
    if (value.type === 'reference_expression' || value.type === 'parenthesized_expression') value = value.namedChildren[value.namedChildren.length - 1] ?? null;
    else if (value.type === 'call_expression' && ITERATION_ADAPTERS.has(methodName(value) ?? '') && !(value.childForFieldName('arguments')?.namedChildren.length)) value = methodReceiver(value);
    else break;
  }
  if (value?.type !== 'identifier') return false;
  const decl = resolveBinding(value);
  const written = decl?.type?.text;
  if (!decl || !written || (decl.kind !== 'param' && decl.kind !== 'let')) return false;
  const fn = fnAround(loop);
  const element = elementType(written, fn);
  if (!element || !fn) return false;
  const ref = file.fnOf(fn);
  return !!ref && file.isFieldlessEnum(element, ref.fn.module);
}
