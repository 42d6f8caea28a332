/**
 * The type of the value a call returns, from its callee's declared return type: `let app = req.app();`
 * is what `app()` declares (`&Arc<App>`: an `App`), `let user = repo.find(id).await?;` the `T` of its
 * `Result<Option<T>>` once `?` and `.ok_or(..)?` took it out. The type is named as the callee's module
 * names it, so it resolves from there (another file, another crate of the workspace).
 */
import type { CrateIndex, FnRef } from './crate-index.js';
import { catalogueOffloadsCall, resolveCall } from './summaries.js';
import { innerTypePath } from './types.js';

/** A type as written, with the crate and module whose names it uses. */
export interface WrittenType {
  /** The named type inside references and wrappers (`App` of `&Arc<App>`): what methods are looked up on. */
  written: string;
  crate: string;
  module: string[];
  /** The whole type out of its `Result` / `Option` layers, references and wrappers kept (`&Arc<App>`): what a clone of it copies. */
  full?: string;
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

/** A type as declared, with where its names resolve and, for a generic callee, what its closure argument returns. */
interface Declared {
  type: string;
  crate: string;
  module: string[];
  target?: FnRef;
  /** The call of the caller's fn whose closure argument the callee runs. */
  closureValue?: () => Declared | undefined;
}

/** The type a call's value has as its callee declares it (a crate fn's return type; for the catalogue's offloading calls, their closure's value). */
function declaredValue(index: CrateIndex, ref: FnRef, callIndex: number, depth: number): Declared | undefined {
  const call = ref.fn.calls[callIndex];
  if (!call || depth > 4) return undefined;
  const closureValue = call.closureValue !== undefined ? () => declaredValue(index, ref, call.closureValue!, depth + 1) : undefined;
  const { targets, byNameOnly } = resolveCall(index, ref, call, depth);
  // `tokio::task::spawn_blocking(move || ..).await?`: what the closure returns, once its task is joined.
  if (!targets.length && catalogueOffloadsCall(call)) return closureValue?.();
  if (byNameOnly || !targets.length) return undefined;
  const returns = new Set(targets.map((t) => (t.fn.returnType ?? '').replace(/\s+/g, '')));
  if (returns.size !== 1) return undefined;
  const target = targets[0]!;
  return { type: [...returns][0]!, crate: index.crateOf(target.file.path), module: index.moduleAt(target.file, target.fn.module), target, ...(closureValue ? { closureValue } : {}) };
}

/**
 * `spawn_blocking<F, R>(f: F) -> Result<R> where F: FnOnce() -> Result<R>`: how many `Result` / `Option`
 * layers the closure's return type wraps around the type parameter `param`; undefined when no closure
 * parameter of the fn returns it.
 */
function closureLayers(index: CrateIndex, d: Declared, param: string): number | undefined {
  const bounds = Object.values(d.target?.fn.typeBounds ?? {}).concat(d.target?.fn.params.map((p) => p.type) ?? []);
  for (const b of bounds) {
    const output = /\bFn(?:Once|Mut)?\([^)]*\)->(.+?)(?:\+[A-Z'][\w']*)*$/.exec(b.replace(/\s+/g, ''))?.[1];
    if (!output) continue;
    let t = output;
    let layers = 0;
    for (; t !== param && isFallible(index, d.crate, headOf(t)) && layers < 3; layers++) t = typeArguments(t)[0] ?? '';
    if (t === param) return layers;
  }
  return undefined;
}

/**
 * The type a call's value has, as its callee declares it; `unwrapped`: what `?` / `.unwrap()` took
 * out of its `Result` / `Option`. Undefined when the callees do not all declare the same type, when
 * it is a generic parameter no closure argument fills, or when a `Result` is kept whole (its methods
 * are std's, not the crate's).
 */
export function callValueType(index: CrateIndex, ref: FnRef, callIndex: number, unwrapped: boolean, depth: number): WrittenType | undefined {
  let d = declaredValue(index, ref, callIndex, depth);
  for (let hops = 0; d && hops < 8; hops++) {
    const type = d.type.replace(/^&\s*('\w+\s*)?(mut\s+)?/, '');
    if (isFallible(index, d.crate, headOf(type))) {
      if (!unwrapped) return undefined;
      d = { ...d, type: typeArguments(type)[0] ?? '' };
      continue;
    }
    const path = type ? innerTypePath(type) : undefined;
    if (!path) return undefined;
    if ((d.target?.fn.typeParams ?? []).includes(path)) {
      // The callee hands back what its closure argument returns: that value, less the layers its bound names.
      const layers = closureLayers(index, d, path);
      const filled = layers !== undefined ? d.closureValue?.() : undefined;
      if (!filled) return undefined;
      d = filled;
      for (let k = 0; k < layers! && d; k++) {
        const t: string = d.type.replace(/^&\s*('\w+\s*)?(mut\s+)?/, '');
        d = isFallible(index, d.crate, headOf(t)) ? { ...d, type: typeArguments(t)[0] ?? '' } : undefined;
      }
      continue;
    }
    const target = d.target;
    const self = target?.fn.inTraitDefinition ? undefined : target?.fn.owner;
    const written = path === 'Self' ? self : path;
    if (!written) return undefined;
    const full = d.type.replace(/\bSelf\b/g, self ?? 'Self');
    return { written, crate: d.crate, module: d.module, full };
  }
  return undefined;
}
