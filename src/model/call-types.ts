/**
 * The type of the value a call returns, from its callee's declared return type: `let app = req.app();`
 * is what `app()` declares (`&Arc<App>`: an `App`), `let user = repo.find(id).await?;` the `T` of its
 * `Result<Option<T>>` once `?` and `.ok_or(..)?` took it out. The type is named as the callee's module
 * names it, so it resolves from there (another file, another crate of the workspace).
 */
import type { CrateIndex, FnRef } from './crate-index.js';
import { resolveCall } from './summaries.js';
import { innerTypePath } from './types.js';

/** A type as written, with the crate and module whose names it uses. */
export interface WrittenType {
  written: string;
  crate: string;
  module: string[];
}

/** The top-level type arguments of `Head<A, B<C>>`: [`A`, `B<C>`]; [] when it has none. */
export function typeArguments(type: string): string[] {
  const open = type.indexOf('<');
  if (open < 0 || !type.endsWith('>')) return [];
  const out: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < type.length - 1; i++) {
    const c = type[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if (c === '>' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(type.slice(start, type.length - 1).trim());
  return out.filter((a) => a && !/^'/.test(a));
}

/** `Head` of `&'a mut path::Head<..>`. */
const headOf = (type: string): string => type.replace(/^&\s*('\w+\s*)?(mut\s+)?/, '').split('<')[0]!.trim().split('::').pop()!;

/** A `Result` or an `Option`, or the crate's alias of one (`AppResult<T>`, `type Result<T> = std::result::Result<T, Error>`). */
function isFallible(index: CrateIndex, crate: string, head: string): boolean {
  if (head === 'Result' || head === 'Option') return true;
  const alias = index.typeAlias(crate, head);
  return !!alias && /^(Result|Option)$/.test(headOf(alias.replace(/^(std|core)::(result|option)::/, '')));
}

/**
 * The type a call's value has, as its callee declares it; `unwrapped`: what `?` / `.unwrap()` took
 * out of its `Result` / `Option`. Undefined when the callees do not all declare the same type, when
 * it is a generic parameter, or when a `Result` is kept whole (its methods are std's, not the crate's).
 */
export function callValueType(index: CrateIndex, ref: FnRef, callIndex: number, unwrapped: boolean, depth: number): WrittenType | undefined {
  const call = ref.fn.calls[callIndex];
  if (!call || depth > 4) return undefined;
  const { targets, byNameOnly } = resolveCall(index, ref, call, depth);
  if (byNameOnly || !targets.length) return undefined;
  const returns = new Set(targets.map((t) => (t.fn.returnType ?? '').replace(/\s+/g, '')));
  if (returns.size !== 1) return undefined;
  const target = targets[0]!;
  const crate = index.crateOf(target.file.path);
  let type = [...returns][0]!.replace(/^&\s*('\w+\s*)?(mut\s+)?/, '');
  for (let hops = 0; type && isFallible(index, crate, headOf(type)) && hops < 3; hops++) {
    if (!unwrapped) return undefined;
    type = typeArguments(type)[0] ?? '';
  }
  const path = type ? innerTypePath(type) : undefined;
  if (!path || (target.fn.typeParams ?? []).includes(path)) return undefined;
  const written = path === 'Self' ? target.fn.owner : path;
  if (!written || target.fn.inTraitDefinition && path === 'Self') return undefined;
  return { written, crate, module: index.moduleAt(target.file, target.fn.module) };
}
